"""Open the catalog database safely: never another program's file, never a stray file.

Every failure becomes a :class:`CatalogUnavailable` with a key a technician can act on
(``catalog.read_only``, ``catalog.disk_full``, ``catalog.not_ours``, ...) instead of a
``sqlite3`` traceback. The checks read the file before anything is written to it, so a
refused file is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from common.safe_write import new_store_file
from offline_cache.catalog import schema
from offline_cache.catalog.errors import CatalogUnavailable

# SQLite primary result codes (sqlite3.h); extended codes carry them in the low byte.
_SQLITE_PERM, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT = 3, 8, 10, 11
_SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 13, 14, 26

_ERRNO_KEYS = {
    errno.EROFS: "catalog.read_only",
    errno.ENOSPC: "catalog.disk_full",
    errno.EDQUOT: "catalog.disk_full",
    errno.EACCES: "catalog.no_permission",
    errno.EPERM: "catalog.no_permission",
}


def open_connection(path: str | Path, *, create: bool) -> sqlite3.Connection:
    """A connection to the catalog at ``path``, checked to be ours (or new and empty).

    Args:
        path: the database file, or ``":memory:"``.
        create: make the file (and its folder) when missing; False for read-only use
            (``stats``, ``search``): a missing file or an empty database is then
            ``catalog.missing`` and nothing is created.

    Raises:
        CatalogUnavailable: the file cannot be used; it was not changed.
    """
    if str(path) == ":memory:":
        return sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    p = Path(path)
    where = str(p)
    if p.is_dir():
        raise CatalogUnavailable("catalog.not_a_file", path=where)
    if not p.exists():
        if not create:
            raise CatalogUnavailable("catalog.missing", path=where)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            # Empty, owned like its folder when made by root (an import as root into the
            # terminal's data folder must leave a catalog the terminal's user can write).
            new_store_file(p, 0o644)
        except FileExistsError:
            pass  # made meanwhile by another process: checked below like any file
        except OSError as exc:
            raise from_os_error(exc, where) from None
    # mode=rw: a read-only open must not create the file it was given by mistake.
    uri = f"file:{quote(str(p.absolute()))}?mode={'rwc' if create else 'rw'}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise from_sqlite_error(exc, where) from None
    try:
        owner = schema.ownership(conn)
    except sqlite3.Error as exc:
        conn.close()
        raise from_sqlite_error(exc, where) from None
    if owner == "foreign":
        conn.close()
        raise CatalogUnavailable("catalog.not_ours", path=where)
    if owner == "empty" and not create:
        conn.close()
        raise CatalogUnavailable("catalog.missing", path=where)
    return conn


def new_paths(path: str | Path) -> list[Path]:
    """What opening ``path`` with ``create=True`` would make: the database and its WAL
    files, then its missing folders (innermost first); empty when the file exists."""
    db = Path(path)
    if str(path) == ":memory:" or db.exists():
        return []
    files = [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "")]
    folders = []
    parent = db.parent
    while not parent.exists() and parent != parent.parent:
        folders.append(parent)
        parent = parent.parent
    return [*files, *folders]


def remove_quietly(paths: list[Path]) -> None:
    """Undo :func:`new_paths` after a refusal: files, then folders that are still empty."""
    for made in paths:
        try:
            if made.is_dir():
                made.rmdir()  # only when empty: a folder something else filled is kept
            elif made.exists():
                made.unlink()
        except OSError:
            pass  # the refusal already said why; a leftover is not worth a second error


def from_sqlite_error(exc: sqlite3.Error, path: str) -> CatalogUnavailable:
    """A ``sqlite3`` error on the catalog file as a typed error with a key."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    reason = str(exc)[:160]
    if code == _SQLITE_FULL or "database or disk is full" in reason:
        return CatalogUnavailable("catalog.disk_full", path=path)
    if code == _SQLITE_READONLY or "readonly database" in reason:
        return CatalogUnavailable("catalog.read_only", path=path)
    if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
        return CatalogUnavailable("catalog.not_a_database", path=path, error=reason)
    if code == _SQLITE_PERM:
        return CatalogUnavailable("catalog.no_permission", path=path)
    if code in (_SQLITE_CANTOPEN, _SQLITE_IOERR):
        # SQLite does not say why; the file system does.
        return _why_not(path) or CatalogUnavailable("catalog.cannot_open", path=path, error=reason)
    return CatalogUnavailable("catalog.cannot_open", path=path, error=reason)


def from_os_error(exc: OSError, path: str) -> CatalogUnavailable:
    """An ``OSError`` (making the folder, say) as a typed error with a key."""
    key = _ERRNO_KEYS.get(exc.errno or 0)
    if key:
        return CatalogUnavailable(key, path)
    return CatalogUnavailable("catalog.cannot_open", path=path, error=exc.strerror or type(exc).__name__)


def _why_not(path: str) -> CatalogUnavailable | None:
    """Read-only or full file system, or a folder we may not write: from ``statvfs``."""
    folder = Path(path).parent
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    if st.f_flag & os.ST_RDONLY:
        return CatalogUnavailable("catalog.read_only", path=path)
    if st.f_blocks and st.f_bavail == 0:  # /proc and friends have no blocks at all
        return CatalogUnavailable("catalog.disk_full", path=path)
    if not os.access(folder, os.W_OK):
        return CatalogUnavailable("catalog.no_permission", path=path)
    return None
