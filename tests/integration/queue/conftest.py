"""Queue services of the kiosk against a real hub subprocess (tests/rigs/hub.py)."""

from tests.rigs.hub import session_hub  # noqa: F401 - fixtures
from tests.rigs.hub import sqlite_hub as hub  # noqa: F401 - SQLite: the PostgreSQL variants are the API tests'
