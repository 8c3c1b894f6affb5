"""The Alembic migrations build exactly ``hub.tables`` (so the two stay in step), and
0004 (pairing codes, follow-ups) goes down and up again."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from hub import db
from hub.tables import metadata


def _config(conn: sa.Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def test_migrated_schema_matches_the_tables(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    try:
        db.migrate(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_pairing_migration_goes_down_and_up(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    try:
        db.migrate(engine)
        with engine.begin() as conn:
            command.downgrade(_config(conn), "0001")
        assert not sa.inspect(engine).has_table("pairing_codes")
        assert not sa.inspect(engine).has_table("followups")
        db.migrate(engine)
        assert {"pairing_codes", "followups"} <= set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_lease_migration_goes_down_and_up(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    try:
        db.migrate(engine)
        with engine.begin() as conn:
            command.downgrade(_config(conn), "0005")
        inspector = sa.inspect(engine)
        assert not inspector.has_table("ticket_leases")
        assert "lease" not in {c["name"] for c in inspector.get_columns("tickets")}
        db.migrate(engine)
        inspector = sa.inspect(engine)
        assert inspector.has_table("ticket_leases")
        assert "lease" in {c["name"] for c in inspector.get_columns("tickets")}
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()
