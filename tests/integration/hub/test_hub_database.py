"""The hub's database layer on PostgreSQL too: the migration matches hub/tables.py, URLs
are read as documented, and the token CLI works against a PostgreSQL URL."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from hub import db
from hub.tables import metadata
from tests.rigs.hub import kiosk_cli
from tests.rigs.postgres import PostgresCluster, fresh_database


@pytest.mark.slow
def test_postgres_migration_matches_tables(pg_cluster: PostgresCluster) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    url = fresh_database(pg_cluster, "mig")
    engine = db.make_engine(url, pool_size=1)
    try:
        db.migrate(engine)
        db.migrate(engine)
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            assert conn.execute(sa.text("SELECT value FROM meta WHERE key = 'event_seq'")).scalar() == 0
    finally:
        engine.dispose()


@pytest.mark.slow
def test_token_cli_on_postgres(pg_cluster: PostgresCluster) -> None:
    url = fresh_database(pg_cluster, "tok").replace("postgresql+psycopg://", "postgresql://")
    out = kiosk_cli("hub", "token", "create", "--db", url, "--terminal", "board-1", "--role", "display")
    token = out.stdout.strip().splitlines()[-1]
    assert len(token) >= 40 and " " not in token
    rows = [json.loads(line) for line in kiosk_cli("hub", "token", "list", "--db", url, "--json").stdout.splitlines()]
    assert [(r["terminal"], r["role"], r["window"], r["revoked_at"]) for r in rows] == [
        ("board-1", "display", None, None)
    ]
    assert token not in json.dumps(rows)


def test_database_urls() -> None:
    assert db.normalize_url("/var/lib/hub.sqlite") == "sqlite:////var/lib/hub.sqlite"
    assert db.normalize_url("postgresql://u@h:5432/d") == "postgresql+psycopg://u@h:5432/d"
    assert db.normalize_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(db.DatabaseUrlError, match="give a SQLite file path"):
        db.normalize_url("mysql://u@h/d")


def test_unreachable_database_is_one_line(tmp_path) -> None:
    from tests.helpers import run_kiosk

    out = run_kiosk("hub", "token", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kiosk hub: database postgresql://nobody@127.0.0.1:1/none: ")
