"""``kiosk hub backup|restore``: copy a live hub's database to a file, and back into a
new database (hub/backup.py; docs/deployment.md, "Backups").

Registered by ``launcher.cmd_hub`` into its ``hub`` sub-commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def register(hsub: argparse._SubParsersAction, db: argparse.ArgumentParser, guarded: Callable) -> None:
    """Add the commands; ``db`` is the ``--db`` parent, ``guarded`` the one-line-error wrapper."""
    b = hsub.add_parser(
        "backup",
        parents=[db],
        help="copy the hub's database to a new file while the hub runs "
        "(SQLite: the online backup API; PostgreSQL: pg_dump custom format)",
    )
    b.add_argument("--out", required=True, type=Path, metavar="FILE", help="the backup file (must not exist)")
    b.set_defaults(handler=guarded(_backup))
    r = hsub.add_parser(
        "restore",
        parents=[db],
        help="restore a backup into --db: a new SQLite file, or an empty PostgreSQL database (pg_restore)",
    )
    r.add_argument("--from", dest="source", required=True, type=Path, metavar="FILE", help="a `kiosk hub backup` file")
    r.set_defaults(handler=guarded(_restore))


def _fail(message: str) -> int:
    print(f"kiosk hub: {message}", file=sys.stderr)
    return 2


def _backup(args: argparse.Namespace) -> int:
    from hub.backup import BackupError, backup
    from launcher.hub_database import hub_db_url

    try:
        # Without --db: the database the hub service serves (HUB_DB, hub.env, data_dir).
        print(backup(hub_db_url(args), args.out))
    except BackupError as exc:
        return _fail(f"backup: {exc}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from hub.backup import BackupError, restore

    if not args.db:
        return _fail("--db is required: a new SQLite file or an empty PostgreSQL database")
    try:
        print(restore(args.source, args.db))
    except BackupError as exc:
        return _fail(f"restore: {exc}")
    return 0
