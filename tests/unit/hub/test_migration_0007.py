"""Migration 0007 (帮办代办 audit steps, 办不成事 reports) goes down to 0006 and up again."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from hub import db

TABLES = {"audit_log", "unresolved_reports"}


def test_audit_and_report_tables_go_down_and_up(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    try:
        db.migrate(engine)
        assert set(sa.inspect(engine).get_table_names()) >= TABLES
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", str(db.MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0006")
        names = set(sa.inspect(engine).get_table_names())
        assert not TABLES & names and "ticket_leases" in names  # 0006's tables stay
        db.migrate(engine)
        assert set(sa.inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()
