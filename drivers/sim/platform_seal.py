"""The platform's side of the seal (docs/city.md, "Sealed messages"): check the
HMAC-SM3 signature, the clock and the nonce of a request, then decrypt its SM4-GCM body.
Written from the document, not imported from the hub: a second reading of the format.

Every refusal is a :class:`SealRefused` the simulator answers with 401 and its code
(the city keeps the message and sends it again, as for a 503):

- ``platform.seal.missing``: a seal header is missing or malformed, or the mode is not
  the one this platform asks for;
- ``platform.seal.key_id``: a key id this platform does not know;
- ``platform.seal.stale``: a timestamp further than the window from the platform's clock;
- ``platform.seal.signature``: the signature does not match (a changed byte, another key);
- ``platform.seal.replay``: a nonce already seen within the window;
- ``platform.seal.decrypt``: a signed body that does not decrypt (another SM4 key).
"""

from __future__ import annotations

import hmac as std_hmac
import re
import threading
import time
from collections.abc import Callable, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from common.seal_key import SealKey

NONCE_RE = re.compile(r"^[0-9a-f]{32}$")
IV, TAG = 12, 16


class SealRefused(Exception):
    """A request whose seal does not hold: ``code`` (``platform.seal.*``) and why."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


def sm3_hex(data: bytes) -> str:
    """Hex SM3 (GB/T 32905) of ``data``."""
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def sm4_gcm_open(key: bytes, sealed: bytes, aad: bytes = b"") -> bytes:
    """``IV || ciphertext || tag`` (SM4-GCM, GB/T 32907) back to the plaintext.

    Raises:
        InvalidTag: another key, or a changed byte.
    """
    if len(sealed) < IV + TAG:
        raise InvalidTag()
    iv, data, tag = sealed[:IV], sealed[IV:-TAG], sealed[-TAG:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(iv, tag)).decryptor()
    if aad:
        decryptor.authenticate_additional_data(aad)
    return decryptor.update(data) + decryptor.finalize()


class SealOpener:
    """Opens sealed requests for one key and mode (``sign`` or ``sign+encrypt``).

    Args:
        key: the platform's copy of the city's keys.
        mode: what the platform asks for.
        window_s: how far a timestamp may be from ``clock``; nonces are kept this long.
        clock: Unix seconds (tests).

    Thread: any (the simulator's handler threads); the nonces are kept under a lock.
    """

    def __init__(self, key: SealKey, mode: str, *, window_s: float = 300.0, clock: Callable[[], float] = time.time):
        if mode == "sign+encrypt" and key.encrypt_key is None:
            raise ValueError("sign+encrypt needs an encrypt_key")
        self.key = key
        self.mode = mode
        self.window_s = window_s
        self.clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def open(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> bytes:
        """The plain body of a sealed request (``body`` as is when only signed).

        Args:
            method, target: the request line's method and target, as received.
            headers: the request's headers, names in lower case.
            body: the bytes received.

        Raises:
            SealRefused: see the module's list.
        """
        seal = {name: headers.get(f"x-seal-{name.lower()}", "") for name in ("Version", "Mode", "Key-Id", "Timestamp")}
        nonce, signature = headers.get("x-seal-nonce", ""), headers.get("x-seal-signature", "")
        if seal["Version"] != "1" or seal["Mode"] != self.mode or not NONCE_RE.match(nonce):
            raise SealRefused("platform.seal.missing", f"this platform takes seal version 1, mode {self.mode}")
        if seal["Key-Id"] != self.key.key_id:
            raise SealRefused("platform.seal.key_id", "unknown key id")
        if not seal["Timestamp"].isdigit() or abs(int(seal["Timestamp"]) - self.clock()) > self.window_s:
            raise SealRefused("platform.seal.stale", f"timestamp more than {self.window_s:g} s from the platform's")
        lines = ["SEAL1", method, target, seal["Key-Id"], seal["Timestamp"], nonce, seal["Mode"], sm3_hex(body)]
        mac = hmac.HMAC(self.key.sign_key, hashes.SM3())
        mac.update("\n".join(lines).encode())
        if not std_hmac.compare_digest(mac.finalize().hex(), signature.lower()):
            raise SealRefused("platform.seal.signature", "the signature does not match the request")
        self._remember(nonce, int(seal["Timestamp"]))
        if self.mode != "sign+encrypt" or not body:
            return body
        assert self.key.encrypt_key is not None  # checked in __init__
        try:
            return sm4_gcm_open(self.key.encrypt_key, body)
        except InvalidTag:
            raise SealRefused("platform.seal.decrypt", "the body does not decrypt with this platform's key") from None

    def _remember(self, nonce: str, timestamp: int) -> None:
        now = self.clock()
        with self._lock:
            if nonce in self._seen:
                raise SealRefused("platform.seal.replay", "this nonce was used before")
            self._seen[nonce] = timestamp
            # Oldest first (insertion order): past the window a replay is refused as stale anyway.
            while (oldest := next(iter(self._seen.items()))) and oldest[1] < now - self.window_s:
                del self._seen[oldest[0]]
