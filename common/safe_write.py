"""The one way a command writes a file it was given (issue 17): never onto what is not
a plain file of ours.

    write_file(path, data, overwrite=False)    # bytes or text, atomically
    with new_file(path) as tmp: ...            # a writer that needs a path (SQLite backup)

Refused, with the target untouched: a device node (``--wav /dev/null`` as root would
replace the node with a regular file), a FIFO or socket (would hang or vanish), a folder,
an existing file without ``overwrite``, and another program's SQLite database. The data
goes to a temporary file of our own in the same folder (a unique name, never
``PATH.part``, which may be someone's file), is fsynced, and is renamed into place; on
any failure only that temporary file is removed. A replaced file keeps its owner and
mode; a new one made by root in someone else's folder gets the folder's owner, so a
service running as that user can still open it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from common.errors import KeyedError

SQLITE_MAGIC = b"SQLite format 3\x00"

_WHY = {
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "the folder does not exist",
    errno.ENOTDIR: "a part of the path is a file",
    errno.EISDIR: "is a folder",
    errno.ENAMETOOLONG: "the name is too long",
}


class UnsafeWrite(KeyedError):
    """A write that was refused or failed; nothing at the target was changed.

    Args:
        key: ``write.device_node``, ``write.fifo``, ``write.folder``, ``write.exists``,
            ``write.foreign_database``, ``write.no_folder`` or ``write.failed``.
        path: the target.
        reason: the few words after the path (in English; the key is for translation).
    """

    def __init__(self, key: str, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(key, path=self.path, reason=reason)

    def one_line(self) -> str:
        """The path and the few words (what the command prints after ``error:``)."""
        return f"{self.path}: {self.reason}"


def why(exc: OSError) -> str:
    """An OS error in a few words (``read-only file system``, ``disk full`` ...)."""
    return _WHY.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def is_sqlite(path: Path) -> bool:
    """The file starts with SQLite's header (read-only look; False when unreadable)."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def check_target(
    path: str | Path,
    *,
    overwrite: bool = False,
    ours: Callable[[Path], bool] | None = None,
    folder_made: bool = False,
) -> None:
    """Refuse a target that is not (or would not be) a plain file of ours.

    Args:
        path: where the command is about to write.
        overwrite: an existing plain file may be replaced (``--force``).
        ours: says whether an existing SQLite file is ours to replace; without it any
            SQLite file is refused.
        folder_made: the writer makes a missing folder (a first ``kiosk setup`` into
            ``~/.config/hall-kiosk/``), so a missing one is no reason to refuse.

    Raises:
        UnsafeWrite: the reason; nothing was touched.
    """
    p = Path(path)
    try:
        st = os.stat(p)  # follows a symlink: what would really be replaced is its target's name
    except FileNotFoundError:
        if not folder_made and not p.parent.is_dir() and str(p.parent):
            raise UnsafeWrite("write.no_folder", p, f"the folder {p.parent} does not exist") from None
        return
    except OSError as exc:
        raise UnsafeWrite("write.failed", p, f"cannot write here: {why(exc)}") from None
    mode = st.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise UnsafeWrite("write.device_node", p, "is a device, not a file; give a file name")
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        raise UnsafeWrite("write.fifo", p, "is a pipe or socket, not a file; give a file name")
    if stat.S_ISDIR(mode):
        raise UnsafeWrite("write.folder", p, "is a folder; give a file name")
    if not overwrite:
        raise UnsafeWrite("write.exists", p, "exists already; give a new file name (or --force where offered)")
    if is_sqlite(p) and (ours is None or not ours(p)):
        raise UnsafeWrite("write.foreign_database", p, "is a database; it was not overwritten")


def write_file(
    path: str | Path,
    data: bytes | str,
    *,
    overwrite: bool = False,
    mode: int = 0o644,
    ours: Callable[[Path], bool] | None = None,
) -> None:
    """Write all of ``data`` at ``path``, or nothing (see the module docstring).

    Args:
        path: the target file.
        data: bytes, or text written as UTF-8.
        overwrite: replace an existing plain file.
        mode: permission bits of a new file (a replaced file keeps its own).
        ours: see :func:`check_target`.

    Raises:
        UnsafeWrite: refused or failed; the target is as it was.
    """
    blob = data.encode("utf-8") if isinstance(data, str) else data
    with new_file(path, overwrite=overwrite, mode=mode, ours=ours) as tmp, open(tmp, "wb") as f:
        f.write(blob)
        f.flush()
        os.fsync(f.fileno())


@contextlib.contextmanager
def new_file(
    path: str | Path,
    *,
    overwrite: bool = False,
    mode: int = 0o644,
    ours: Callable[[Path], bool] | None = None,
) -> Iterator[Path]:
    """A temporary file of ours beside ``path`` for the caller to fill; moved to
    ``path`` when the block ends without an error, removed otherwise.

    Without ``overwrite`` the move never replaces a file that appeared meanwhile (a
    hard link, which fails on an existing name, instead of a rename).

    Raises:
        UnsafeWrite: refused or failed; the target is as it was.
    """
    target = Path(path)
    check_target(target, overwrite=overwrite, ours=ours)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise UnsafeWrite("write.failed", target, f"cannot write here: {why(exc)}") from None
    tmp = Path(name)
    try:
        yield tmp
        _settle(tmp, target, mode)
        check_target(target, overwrite=overwrite, ours=ours)  # still safe after the work
        if overwrite:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)
    except FileExistsError:
        raise UnsafeWrite("write.exists", target, "exists already; give a new file name") from None
    except OSError as exc:
        raise UnsafeWrite("write.failed", target, f"cannot write here: {why(exc)}") from None
    finally:
        tmp.unlink(missing_ok=True)  # ours alone: a unique name made above


def _settle(tmp: Path, target: Path, mode: int) -> None:
    """Owner and mode for the file about to take ``target``'s name."""
    try:
        old = os.stat(target)
    except OSError:
        old = None
    if old is not None:
        os.chmod(tmp, stat.S_IMODE(old.st_mode))
        owner = (old.st_uid, old.st_gid)
    else:
        os.chmod(tmp, mode)
        folder = os.stat(tmp.parent)
        owner = (folder.st_uid, folder.st_gid)
    if hasattr(os, "geteuid") and os.geteuid() == 0 and owner != (0, 0):
        os.chown(tmp, *owner)


def new_store_file(path: str | Path, mode: int = 0o640) -> None:
    """Create the empty file a SQLite store is about to be built in (never an existing
    one: ``O_EXCL``). Made by root in a service's folder (``kiosk hub token create
    --create --db /var/lib/hall-kiosk/hub.sqlite`` before the hub ever ran), it gets the
    folder's owner, so the service can open it; SQLite then gives the ``-wal`` and
    ``-shm`` files the database file's owner and mode.

    Raises:
        OSError: the file exists or cannot be made (the caller words it).
    """
    p = Path(path)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.fchmod(fd, mode)
        folder = os.stat(p.parent if str(p.parent) else ".")
        if hasattr(os, "geteuid") and os.geteuid() == 0 and (folder.st_uid, folder.st_gid) != (0, 0):
            os.fchown(fd, folder.st_uid, folder.st_gid)
    finally:
        os.close(fd)
