"""``connect()``: one way to open a SQLite store (WAL, pragmas, fingerprint, typed errors).

Every store of the terminal (the outbox now; the catalog later) opens its file here so
that all of them agree on the pragmas and on what a storage failure looks like to the
screens: a :class:`StorageError` with a message key a technician can act on

    storage.read_only   the file or its folder cannot be written (read-only mount)
    storage.disk_full   no space left (SQLITE_FULL, ENOSPC, EFBIG)
    storage.not_ours    the file belongs to another program (or is not SQLite at all)
    storage.corrupt     SQLite says the file is damaged
    storage.failed      anything else SQLite or the OS refused (code in ``data``)

Each store has its own ``application_id`` (a 32-bit number in the SQLite header): a new,
empty file gets it stamped, a file with another id (or an unstamped file that already
holds tables) is refused, so pointing a data folder at the wrong file never mixes data.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

from common.errors import KeyedError

Synchronous = Literal["FULL", "NORMAL"]

# SQLite primary result codes (sqlite3.h); Python ≥ 3.11 exposes the extended code as
# ``exc.sqlite_errorcode``, whose low byte is the primary code.
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_CORRUPT = 3, 8, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26

_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class StorageError(KeyedError):
    """The terminal's storage refused a read or a write; nothing was half-written.

    Args:
        key: ``storage.read_only`` / ``storage.disk_full`` / ``storage.not_ours`` /
            ``storage.corrupt`` / ``storage.failed``.
        **data: what a technician needs (``path``, ``code``); never personal data.
    """


def storage_error(exc: BaseException, path: str | Path) -> StorageError:
    """The :class:`StorageError` that says what ``exc`` (sqlite3 or OS) means for ``path``."""
    where = str(path)
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS:
            return StorageError("storage.disk_full", path=where)
        if exc.errno in _READ_ONLY_ERRNOS:
            return StorageError("storage.read_only", path=where)
        return StorageError("storage.failed", path=where, code=errno.errorcode.get(exc.errno or 0, "OSError"))
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        primary = code & 0xFF if isinstance(code, int) else None
        text = str(exc).lower()
        if primary == _SQLITE_FULL or "disk is full" in text:
            return StorageError("storage.disk_full", path=where)
        if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_CANTOPEN) or "readonly" in text:
            return StorageError("storage.read_only", path=where)
        if primary == _SQLITE_NOTADB or "not a database" in text:
            return StorageError("storage.not_ours", path=where)
        if primary == _SQLITE_CORRUPT or "malformed" in text:
            return StorageError("storage.corrupt", path=where)
        return StorageError("storage.failed", path=where, code=getattr(exc, "sqlite_errorname", type(exc).__name__))
    return StorageError("storage.failed", path=where, code=type(exc).__name__)


def connect(
    path: str | Path,
    *,
    application_id: int,
    synchronous: Synchronous = "FULL",
    secure_delete: bool = False,
    busy_timeout_ms: int = 5000,
) -> sqlite3.Connection:
    """Open (creating if needed) a store's SQLite file.

    The connection is in autocommit mode (``isolation_level=None``): writers open their
    own transactions with :func:`transaction`. WAL lets screens read while the sync
    thread writes; ``FULL`` fsyncs every commit (a committed record survives a power
    cut), ``NORMAL`` may lose the last commits on power loss but never corrupts.

    Args:
        path: the file (``":memory:"`` for tests of pure logic).
        application_id: the store's fingerprint (non-zero 32-bit signed int).
        synchronous: ``"FULL"`` or ``"NORMAL"``.
        secure_delete: overwrite freed pages with zeros (stores holding personal data).
        busy_timeout_ms: how long to wait for another connection's write lock.

    Raises:
        StorageError: the file cannot be opened or written, is another program's, or is
            damaged (see the module docstring for the keys).
        ValueError: a programming error in the arguments.
    """
    if synchronous not in ("FULL", "NORMAL"):
        raise ValueError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
    if not application_id or not -(2**31) <= application_id < 2**31:
        raise ValueError("application_id must be a non-zero 32-bit signed integer")
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout_ms / 1000)
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _check_fingerprint(conn, application_id, path)
        if str(path) != ":memory:":
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":  # e.g. a read-only folder: no -wal file can be made
                raise StorageError("storage.read_only", path=str(path))
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA secure_delete = {'ON' if secure_delete else 'OFF'}")
        # Check the header was really readable (a random file fails here, not later).
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, (sqlite3.Error, OSError, StorageError)):
            raise storage_error(exc, path) from None
        raise


def _check_fingerprint(conn: sqlite3.Connection, application_id: int, path: str | Path) -> None:
    current = conn.execute("PRAGMA application_id").fetchone()[0]
    if current == application_id:
        return
    if current == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables == 0:  # a new file: make it ours
            conn.execute(f"PRAGMA application_id = {int(application_id)}")
            return
    raise StorageError("storage.not_ours", path=str(path), found=int(current))


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, path: str | Path = "") -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; on any error ``ROLLBACK`` and a StorageError.

    IMMEDIATE takes the write lock at the start, so two writers never deadlock halfway.
    Errors that are not storage errors (a bug, a ValueError of the caller) pass through
    unchanged after the rollback.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(exc, path) from None
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise storage_error(exc, path) from None
        raise
