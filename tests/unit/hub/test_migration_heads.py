"""``hub.db`` reads the migration scripts' revisions without Alembic (so that a command
on an up-to-date database never imports it): what it reads is what Alembic reads, and
a database one revision behind is still brought to the head."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from hub import db


def _scripts() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(db.MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def test_revisions_and_heads_are_alembics() -> None:
    scripts = _scripts()
    assert db.known_revisions() == {s.revision for s in scripts.walk_revisions()}
    assert db.head_revisions() == set(scripts.get_heads())
    for script in scripts.walk_revisions():
        down = script.down_revision
        expected = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        assert db.script_revisions()[script.revision] == expected


def test_a_database_one_revision_behind_is_upgraded(tmp_path: Path) -> None:
    engine = db.make_engine(tmp_path / "hub.sqlite", pool_size=1)
    try:
        db.migrate(engine)
        head = _scripts().get_current_head()
        previous = db.script_revisions()[head][0]
        with engine.begin() as conn:
            cfg = Config()
            cfg.set_main_option("script_location", str(db.MIGRATIONS))
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, previous)
        db.migrate(engine)
        with engine.connect() as conn:
            assert list(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars()) == [head]
    finally:
        engine.dispose()
