"""Backups of a live hub's database and their restore (``kiosk hub backup|restore``).

SQLite: SQLite's online backup API copies the database in one step inside a read
transaction; the hub's database is in WAL mode, where a reader never blocks a writer, so
the hub keeps writing and the copy is one consistent moment (small steps would restart
the copy after every commit of a busy hub and might never end); the copy is checked with ``PRAGMA integrity_check``
and moved into place only then. PostgreSQL: ``pg_dump --format=custom`` (one
consistent snapshot, the hub keeps serving), restored with ``pg_restore
--single-transaction`` into an empty database: all or nothing.

Nothing is overwritten: the backup file and a restored SQLite file must not exist yet,
a PostgreSQL database restored into must be empty. Each copy is made in a temporary file
of its own beside the target (``common.safe_write``; never ``FILE.part``, which may be
someone else's) and linked into place; only a hub database is backed up or restored (a
SQLite file of another program, or of a newer release, is refused).
"""

from __future__ import annotations

import glob
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa

from common.safe_write import UnsafeWrite, new_file
from hub.db import DatabaseRefused, check_sqlite_file, normalize_url


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says what to fix."""


def backup(db_url: str, out: Path) -> str:
    """Back ``db_url`` up into ``out`` (a new file); returns a one-line summary."""
    url = normalize_url(db_url)
    out = Path(out)
    if out.exists() or out.is_symlink():
        raise BackupError(f"{out} exists already: give a new file name (a backup never overwrites)")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a folder")
    try:
        if url.startswith("sqlite"):
            src = _sqlite_path(url)
            _check_hub_file(src)
            return _sqlite_backup(src, out)
        return _pg_dump(url, out)
    except UnsafeWrite as exc:
        raise BackupError(str(exc)) from None


def restore(backup_file: Path, db_url: str) -> str:
    """Restore ``backup_file`` into ``db_url`` (a new SQLite file or an empty
    PostgreSQL database); returns a one-line summary."""
    src = Path(backup_file)
    if not src.is_file():
        raise BackupError(f"{src}: no such backup file")
    url = normalize_url(db_url)
    if url.startswith("sqlite"):
        target = _sqlite_path(url)
        if target.exists():
            raise BackupError(f"{target} exists already: restore into a new file, then point the hub at it")
        if not _is_sqlite(src):
            raise BackupError(f"{src} is not a SQLite backup (a PostgreSQL dump restores with --db postgresql://...)")
        _check_hub_file(src)
        try:
            return _sqlite_backup(src, target, verb="restored")
        except UnsafeWrite as exc:
            raise BackupError(str(exc)) from None
    if _is_sqlite(src):
        raise BackupError(f"{src} is a SQLite backup; restore it with --db FILE.sqlite")
    return _pg_restore(src, url)


# ---- SQLite ------------------------------------------------------------------------------
def _sqlite_path(url: str) -> Path:
    path = sa.make_url(url).database
    if not path or path == ":memory:":
        raise BackupError(f"--db {url}: name a SQLite file")
    return Path(path)


def _check_hub_file(path: Path) -> None:
    """A hub database of a revision this release knows, with tables (not an empty file)."""
    try:
        check_sqlite_file(path)
    except DatabaseRefused as exc:
        raise BackupError(str(exc).replace(" or pass --create to make a new one", "")) from None
    if path.stat().st_size == 0:
        raise BackupError(f"{path} is empty, not a hub database")
    conn = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=rw", uri=True)
    try:
        n = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    finally:
        conn.close()
    if not n:
        raise BackupError(f"{path} holds no tables, not a hub database")


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(16) == b"SQLite format 3\x00"


def _sqlite_backup(src: Path, out: Path, verb: str = "backed up") -> str:
    if not src.is_file():
        raise BackupError(f"{src}: no such database file")
    with new_file(out) as part:  # ours alone, removed on failure; linked to ``out`` at the end
        try:
            source = sqlite3.connect(src, timeout=30)
            try:
                dest = sqlite3.connect(part)
                try:
                    source.backup(dest)
                    dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                    check = dest.execute("PRAGMA integrity_check").fetchone()[0]
                    tables = dest.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
                finally:
                    dest.close()
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise BackupError(f"{src}: {exc}") from None
        if check != "ok":
            raise BackupError(f"the copy of {src} failed its integrity check: {check}")
    return f"{verb} {src} -> {out} ({out.stat().st_size} bytes, {tables} tables, integrity ok)"


# ---- PostgreSQL --------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` of the newest PostgreSQL installed (Debian keeps them
    under /usr/lib/postgresql/<version>/bin), else the one on PATH."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    tool = found[-1] if found else shutil.which(name)
    if tool is None:
        raise BackupError(f"{name} not found: install PostgreSQL's client programs (apt-get install postgresql-client)")
    return tool


def _libpq(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _run(cmd: list[str], what: str) -> None:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=False)
    except OSError as exc:
        raise BackupError(f"{what}: {exc}") from None
    if out.returncode != 0:
        lines = (out.stderr or out.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {lines[-1] if lines else f'exit {out.returncode}'}")


def _pg_dump(url: str, out: Path) -> str:
    with new_file(out) as part:
        _run([pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={part}", _libpq(url)], "pg_dump")
    return f"backed up {sa.make_url(url).database} -> {out} ({out.stat().st_size} bytes, pg_dump custom format)"


def _pg_restore(src: Path, url: str) -> str:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            n = conn.execute(sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar_one()
    except sa.exc.SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise BackupError(f"database {sa.make_url(url).database}: {first}") from None
    finally:
        engine.dispose()
    if n:
        raise BackupError(
            f"database {sa.make_url(url).database} is not empty ({n} tables): restore into a new one (createdb)"
        )
    _run(
        [
            pg_tool("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            f"--dbname={_libpq(url)}",
            str(src),
        ],
        "pg_restore",
    )
    return f"restored {src} -> {sa.make_url(url).database}"
