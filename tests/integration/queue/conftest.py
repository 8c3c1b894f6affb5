"""Queue services of the kiosk against a real hub subprocess (tests/rigs/hub.py)."""

from tests.rigs.hub import session_hub
from tests.rigs.hub import sqlite_hub as hub
