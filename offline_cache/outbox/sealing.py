"""Sealing: AES-256-GCM over a record's whole body and over each blob.

The simplest honest design: the caller names the personal fields, but the outbox seals
the *whole* body (JSON) rather than field by field, so a field nobody thought personal
(a note, a free-text reason) is protected too, and no plaintext structure leaks. What
stays readable is a separate, non-personal summary (see ``records.summary``).

    sealed = nonce (12 random bytes) || ciphertext || tag (16 bytes)
    associated data: record id + kind for a body, the plaintext's sha256 for a blob

so a sealed body moved onto another record (or a blob renamed) does not open.

The key is 32 random bytes in its own file (``outbox.key``, mode 0600), created on first
run atomically (temp file, fsync, hard link: two processes starting together end with
the same key). A key file of the wrong size, or readable by group or others, is refused
with a clear error rather than used or silently replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_cache.db import StorageError, storage_error

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16


class Sealer:
    """Seals and opens bytes with one key.

    Args:
        key: 32 bytes.

    Thread: any (AESGCM objects are stateless).
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_SIZE:
            raise StorageError("storage.key_invalid", size=len(key), expected=KEY_SIZE)
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, associated: bytes) -> bytes:
        """``nonce || ciphertext || tag`` of ``plaintext`` bound to ``associated``."""
        nonce = os.urandom(NONCE_SIZE)  # random 96-bit nonces: safe far beyond 2^32 seals per key
        return nonce + self._aead.encrypt(nonce, plaintext, associated)

    def open(self, sealed: bytes, associated: bytes) -> bytes:
        """The plaintext of ``sealed``.

        Raises:
            StorageError: ``storage.unsealable`` — damaged, tampered with, sealed with
                another key, or moved to another record.
        """
        if len(sealed) < NONCE_SIZE + TAG_SIZE:
            raise StorageError("storage.unsealable", size=len(sealed))
        try:
            return self._aead.decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], associated)
        except InvalidTag:
            raise StorageError("storage.unsealable", size=len(sealed)) from None


def load_or_create_key(path: str | Path, *, create: bool = True) -> bytes:
    """The key in ``path``; a new random one written there first if there is none.

    Args:
        path: the key file (``<data dir>/outbox.key``).
        create: False when a missing key must be an error (records sealed with it exist).

    Raises:
        StorageError: ``storage.key_missing`` (absent and ``create`` is False),
            ``storage.key_invalid`` (not 32 bytes / not a regular file),
            ``storage.key_exposed`` (group or others may read it: fix with chmod 600),
            ``storage.key_symlink`` (a symbolic link instead of the file),
            or the storage keys of :func:`offline_cache.db.storage_error`.
    """
    path = Path(path)
    try:
        return _read_key(path)
    except FileNotFoundError:
        if not create:
            raise StorageError("storage.key_missing", path=str(path)) from None
    except OSError as exc:
        # O_NOFOLLOW: a symlink in place of the key (someone pointing it elsewhere) is
        # refused, with a key the screens and the log can name (issue 17).
        if exc.errno == errno.ELOOP:
            raise StorageError("storage.key_symlink", path=str(path)) from None
        raise storage_error(exc, path) from None
    try:
        _create_key(path)
        return _read_key(path)
    except OSError as exc:
        raise storage_error(exc, path) from None


def _read_key(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StorageError("storage.key_invalid", path=str(path), size=-1, expected=KEY_SIZE)
        if info.st_mode & 0o077:
            raise StorageError("storage.key_exposed", path=str(path), mode=oct(info.st_mode & 0o777))
        data = os.read(fd, KEY_SIZE + 1)
    finally:
        os.close(fd)
    if len(data) != KEY_SIZE:
        raise StorageError("storage.key_invalid", path=str(path), size=len(data), expected=KEY_SIZE)
    return data


def _create_key(path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            os.fchmod(fd, 0o600)  # whatever the umask was
            view = memoryview(os.urandom(KEY_SIZE))
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # atomic and never replaces: a racing creator's key wins
        except FileExistsError:
            pass
        fsync_dir(path.parent)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def fsync_dir(folder: Path) -> None:
    """Make a rename/link/unlink in ``folder`` durable (the directory entry itself)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
