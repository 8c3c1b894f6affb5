"""Hub integration tests run the hub as a real uvicorn subprocess (tests/rigs/hub.py),
on SQLite and on a throw-away PostgreSQL cluster (tests/rigs/postgres.py)."""

from tests.rigs.hub import hub, module_hub, session_hub, sqlite_hub
from tests.rigs.postgres import pg_cluster
