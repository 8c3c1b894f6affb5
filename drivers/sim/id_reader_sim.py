"""A GA/T 467 ID card reader (SAM_A module) on a pty pair or a TCP port.

It answers the real frames (find, select, read, read with fingerprint, additional
address, SAM status, SAM id), paces every reply at the configured baud (10 bits per
byte), holds scripted fictional cards, and injects faults. Run alone::

    python -m drivers.sim.id_reader_sim [--tcp] [--baud 115200] [--card 0]

prints the URL to put in ``[devices.id_reader] url`` and serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from drivers.errors import ProtocolError
from drivers.id_reader import frames
from drivers.id_reader.base import IdentityCard
from drivers.id_reader.card_text import encode_card_text
from drivers.id_reader.samples import DEMO_CARDS, DUMMY_FINGERPRINT, DUMMY_WLT
from drivers.sim.serial_link import Conn, SerialSimulator

FAULTS = ("no_card", "checksum", "timeout", "disconnect_mid_frame", "noise")
# Line noise with a false preamble start, as a cheap USB-serial adapter emits on plug-in.
NOISE = b"\x00\xff\xaa\xaa\x13\xaa\xaa\xaa\x96"


class IdReaderSimulator(SerialSimulator):
    """Simulated reader. ``.url`` is the host-side pty path or ``socket://127.0.0.1:PORT``.

    Args:
        transport: ``"pty"`` (its own socat pair) or ``"tcp"`` (127.0.0.1, free port).
        baud: line speed the replies are paced at.
        folder: where the pty links go (a temporary folder if None).
        sam: the SAM id it reports.
    """

    link_name = "idreader"

    def __init__(
        self,
        transport: str = "pty",
        baud: int = 115200,
        folder: str | Path | None = None,
        sam: str = "05.01-20260101-0000000001-0000000001",
    ) -> None:
        super().__init__(transport, baud, folder)
        self.sam = sam
        self.card: IdentityCard | None = None
        self.additional_address: str | None = None
        self.requests: list[tuple[int, int]] = []  # every command seen, for tests
        self._faults: list[str] = []
        self._statuses: list[int] = []
        self._reader = frames.FrameReader()

    # ---- control ----
    def insert(self, card: IdentityCard, additional_address: str | None = None) -> None:
        """Put ``card`` on the reader (optionally with an address endorsement)."""
        with self.lock:
            self.card = card
            self.additional_address = additional_address

    def insert_demo(self, n: int = 0) -> IdentityCard:
        """Put demo card ``n`` (0-2 resident, 3 permit J, 4 foreigner I) on the reader."""
        card = DEMO_CARDS[n % len(DEMO_CARDS)]
        self.insert(card)
        return card

    def remove(self) -> None:
        """Take the card away."""
        with self.lock:
            self.card = None
            self.additional_address = None

    def inject(self, fault: str, times: int = 1) -> None:
        """Make the next ``times`` replies fail.

        ``no_card``: find answers 80 although a card is there. ``checksum``: the reply's
        CHK is wrong. ``timeout``: the request gets no answer. ``disconnect_mid_frame``:
        half a reply, then the cable is pulled (call :meth:`replug` to restore).
        ``noise``: junk bytes before the reply (the driver must resync on the preamble).
        """
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; one of {', '.join(FAULTS)}")
        with self.lock:
            self._faults.extend([fault] * times)

    def fail_next(self, sw3: int) -> None:
        """Answer the next request with status ``sw3`` and no data (any GA/T 467 code)."""
        with self.lock:
            self._statuses.append(sw3)

    # ---- serving ----
    def _on_connect(self) -> None:
        self._reader.clear()

    def _on_bytes(self, conn: Conn, data: bytes) -> None:
        for frame in self._reader.feed(data):
            # A real reader starts answering only after the request's last bit arrived.
            start = time.monotonic() + frames.REQUEST_SIZE * 10 / self.baud
            with self.lock:
                reply, fault = self._answer(frame)
            if fault == "timeout" or reply is None:
                continue
            if fault == "noise":
                reply = NOISE + reply
            self._send_reply(conn, reply, start, corrupt=fault == "checksum", cut=fault == "disconnect_mid_frame")
            if fault == "disconnect_mid_frame":
                return

    def _answer(self, frame: bytes) -> tuple[bytes | None, str | None]:
        try:
            request = frames.parse_request(frame)
        except ProtocolError:
            return frames.build_reply(0x10), None  # GA/T 467: checksum error in request
        command = (request.cmd, request.para)
        self.requests.append(command)
        fault = self._faults.pop(0) if self._faults else None
        if fault == "no_card" and command != frames.FIND:
            self._faults.insert(0, fault)  # keep it for the next find
            fault = None
        if self._statuses:
            return frames.build_reply(self._statuses.pop(0)), fault
        if fault == "no_card":
            return frames.build_reply(0x80), fault
        return self._reply_to(command), fault

    def _reply_to(self, command: tuple[int, int]) -> bytes:
        card = self.card
        if command == frames.SAM_STATUS:
            return frames.build_reply(frames.SW_OK)
        if command == frames.SAM_ID:
            return frames.build_reply(frames.SW_OK, frames.build_sam_id(self.sam))
        if command == frames.FIND:
            return frames.build_reply(frames.SW_FOUND, bytes(4)) if card else frames.build_reply(0x80)
        if command == frames.SELECT:
            return frames.build_reply(frames.SW_OK, bytes(8)) if card else frames.build_reply(0x81)
        if command in (frames.READ, frames.READ_WITH_FINGERPRINT):
            if card is None:
                return frames.build_reply(0x41)
            fingerprint = None
            if command == frames.READ_WITH_FINGERPRINT:
                fingerprint = card.fingerprint or DUMMY_FINGERPRINT
            data = frames.build_read_data(encode_card_text(card), card.photo_wlt or DUMMY_WLT, fingerprint)
            return frames.build_reply(frames.SW_OK, data)
        if command == frames.READ_ADDITIONAL_ADDRESS:
            if card is None or not self.additional_address:
                return frames.build_reply(0x91)
            width = frames.ADDRESS_LEN // 2
            text = self.additional_address[:width].ljust(width).encode("utf-16-le")
            return frames.build_reply(frames.SW_OK, text)
        return frames.build_reply(0x21)  # bad command


def main(argv: list[str] | None = None) -> int:
    """``python -m drivers.sim.id_reader_sim``: print the URL and serve until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tcp", action="store_true", help="listen on 127.0.0.1 instead of a pty")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--card", type=int, default=0, help="demo card on the reader (-1: none)")
    args = parser.parse_args(argv)
    sim = IdReaderSimulator("tcp" if args.tcp else "pty", baud=args.baud)
    if args.card >= 0:
        sim.insert_demo(args.card)
    sim.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
