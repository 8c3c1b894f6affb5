"""A virtual 社保卡 attached to the real pcscd through vsmartcard-vpcd (HARDWARE.md §2).

vpcd (the reader driver inside pcscd) listens on TCP 35963 for slot 0 and 35964 for
slot 1; a card "is inserted" while a program holds a connection to it. Every message
is a 2-byte big-endian length and a payload; a 1-byte payload is a control code
(0 power off, 1 power on, 2 reset, 4 send ATR), anything longer is a command APDU.

    with VirtualSocialSecurityCard() as card:     # inserted into "Virtual PCD 00 00"
        ...                                        # read with PcscSocialSecurityCardReader
        card.remove(); card.insert()

Run alone: ``python -m drivers.sim.social_card_sim`` inserts the card and serves until
Ctrl-C (needs pcscd with vsmartcard-vpcd running).
"""

from __future__ import annotations

import argparse
import socket
import struct
import threading
import time

from drivers.errors import ProtocolError
from drivers.sim.running import run_until_interrupted
from drivers.smartcard.apdu import DEFAULT_PLAN, ReadPlan, encode_record, encode_response, parse_command
from drivers.smartcard.base import SocialSecurityCard

VPCD_PORT = 35963


def _with_tck(atr: bytes) -> bytes:
    """Append TCK: XOR of T0..last historical byte is 0 when T=1 is offered (7816-3 §8.2.5)."""
    tck = 0
    for b in atr[1:]:
        tck ^= b
    return atr + bytes([tck])


# T0=88: TD1 follows, 8 historical bytes; TD1=80: TD2 follows, T=0; TD2=01: T=1.
# Historical bytes "SSCARDSM" (social security card, simulator) tell it apart in logs.
DEFAULT_ATR = _with_tck(bytes.fromhex("3B888001") + b"SSCARDSM")
# Fictional people for the demo and tests (check digits are valid, nobody real).
PEOPLE = (
    SocialSecurityCard(card_number="S61010301", ssn="610103188001010012", name="张三丰"),
    SocialSecurityCard(card_number="S11010502", ssn="11010519491231002X", name="李四"),
)

_CTRL_OFF, _CTRL_ON, _CTRL_RESET, _CTRL_ATR = 0, 1, 2, 4
# pcscd polls a vpcd slot for presence every 400 ms; a card put back sooner than one
# poll after it left is never seen to have left (and is not powered up again).
MIN_OUT_S = 1.0


class CardFileSystem:
    """The card's files and its selection state; answers one command APDU at a time."""

    def __init__(self, card: SocialSecurityCard, plan: ReadPlan = DEFAULT_PLAN) -> None:
        self.plan = plan
        self.files: dict[int, dict[int, bytes]] = {}
        for name in ("card_number", "ssn", "name"):
            spec = getattr(plan, name)
            self.files.setdefault(spec.ef, {})[spec.record] = encode_record(spec, getattr(card, name))
        self.reset()

    def reset(self) -> None:
        """Power-on state: nothing selected."""
        self.in_ddf = False
        self.ef: int | None = None

    def answer(self, apdu: bytes) -> bytes:
        """The response APDU to ``apdu``."""
        try:
            cmd = parse_command(apdu)
        except ProtocolError:
            return encode_response(sw=0x6700)  # wrong length
        if cmd.cla != 0x00:
            return encode_response(sw=0x6E00)
        if cmd.ins == 0xA4 and cmd.p1 == 0x04:
            if cmd.data != self.plan.ddf_name:
                return encode_response(sw=0x6A82)
            self.in_ddf, self.ef = True, None
            return encode_response()
        if cmd.ins == 0xA4 and cmd.p1 in (0x00, 0x02) and len(cmd.data) == 2:
            fid = int.from_bytes(cmd.data, "big")
            if not self.in_ddf or fid not in self.files:
                return encode_response(sw=0x6A82)
            self.ef = fid
            return encode_response()
        if cmd.ins == 0x20:
            return encode_response()  # any PIN passes on the demo card
        if cmd.ins == 0xB2:
            if self.ef is None:
                return encode_response(sw=0x6986)  # no current EF
            record = self.files[self.ef].get(cmd.p1)
            if record is None or cmd.p2 != 0x04:
                return encode_response(sw=0x6A83)
            if cmd.le is not None and cmd.le != 256 and cmd.le != len(record):
                return encode_response(sw=0x6C00 | len(record))  # wrong Le: say the right one
            return encode_response(record)
        return encode_response(sw=0x6D00)


