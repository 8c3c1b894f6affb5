"""Migration 0009 (the city tier) goes down and up again, and leaves ``hub.tables`` whole."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from hub import db
from hub.tables import metadata

CITY_TABLES = {
    "city_link",
    "city_outbox",
    "case_official",
    "city_halls",
    "city_pairing",
    "city_links",
    "city_cases",
    "city_case_blobs",
    "city_evaluations",
    "city_updates",
    "platform_outbox",
    "platform_state",
    "rectifications",
    "city_reports",
    "city_hall_status",
}


def test_city_migration_goes_down_and_up(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    try:
        db.migrate(engine)
        cfg = Config()
        cfg.set_main_option("script_location", str(db.MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0007")
        assert not CITY_TABLES & set(sa.inspect(engine).get_table_names())
        db.migrate(engine)
        assert set(sa.inspect(engine).get_table_names()) >= CITY_TABLES
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()
