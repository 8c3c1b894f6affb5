"""The blob folder: material images, sealed, one file per content, named by its sha256.

A blob is written before the row that names it is committed:

    seal -> blobs/.tmp-<uuid> -> write, fsync -> rename to blobs/<sha256> -> fsync folder

so after a crash a row never points at a missing or partial blob; at worst a blob (or a
temp file) nobody names is left, and :meth:`Outbox.sweep` removes it. Content addressing
makes a blob written twice (two cases with the same scan) one file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from pathlib import Path

from offline_cache.db import StorageError, storage_error
from offline_cache.outbox.sealing import Sealer, fsync_dir

_NAME = re.compile(r"^[0-9a-f]{64}$")
TMP_PREFIX = ".tmp-"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Sealed files in one folder.

    Args:
        folder: ``<data dir>/blobs`` (created, mode 0700).
        sealer: the outbox's sealer.

    Thread: the outbox serialises calls (its lock).
    """

    def __init__(self, folder: Path, sealer: Sealer) -> None:
        self.folder = folder
        self._sealer = sealer
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, folder) from None

    def path(self, sha: str) -> Path:
        if not _NAME.match(sha):
            raise StorageError("storage.corrupt", path=str(self.folder), blob=sha[:80])
        return self.folder / sha

    def write(self, data: bytes) -> str:
        """Store ``data`` (if not stored yet); return its sha256. Call :meth:`sync` after.

        Raises:
            StorageError: disk full / read-only; no temp file is left behind.
        """
        sha = sha256_hex(data)
        final = self.path(sha)
        if final.exists():
            return sha
        sealed = self._sealer.seal(data, sha.encode())
        tmp = self.folder / f"{TMP_PREFIX}{uuid.uuid4().hex}"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                view = memoryview(sealed)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.rename(tmp, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise storage_error(exc, self.folder) from None
        return sha

    def sync(self) -> None:
        """Make the renames of :meth:`write` durable (before committing rows naming them)."""
        try:
            fsync_dir(self.folder)
        except OSError as exc:
            raise storage_error(exc, self.folder) from None

    def read(self, sha: str) -> bytes:
        """The plaintext of blob ``sha``.

        Raises:
            StorageError: ``storage.blob_missing`` / ``storage.unsealable`` /
                ``storage.corrupt`` (content does not match its name).
        """
        try:
            sealed = self.path(sha).read_bytes()
        except FileNotFoundError:
            raise StorageError("storage.blob_missing", path=str(self.folder), blob=sha) from None
        except OSError as exc:
            raise storage_error(exc, self.folder) from None
        data = self._sealer.open(sealed, sha.encode())
        if sha256_hex(data) != sha:
            raise StorageError("storage.corrupt", path=str(self.folder), blob=sha)
        return data

    def remove(self, shas: set[str]) -> int:
        """Delete these blobs (missing ones are fine); the number removed."""
        removed = 0
        for sha in shas:
            with contextlib.suppress(FileNotFoundError):
                self.path(sha).unlink()
                removed += 1
        return removed

    def listing(self) -> tuple[set[str], list[Path]]:
        """(names of stored blobs, temp files and anything else that is not a blob)."""
        blobs: set[str] = set()
        strays: list[Path] = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError as exc:
            raise storage_error(exc, self.folder) from None
        for entry in entries:
            if _NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                blobs.add(entry.name)
            elif entry.name.startswith(TMP_PREFIX):
                strays.append(Path(entry.path))
        return blobs, strays
