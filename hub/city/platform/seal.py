"""SM3 signatures and SM4 body encryption on the platform link (docs/city.md, "Sealed
messages"): :class:`SmSealer`, the city's side.

Every request (``sign`` or ``sign+encrypt``) carries::

    X-Seal-Version: 1
    X-Seal-Mode: sign | sign+encrypt
    X-Seal-Key-Id: the key file's key_id
    X-Seal-Timestamp: Unix seconds (the platform refuses one too far from its clock)
    X-Seal-Nonce: 32 hex digits, fresh for every request, a retry too (replay guard)
    X-Seal-Signature: 64 hex digits, HMAC-SM3(sign_key, string to sign)

The string to sign is these lines joined by ``\\n`` (UTF-8, no newline at the end):
``SEAL1``, the method, the request target (path and query as sent), the key id, the
timestamp, the nonce, the mode, and the hex SM3 of the body bytes as sent (of no bytes
for a GET). With ``sign+encrypt`` the body sent is ``IV (12 bytes) || SM4-GCM
ciphertext || tag (16 bytes)`` of the JSON (no associated data), as
``application/octet-stream``; the signature covers those bytes (encrypt, then sign).

Why SM4-GCM: this build's ``cryptography`` runs SM4 in GCM mode (the AEAD RFC 8998
names for SM4), so the ciphertext carries its own tag and there is no padding to get
wrong; :func:`self_test` proves it (with the standards' known answers) at start and
refuses a build that cannot.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from common.seal_key import SealKey, read_seal_key
from hub.city.errors import CityError
from hub.city.platform.base import Sealer

VERSION = "1"
IV_BYTES = 12
TAG_BYTES = 16


def sm3(data: bytes) -> bytes:
    """The SM3 digest (GB/T 32905) of ``data``."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC (RFC 2104) with SM3 over ``data``."""
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def sm4_gcm_encrypt(key: bytes, iv: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """SM4 (GB/T 32907) in GCM mode: ciphertext || 16-byte tag."""
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    if aad:
        encryptor.authenticate_additional_data(aad)
    return encryptor.update(plaintext) + encryptor.finalize() + encryptor.tag


def string_to_sign(method: str, target: str, key_id: str, timestamp: str, nonce: str, mode: str, body: bytes) -> bytes:
    """What the signature covers (docs/city.md, "Sealed messages")."""
    return "\n".join(("SEAL1", method.upper(), target, key_id, timestamp, nonce, mode, sm3(body).hex())).encode()


class SmSealer(Sealer):
    """Signs every request with HMAC-SM3 and, with ``encrypt``, encrypts its body with SM4-GCM.

    Args:
        key: the link's keys (``encrypt_key`` needed with ``encrypt``).
        encrypt: ``sign+encrypt`` rather than ``sign``.
        clock: Unix seconds (tests).
        nonce: a fresh nonce per call (tests).
    """

    def __init__(
        self,
        key: SealKey,
        *,
        encrypt: bool,
        clock: Callable[[], float] = time.time,
        nonce: Callable[[], str] = lambda: secrets.token_hex(16),
    ) -> None:
        if encrypt and key.encrypt_key is None:
            raise ValueError("sign+encrypt needs an encrypt_key")
        self._key = key
        self._encrypt_key = key.encrypt_key if encrypt else None
        self.mode = "sign+encrypt" if encrypt else "sign"
        self.clock = clock
        self.nonce = nonce

    def __repr__(self) -> str:
        return f"SmSealer(key_id={self._key.key_id!r}, mode={self.mode!r})"

    def seal(self, method: str, target: str, body: bytes | None) -> tuple[bytes | None, dict[str, str]]:
        headers: dict[str, str] = {}
        if body is not None and self._encrypt_key is not None:
            iv = os.urandom(IV_BYTES)
            body = iv + sm4_gcm_encrypt(self._encrypt_key, iv, body)
            headers["Content-Type"] = "application/octet-stream"
        timestamp, nonce = str(int(self.clock())), self.nonce()
        signed = string_to_sign(method, target, self._key.key_id, timestamp, nonce, self.mode, body or b"")
        headers.update(
            {
                "X-Seal-Version": VERSION,
                "X-Seal-Mode": self.mode,
                "X-Seal-Key-Id": self._key.key_id,
                "X-Seal-Timestamp": timestamp,
                "X-Seal-Nonce": nonce,
                "X-Seal-Signature": hmac_sm3(self._key.sign_key, signed).hex(),
            }
        )
        return body, headers


# Known answers the hub checks before it seals anything (as a power-on self-test):
# GB/T 32905-2016 A.1 (SM3 of "abc"), GB/T 32907-2016 A.1 example 1 (SM4, one block with
# key = plaintext) and RFC 8998 A.1 (SM4-GCM).
SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM4_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")
SM4_BLOCK = "681edf34d206965e86b3e94f536e4246"
GCM_IV = bytes.fromhex("00001234567800000000abcd")
GCM_AAD = bytes.fromhex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
GCM_PLAIN = bytes.fromhex("".join(c * 16 for c in "abcdefea"))
GCM_SEALED = (
    "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
    "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
    "83de3541e4c2b58177e065a9bf7b62ec"
)


def self_test() -> None:
    """SM3, SM4 and SM4-GCM give the standards' answers on this build, or one clear error.

    Raises:
        CityError: ``city.platform.seal.unsupported``.
    """
    try:
        block = Cipher(algorithms.SM4(SM4_KEY), modes.ECB()).encryptor()
        ok = (
            sm3(b"abc").hex() == SM3_ABC
            and (block.update(SM4_KEY) + block.finalize()).hex() == SM4_BLOCK
            and sm4_gcm_encrypt(SM4_KEY, GCM_IV, GCM_PLAIN, GCM_AAD).hex() == GCM_SEALED
        )
    except UnsupportedAlgorithm:
        ok = False
    if not ok:
        raise CityError(
            "city.platform.seal.unsupported", "this build's OpenSSL/cryptography lacks SM3, SM4 or SM4-GCM", 2
        )


def sealer_for(mode: str, key_file: str | None) -> Sealer:
    """The link's sealer for ``--platform-seal MODE`` with the key in ``key_file``.

    Raises:
        CityError: the mode is unknown, the key file is missing (``city.platform.seal.no_key``)
            or SM3/SM4 are missing here; ``common.seal_key.SealKeyError`` for a bad file.
    """
    if mode == "off":
        return Sealer()
    if mode not in ("sign", "sign+encrypt"):
        raise CityError("city.platform.seal.mode", f"--platform-seal {mode[:20]!r}: off, sign or sign+encrypt", 2)
    if not key_file:
        raise CityError(
            "city.platform.seal.no_key",
            "--platform-seal needs --platform-key FILE (or systemd LoadCredential=platform-seal:FILE)",
            2,
        )
    self_test()
    encrypt = mode == "sign+encrypt"
    return SmSealer(read_seal_key(Path(key_file), encrypt=encrypt), encrypt=encrypt)


CREDENTIAL = "platform-seal"  # systemd: LoadCredential=platform-seal:/etc/hall-kiosk/platform-seal.toml


def checked_key_file(mode: str, given: str | None) -> str | None:
    """The key file for ``--platform-seal MODE`` (``given``, else systemd's credential),
    absolute and proven to load, so a bad one stops the hub at start; None when ``off``.

    Raises:
        CityError, common.seal_key.SealKeyError: as :func:`sealer_for`.
    """
    if mode == "off":
        return None
    credentials = os.environ.get("CREDENTIALS_DIRECTORY")
    path = given or (os.path.join(credentials, CREDENTIAL) if credentials else None)
    sealer_for(mode, path)
    return os.path.abspath(path) if path else None
