"""The hub's database: engine with the right pragmas, write transactions that lock
early, and Alembic migrations run from code.

SQLite (the default, one hall): WAL, ``synchronous=NORMAL`` (a power cut may lose the
last commits but never corrupts; the hall's queue survives a crash of the process
whole), a busy timeout, and every write transaction starts with ``BEGIN IMMEDIATE`` so
two writers never both read and then fail to upgrade their lock. PostgreSQL (city
scale): READ COMMITTED with explicit row locks (``hub.store``).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError as DatabaseFailure  # noqa: F401 - the CLI catches it by this name

from common.safe_write import new_store_file

MIGRATIONS = Path(__file__).with_name("migrations")
READ = {"hub_read": True}


class DatabaseUrlError(ValueError):
    """The ``--db`` value names no database the hub can use."""


class DatabaseRefused(DatabaseUrlError):
    """The database exists but is not the hub's, or is of a schema this release does
    not know (a newer release's), or does not exist and was not to be created. Nothing
    in it was changed."""


def normalize_url(url: str | Path) -> str:
    """A SQLAlchemy URL from ``--db``: a plain path means a SQLite file."""
    text = str(url)
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser().resolve()}"
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if not text.startswith(("sqlite", "postgresql+psycopg://")):
        raise DatabaseUrlError(
            f"--db {text!r}: give a SQLite file path, sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"
        )
    return text


def make_engine(url: str | Path, *, pool_size: int = 20, create: bool = True) -> Engine:
    """An engine for ``url`` with the hub's connection settings.

    A SQLite file is checked before anything is written to it (the connection's WAL
    pragma writes the header): another program's file, or one of a newer release, is
    refused untouched.

    Args:
        url: ``--db`` as given.
        pool_size: connections kept.
        create: make a missing SQLite file (and its folder); False refuses it instead,
            so a mistyped ``--db`` creates nothing.

    Raises:
        DatabaseRefused: missing (``create=False``), not the hub's, or newer.
        DatabaseUrlError: the URL names no database the hub can use.
    """
    url = normalize_url(url)
    if url.startswith("sqlite"):
        parsed = sa.make_url(url)
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            if path.exists() or not create:
                check_sqlite_file(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(FileExistsError):  # another process made it: checked next open
                    new_store_file(path, 0o640)  # the folder's owner when root; cases are personal data
        engine = sa.create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_reset_on_return=None,
            connect_args={"check_same_thread": False, "timeout": 30},
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # Every use of a connection is a transaction that ends in COMMIT or ROLLBACK (write(),
    # read()), so the pool's reset-on-return ROLLBACK is a wasted round trip; a dropped
    # server connection fails one request (HubUnavailable at the terminal, which retries)
    # and is replaced, so no pre-ping round trip on every checkout either.
    # The pool matches the worker's request threads (HubSettings.pool_size): connections
    # made beyond it are closed on return, and a new PostgreSQL connection costs a process.
    return sa.create_engine(url, pool_size=pool_size, max_overflow=10, pool_reset_on_return=None, pool_recycle=3600)


def _sqlite_connect(dbapi_conn, _record) -> None:
    # The driver's own transaction handling is off; _sqlite_begin issues BEGIN itself.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    read = conn.get_execution_options().get("hub_read", False)
    conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


# SQLite: the writers of one process take turns here before BEGIN IMMEDIATE. Left to
# SQLite, threads that find the database locked sleep in its busy handler (1, 2, 5 ... 100
# ms steps) and p95 latency goes to seconds under 50 clients; a lock hands over at once.
# Other processes (workers, the CLI) still meet at SQLite's own lock with busy_timeout.
_sqlite_writers = threading.Lock()


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction (SQLite: BEGIN IMMEDIATE); commits on success."""
    if engine.dialect.name == "sqlite":
        with _sqlite_writers, engine.begin() as conn:
            yield conn
    else:
        with engine.begin() as conn:
            yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (SQLite: a deferred BEGIN, readers never block writers)."""
    with engine.connect() as conn:
        conn = conn.execution_options(**READ)
        with conn.begin():
            yield conn


def script_revisions() -> dict[str, tuple[str, ...]]:
    """Each revision this release's migrations define -> the revisions it follows.

    Read from the scripts' ``revision = ...`` / ``down_revision = ...`` lines, as
    Alembic reads them, without importing Alembic (~0.5 s): a command on a database
    that is already up to date never needs it. A test holds it equal to Alembic's view.
    """
    import ast
    import re

    found: dict[str, tuple[str, ...]] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*(?::[^=]*)?=\s*(.+)$", text, re.MULTILINE)
        down = re.search(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", text, re.MULTILINE)
        if rev is None:
            continue  # __init__.py
        before = ast.literal_eval(down.group(1).strip()) if down else None
        if before is None:
            before = ()
        found[ast.literal_eval(rev.group(1).strip())] = (before,) if isinstance(before, str) else tuple(before)
    return found


def known_revisions() -> set[str]:
    """The Alembic revisions this release's migrations define."""
    return set(script_revisions())


def head_revisions() -> set[str]:
    """The newest revision(s): those no other revision follows."""
    revisions = script_revisions()
    followed = {before for befores in revisions.values() for before in befores}
    return set(revisions) - followed


def check_schema(where: str, tables: set[str], revisions: list[str]) -> None:
    """Refuse a database that is not the hub's or is of a revision this release does
    not know. ``tables`` and ``revisions`` (of ``alembic_version``) as read from it;
    no tables at all is a new, empty database.

    Raises:
        DatabaseRefused: another program's database, or a newer release's.
    """
    if not tables - {"alembic_version"} and not revisions:
        return  # new, or migrated down to nothing
    if "alembic_version" not in tables or "tokens" not in tables:
        raise DatabaseRefused(f"{where} is not a hub database (another program's tables); it was not touched")
    unknown = [rev for rev in revisions if rev not in known_revisions()]
    if unknown or not revisions:
        raise DatabaseRefused(
            f"{where} has schema revision {', '.join(unknown) or 'none'}, which this release does not know "
            "(a newer release's database?): it was not touched; upgrade hall-kiosk or give another database"
        )


def check_sqlite_file(path: Path) -> None:
    """Check a hub SQLite file without writing to it (read-only open).

    Raises:
        DatabaseRefused: missing, a folder, not SQLite, not the hub's, or newer.
    """
    import sqlite3
    from urllib.parse import quote

    if not path.exists():
        raise DatabaseRefused(
            f"database {path} does not exist: give the hub's database (--db, HUB_DB in hub.env) "
            "or pass --create to make a new one"
        )
    if not path.is_file():
        raise DatabaseRefused(f"database {path} is not a file")
    if path.stat().st_size == 0:
        return  # a new empty file (made by touch or a previous --create)
    try:
        # mode=rw, only reads: a read-only open of a WAL file would leave -wal/-shm behind
        conn = sqlite3.connect(f"file:{quote(str(path.absolute()))}?mode=rw", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revisions = (
                [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
                if "alembic_version" in tables
                else []
            )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise DatabaseRefused(f"database {path}: not a hub database ({exc})") from None
    check_schema(str(path), tables, revisions)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent; safe on every start).

    Raises:
        DatabaseRefused: the database is another program's or a newer release's; it
            was not changed.
    """
    with engine.begin() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        revisions = (
            list(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())
            if "alembic_version" in tables
            else []
        )
        where = engine.url.render_as_string(hide_password=True)
        check_schema(where if engine.dialect.name != "sqlite" else str(engine.url.database), tables, revisions)
        if revisions and set(revisions) == head_revisions():
            return  # up to date: nothing for Alembic to do (and no need to import it)
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
