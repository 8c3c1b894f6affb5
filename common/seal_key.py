"""The platform link's seal key file (docs/city.md, "Sealed messages"): read and checked.

Both ends read the same file: the city hub to sign and encrypt what it sends, the
platform simulator to verify and decrypt it. Stdlib only (TOML and hex), so both may
import it; the cryptography lives with each end. ::

    key_id = "XA-CITY-01"        # names the key to the platform (X-Seal-Key-Id)
    sign_key = "64 hex digits"   # HMAC-SM3 key: 32 bytes (16 to 64 accepted)
    encrypt_key = "32 hex digits"  # SM4 key: 16 bytes; needed for sign+encrypt

A key is never shown: errors name the file and the field, never its value, and a
:class:`SealKey`'s repr leaves the keys out.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from common.errors import KeyedError

MAX_FILE = 64 * 1024
SIGN_KEY_BYTES = (16, 64)
ENCRYPT_KEY_BYTES = 16  # SM4 is a 128-bit block cipher with a 128-bit key (GB/T 32907)
KEY_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
MODES = ("off", "sign", "sign+encrypt")


class SealKeyError(KeyedError):
    """The key file is missing, exposed or malformed (``seal.key.*``; never its values)."""


@dataclass(frozen=True)
class SealKey:
    """One link's keys. ``encrypt_key`` is None when the file has none."""

    key_id: str
    sign_key: bytes = field(repr=False)
    encrypt_key: bytes | None = field(repr=False, default=None)


def read_seal_key(path: Path, *, encrypt: bool) -> SealKey:
    """The keys in ``path``; ``encrypt``: the SM4 key is required too.

    Raises:
        SealKeyError: ``seal.key.unreadable``, ``seal.key.exposed`` (other users may
            read it), ``seal.key.not_toml``, ``seal.key.field`` (a field missing or
            malformed; the value is never quoted).
    """
    where = str(path)
    try:
        with path.open("rb") as f:
            if stat.S_IMODE(os.fstat(f.fileno()).st_mode) & stat.S_IROTH:
                raise SealKeyError("seal.key.exposed", path=where, fix="chmod o-rwx")
            raw = f.read(MAX_FILE + 1)
    except OSError as exc:
        raise SealKeyError("seal.key.unreadable", path=where, reason=exc.strerror or type(exc).__name__) from None
    if len(raw) > MAX_FILE:
        raise SealKeyError("seal.key.not_toml", path=where, reason="over 64 KiB")
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        # tomllib's message can quote the line it stumbled on: a key's line, maybe.
        raise SealKeyError("seal.key.not_toml", path=where, reason='not a TOML file of key = "value" lines') from None
    key_id = doc.get("key_id")
    if not isinstance(key_id, str) or not KEY_ID_RE.match(key_id):
        raise SealKeyError("seal.key.field", path=where, field="key_id", need="1-64 of A-Z a-z 0-9 . _ -")
    sign_key = _hex(doc, "sign_key", where, *SIGN_KEY_BYTES)
    encrypt_key = None
    if encrypt or "encrypt_key" in doc:
        encrypt_key = _hex(doc, "encrypt_key", where, ENCRYPT_KEY_BYTES, ENCRYPT_KEY_BYTES)
    return SealKey(key_id, sign_key, encrypt_key)


def _hex(doc: dict, name: str, where: str, low: int, high: int) -> bytes:
    value = doc.get(name)
    need = f"{low * 2} hex digits" if low == high else f"{low * 2} to {high * 2} hex digits"
    if not isinstance(value, str):
        raise SealKeyError("seal.key.field", path=where, field=name, need=need)
    try:
        key = bytes.fromhex(value)
    except ValueError:
        raise SealKeyError("seal.key.field", path=where, field=name, need=need) from None
    if not low <= len(key) <= high:
        raise SealKeyError("seal.key.field", path=where, field=name, need=need)
    return key
