"""Migration 0003 creates exactly the tables and columns hub/tables.py declares, and the
demo licences under the person keys a demo terminal computes."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from hub import db
from hub.tables import metadata
from kiosk.config.settings import HubSettings
from kiosk.queue.connection import HubConnection

NEW = (
    "idempotency",
    "case_counters",
    "cases",
    "case_blobs",
    "case_updates",
    "heartbeats",
    "help_requests",
    "licences",
    "catalog_versions",
    "catalog_items",
)


def test_migrated_tables_match_the_declared_ones(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    db.migrate(engine)
    db.migrate(engine)  # idempotent
    inspector = sa.inspect(engine)
    for name in NEW:
        declared = metadata.tables[name]
        columns = {c["name"]: c for c in inspector.get_columns(name)}
        assert set(columns) == {c.name for c in declared.columns}, name
        for column in declared.columns:
            assert columns[column.name]["nullable"] == (column.nullable and not column.primary_key), (name, column.name)
        assert set(inspector.get_pk_constraint(name)["constrained_columns"]) == {c.name for c in declared.primary_key}
        assert {i["name"] for i in inspector.get_indexes(name)} == {i.name for i in declared.indexes}, name
    engine.dispose()


def test_demo_licences_are_stored_by_person_key_never_by_number(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    db.migrate(engine)
    conn_key = HubConnection("http://x", "t", person_secret=HubSettings().person_key).person_key
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT person, type_name FROM licences")).all()
        dump = "\n".join(str(r) for r in rows)
    assert {r.type_name for r in rows if r.person == conn_key("610103188001010012")} == {"居民户口簿", "结婚证"}
    assert "610103188001010012" not in dump and "610113188001010023" not in dump
    engine.dispose()