class VirtualSocialSecurityCard:
    """A 社保卡 that a test or the demo inserts into and removes from vpcd's slot.

    Args:
        host: where vpcd listens (pcscd runs the vpcd driver).
        port: 35963 for slot 0 ("Virtual PCD 00 00"), 35964 for slot 1.
        card: the holder's data; a fictional person by default.
        plan: record layout (the same :class:`ReadPlan` the driver uses).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = VPCD_PORT,
        card: SocialSecurityCard = PEOPLE[0],
        plan: ReadPlan = DEFAULT_PLAN,
    ) -> None:
        self.host, self.port = host, port
        self.card, self.plan = card, plan
        self.received: list[bytes] = []  # command APDUs seen, for golden-sequence tests
        self._fs = CardFileSystem(card, plan)
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._pull_after: int | None = None
        self._fail: dict[int, int] = {}
        self._powered = threading.Event()
        self._removed_at = 0.0
        self._mute: int | None = None
        self._unmute = threading.Event()

    @property
    def url(self) -> str:
        """Where the card connects (informative: the driver's option is ``reader``)."""
        return f"vpcd://{self.host}:{self.port}"

    @property
    def reader(self) -> str:
        """The PC/SC reader name pcscd gives this slot (the driver's ``reader`` option)."""
        return f"Virtual PCD 00 {self.port - VPCD_PORT:02d}"

    @property
    def inserted(self) -> bool:
        return self._sock is not None

    # ---- control ----

    def start(self) -> VirtualSocialSecurityCard:
        """Insert the card. Returns self."""
        self.insert()
        return self

    def stop(self) -> None:
        """Remove the card and stop serving."""
        self.remove()

    def __enter__(self) -> VirtualSocialSecurityCard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def insert(self, card: SocialSecurityCard | None = None, timeout_s: float = 5.0, wait: bool = True) -> None:
        """Connect to vpcd (the card goes into the slot), optionally as another person.

        With ``wait`` it returns once pcscd has powered the card up, i.e. once
        applications see it as present (pcscd polls the slot every few hundred ms).

        Raises:
            ConnectionError: vpcd did not accept within ``timeout_s`` (pcscd not running),
                or pcscd did not power the card up in that time.
        """
        if self._sock is not None:
            return
        if card is not None:
            self.card = card
            self._fs = CardFileSystem(card, self.plan)
        time.sleep(max(0.0, self._removed_at + MIN_OUT_S - time.monotonic()))
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise ConnectionError(f"vpcd not listening on {self.host}:{self.port}") from exc
                time.sleep(0.05)
        sock.settimeout(None)
        self._fs.reset()
        self._powered.clear()
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="virtual-social-card", daemon=True)
        self._thread.start()
        if wait and not self._powered.wait(max(0.1, deadline - time.monotonic())):
            raise ConnectionError("pcscd did not power the virtual card up")

    def remove(self) -> None:
        """Pull the card: close the connection to vpcd."""
        self._unmute.set()
        with self._lock:
            sock, self._sock = self._sock, None
        if sock is not None:
            _close(sock)
            self._removed_at = time.monotonic()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)
        self._thread = None

    def remove_after(self, apdus: int) -> None:
        """Pull the card when the ``apdus``-th next command APDU arrives (unanswered)."""
        self._pull_after = apdus

    def mute_next(self, ins: int) -> None:
        """Never answer the next command with instruction ``ins`` (a card gone mute);
        the card stays silent until :meth:`remove`."""
        self._unmute.clear()
        self._mute = ins

    def fail_next(self, ins: int, sw: int) -> None:
        """Answer the next command with instruction ``ins`` with status word ``sw``."""
        self._fail[ins] = sw

    # ---- vpcd protocol ----

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                (length,) = struct.unpack(">H", _recv_exact(sock, 2))
                payload = _recv_exact(sock, length)
                reply = self._handle(payload)
                if reply is None and len(payload) > 1:
                    break  # pulled mid-command
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
        except (OSError, EOFError):
            pass
        with self._lock:
            if self._sock is sock:
                self._sock = None
                self._removed_at = time.monotonic()
        _close(sock)

    def _handle(self, payload: bytes) -> bytes | None:
        if len(payload) == 1:
            if payload[0] == _CTRL_ATR:
                return DEFAULT_ATR
            if payload[0] in (_CTRL_ON, _CTRL_RESET, _CTRL_OFF):
                self._fs.reset()
            if payload[0] == _CTRL_ON:
                self._powered.set()
            return None
        self.received.append(payload)
        if self._pull_after is not None:
            self._pull_after -= 1
            if self._pull_after <= 0:
                self._pull_after = None
                return None
        if self._mute is not None and payload[1] == self._mute:
            self._mute = None
            self._unmute.wait()
            return None
        if len(payload) >= 2 and payload[1] in self._fail:
            return encode_response(sw=self._fail.pop(payload[1]))
        return self._fs.answer(payload)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()


def main(argv: list[str] | None = None) -> int:
    """Insert a fictional card into vpcd and serve until Ctrl-C."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=VPCD_PORT)
    ap.add_argument("--person", type=int, default=0, choices=range(len(PEOPLE)))
    args = ap.parse_args(argv)
    card = VirtualSocialSecurityCard(args.host, args.port, PEOPLE[args.person])
    try:
        card.start()
    except ConnectionError as exc:
        print(f"error: {exc} (start pcscd with vsmartcard-vpcd)")
        return 2
    print(f"{card.url} reader={card.reader!r} card={card.card!r}", flush=True)
    run_until_interrupted(card.stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
