"""What every ``kiosk hub`` admin command shares: the ``--create`` flag and opening the
hub's database for one command.

Its own module so that ``launcher.cmd_hub`` (which registers the other ``cmd_hub_*``
modules) and those modules import it, not each other (issue 15: no import cycle).
hub (FastAPI, SQLAlchemy: ~1 s) is imported only when a database is opened.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from typing import Any


def add_create_flag(parser: argparse.ArgumentParser) -> None:
    """``--create``: the one way an admin command makes a new, empty hub database."""
    parser.add_argument(
        "--create",
        action="store_true",
        help="make a new, empty hub database if --db names none (otherwise a missing database is an error)",
    )


def db_url(args: argparse.Namespace) -> str:
    """The database the command works on (``--db``, else ``launcher.hub_database``'s rule)."""
    from launcher.hub_database import hub_db_url

    return hub_db_url(args)


@contextlib.contextmanager
def open_database(args: argparse.Namespace) -> Iterator[Any]:
    """The hub's database for one command, migrated, and disposed when the command is
    done: a pooled PostgreSQL connection left open at exit is a ResourceWarning."""
    from hub import db

    # Only with --create: a mistyped --db (or a missing data folder) must not quietly
    # become a new, empty hub whose token list is empty (issue 17).
    engine = db.make_engine(db_url(args), pool_size=2, create=getattr(args, "create", False))
    try:
        db.migrate(engine)
        yield engine
    finally:
        engine.dispose()
