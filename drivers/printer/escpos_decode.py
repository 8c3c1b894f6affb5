"""ESC/POS bytes -> what the printer would put on paper; pure, no I/O.

Two layers:

- ``tokenize(data, final)`` splits a byte stream into commands and text runs, knowing
  each command's length (so a ``DLE EOT`` inside raster data is data, not a query).
  With ``final=False`` an incomplete command at the end is left unconsumed: the
  simulator feeds it bytes as they arrive.
- ``decode(data, encoding)`` replays the tokens through a small printer state (align,
  bold, size) and returns elements: ``TextLine``, ``QrCode``, ``Raster``,
  ``BarcodeElement``, ``FeedElement``, ``CutElement``.

Unknown commands and truncated frames raise ``ProtocolError`` (key
``device.printer.bad_job``), never any other exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drivers.errors import ProtocolError

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
LF, CR, HT, FF = 0x0A, 0x0D, 0x09, 0x0C

# ESC x: total command length (ESC + x + parameters).
_ESC_FIXED = {
    ord("@"): 2,
    ord("2"): 2,
    ord("<"): 2,
    ord("i"): 2,
    ord("m"): 2,
    ord("a"): 3,
    ord("E"): 3,
    ord("G"): 3,
    ord("-"): 3,
    ord("!"): 3,
    ord("M"): 3,
    ord("t"): 3,
    ord("d"): 3,
    ord("J"): 3,
    ord("3"): 3,
    ord("V"): 3,
    ord("{"): 3,
    ord("R"): 3,
    ord("r"): 3,
    ord("U"): 3,
    ord(" "): 3,
    ord("K"): 3,
    ord("e"): 3,
    ord("%"): 3,
    ord("="): 3,
    ord("$"): 4,
    ord("\\"): 4,
    ord("p"): 5,
}
_GS_FIXED = {
    ord("!"): 3,
    ord("h"): 3,
    ord("w"): 3,
    ord("H"): 3,
    ord("f"): 3,
    ord("B"): 3,
    ord("a"): 3,
    ord("r"): 3,
    ord("I"): 3,
    ord("b"): 3,
    ord(":"): 2,
    ord("L"): 4,
    ord("W"): 4,
    ord("P"): 4,
    ord("$"): 4,
    ord("\\"): 4,
}
_FS_FIXED = {
    ord("&"): 2,
    ord("."): 2,
    ord("!"): 3,
    ord("-"): 3,
    ord("C"): 3,
    ord("W"): 3,
    ord("S"): 4,
    ord("p"): 4,
}
_ALIGN = {0: "left", 48: "left", 1: "center", 49: "center", 2: "right", 50: "right"}
_EC = {48: "L", 49: "M", 50: "Q", 51: "H"}


class Truncated(Exception):
    """Internal: the command needs more bytes than the buffer holds."""


@dataclass(frozen=True)
class Token:
    """One command (``kind`` like ``"ESC a"``) or text run (``kind == "text"``)."""

    kind: str
    raw: bytes
    start: int


@dataclass(frozen=True)
class TextLine:
    text: str
    align: str = "left"
    bold: bool = False
    width: int = 1  # GS ! multipliers
    height: int = 1


@dataclass(frozen=True)
class QrCode:
    payload: str
    module: int = 3
    ec: str = "L"
    align: str = "left"


@dataclass(frozen=True, eq=False)
class Raster:
    """A ``GS v 0`` bit image; ``image`` is a Pillow mode "1" image (black = printed)."""

    width: int
    height: int
    data: bytes = field(repr=False)
    align: str = "left"

    @property
    def image(self) -> Any:
        from PIL import Image, ImageOps

        if not self.width or not self.height:  # a 0-size raster prints nothing
            return Image.new("1", (1, 1), 1)
        # GS v 0 bits: 1 = print a dot; Pillow "1" from raw bits: 1 = white.
        img = Image.frombytes("1", (self.width, self.height), self.data)
        return ImageOps.invert(img.convert("L")).convert("1")


@dataclass(frozen=True)
class BarcodeElement:
    symbology: str
    data: str
    align: str = "left"


@dataclass(frozen=True)
class FeedElement:
    lines: int


@dataclass(frozen=True)
class CutElement:
    partial: bool


Element = TextLine | QrCode | Raster | BarcodeElement | FeedElement | CutElement


def _need(data: bytes, end: int) -> None:
    if end > len(data):
        raise Truncated


def _command_length(data: bytes, i: int) -> tuple[str, int]:
    """Kind and length of the command starting at ``data[i]`` (a control byte)."""
    b = data[i]
    if b in (LF, CR, HT, FF):
        return {LF: "LF", CR: "CR", HT: "HT", FF: "FF"}[b], 1
    _need(data, i + 2)
    c = data[i + 1]
    name = f"{ {ESC: 'ESC', GS: 'GS', FS: 'FS', DLE: 'DLE'}.get(b, hex(b)) } {chr(c) if 0x20 <= c < 0x7F else hex(c)}"
    if b == ESC:
        if c in _ESC_FIXED:
            return name, _ESC_FIXED[c]
        if c == ord("*"):  # ESC * m nL nH d1..dk
            _need(data, i + 5)
            m, n = data[i + 2], data[i + 3] | data[i + 4] << 8
            return name, 5 + n * (3 if m in (32, 33) else 1)
        if c == ord("D"):  # ESC D n1..nk NUL
            end = data.find(b"\x00", i + 2)
            if end < 0:
                raise Truncated
            return name, end + 1 - i
    elif b == GS:
        if c in _GS_FIXED:
            return name, _GS_FIXED[c]
        if c == ord("V"):  # GS V m [n]
            _need(data, i + 3)
            return name, 3 if data[i + 2] in (0, 1, 48, 49) else 4
        if c == ord("v"):  # GS v 0 m xL xH yL yH d1..dk
            _need(data, i + 8)
            if data[i + 2] != ord("0"):
                raise ProtocolError("device.printer.bad_job", offset=i, command=name)
            x, y = data[i + 4] | data[i + 5] << 8, data[i + 6] | data[i + 7] << 8
            return "GS v 0", 8 + x * y
        if c == ord("("):  # GS ( fn pL pH d1..dk
            _need(data, i + 5)
            return f"GS ( {chr(data[i + 2]) if 0x20 <= data[i + 2] < 0x7F else hex(data[i + 2])}", 5 + (
                data[i + 3] | data[i + 4] << 8
            )
        if c == ord("k"):  # GS k m ...: m 0-6 NUL-terminated, 65-79 counted
            _need(data, i + 3)
            m = data[i + 2]
            if m <= 6:
                end = data.find(b"\x00", i + 3)
                if end < 0:
                    raise Truncated
                return name, end + 1 - i
            if 65 <= m <= 79:
                _need(data, i + 4)
                return name, 4 + data[i + 3]
    elif b == FS:
        if c in _FS_FIXED:
            return name, _FS_FIXED[c]
        if c == ord("("):  # FS ( fn pL pH ...
            _need(data, i + 5)
            return name, 5 + (data[i + 3] | data[i + 4] << 8)
    elif b == DLE:
        if c in (0x04, 0x05):  # DLE EOT n, DLE ENQ n
            return ("DLE EOT" if c == 0x04 else "DLE ENQ"), 3
        if c == 0x14:  # DLE DC4 fn a b
            return "DLE DC4", 5
    raise ProtocolError("device.printer.bad_job", offset=i, command=name)


def tokenize(data: bytes, *, final: bool = True) -> tuple[list[Token], int]:
    """Split ``data`` into tokens.

    Returns:
        (tokens, consumed). With ``final=False`` a trailing incomplete command is
        left out and ``consumed`` stops before it; text runs are always complete
        (a text byte is never a control byte in GB18030, GBK or UTF-8).

    Raises:
        ProtocolError: unknown command, or (``final=True``) a truncated one.
    """
    tokens: list[Token] = []
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b >= 0x20:
            j = i
            while j < n and data[j] >= 0x20:
                j += 1
            tokens.append(Token("text", data[i:j], i))
            i = j
            continue
        try:
            kind, length = _command_length(data, i)
            _need(data, i + length)
        except Truncated:
            if final:
                raise ProtocolError("device.printer.bad_job", offset=i, reason="truncated") from None
            return tokens, i
        tokens.append(Token(kind, data[i : i + length], i))
        i += length
    return tokens, n


class _State:
    def __init__(self, encoding: str, strict: bool) -> None:
        self.encoding, self.strict = encoding, strict
        self.align, self.bold, self.width, self.height = "left", False, 1, 1
        self.pending = b""
        self.qr_data = b""
        self.qr_module, self.qr_ec = 3, "L"
        self.out: list[Element] = []

    def reset(self) -> None:
        self.align, self.bold, self.width, self.height = "left", False, 1, 1

    def flush(self, force: bool = False) -> None:
        if not self.pending and not force:
            return
        try:
            text = self.pending.decode(self.encoding, "strict" if self.strict else "replace")
        except UnicodeDecodeError as exc:
            raise ProtocolError(
                "device.printer.bad_job", reason="bad_text", encoding=self.encoding, position=exc.start
            ) from None
        self.out.append(TextLine(text, self.align, self.bold, self.width, self.height))
        self.pending = b""

    def command(self, t: Token) -> None:
        raw, kind = t.raw, t.kind
        if kind == "LF":
            self.flush(force=True)
        elif kind in ("CR", "HT", "FF", "DLE EOT", "DLE ENQ", "DLE DC4"):
            pass  # real-time queries and carriage moves print nothing
        elif kind == "ESC @":
            self.flush()
            self.reset()
        elif kind == "ESC a":
            self.align = _ALIGN.get(raw[2], self.align)
        elif kind == "ESC E":
            self.bold = bool(raw[2] & 1)
        elif kind == "GS !":
            self.width, self.height = (raw[2] >> 4) + 1, (raw[2] & 0x0F) + 1
        elif kind == "ESC !":
            self.width = 2 if raw[2] & 0x20 else 1
            self.height = 2 if raw[2] & 0x10 else 1
            self.bold = bool(raw[2] & 0x08)
        elif kind == "ESC d":
            self.flush()
            if raw[2]:
                self.out.append(FeedElement(raw[2]))
        elif kind == "GS V":
            self.flush()
            self.out.append(CutElement(partial=raw[2] in (1, 49, 66, 98, 104)))
        elif kind in ("ESC i", "ESC m"):
            self.flush()
            self.out.append(CutElement(partial=kind == "ESC m"))
        elif kind == "GS v 0":
            self.flush()
            x, y = raw[4] | raw[5] << 8, raw[6] | raw[7] << 8
            self.out.append(Raster(x * 8, y, bytes(raw[8:]), self.align))
        elif kind == "GS ( k":
            self.qr_command(raw)
        elif kind == "GS k":
            self.flush()
            self.barcode(raw)

    def qr_command(self, raw: bytes) -> None:
        if len(raw) < 7:
            raise ProtocolError("device.printer.bad_job", reason="short_2d_code")
        cn, fn = raw[5], raw[6]
        if cn != 49:  # 49 = QR; PDF417 (48) and others print nothing we check
            return
        if fn == 67 and len(raw) > 7:
            self.qr_module = raw[7]
        elif fn == 69 and len(raw) > 7:
            self.qr_ec = _EC.get(raw[7], "?")
        elif fn == 80:  # store: cn fn m d1..dk
            self.qr_data = bytes(raw[8:])
        elif fn == 81:  # print the stored symbol
            self.flush()
            try:
                payload = self.qr_data.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError("device.printer.bad_job", reason="bad_qr_data") from None
            self.out.append(QrCode(payload, self.qr_module, self.qr_ec, self.align))

    def barcode(self, raw: bytes) -> None:
        m = raw[2]
        data = raw[4:] if m >= 65 else raw[3:-1]
        if m == 73:
            self.out.append(BarcodeElement("code128", code128_text(bytes(data)), self.align))
        else:
            self.out.append(BarcodeElement(f"barcode_{m}", bytes(data).decode("latin-1"), self.align))


def code128_text(data: bytes) -> str:
    """The human-readable text of ``GS k 73`` data: "{A"/"{B"/"{C" switch code sets
    (C carries two digits per byte), "{{" is a literal "{", other "{x" are function
    characters (FNC1-4, SHIFT) that print nothing."""
    out, mode, i = [], "B", 0
    while i < len(data):
        b = data[i]
        if b == 0x7B and i + 1 < len(data):  # "{"
            nxt = chr(data[i + 1])
            if nxt in "ABC":
                mode = nxt
            elif nxt == "{":
                out.append("{")
            i += 2
            continue
        out.append(f"{b:02d}" if mode == "C" else chr(b))
        i += 1
    return "".join(out)


def decode(data: bytes, encoding: str = "gb18030", *, strict: bool = True) -> list[Element]:
    """What ``data`` prints, as elements in paper order.

    Args:
        data: a whole job.
        encoding: the printer's text encoding (gb18030, gbk, utf-8).
        strict: raise on text that does not decode; False puts U+FFFD instead.

    Raises:
        ProtocolError: unknown or truncated command, undecodable text (strict).
    """
    try:
        "".encode(encoding)
    except LookupError:
        raise ProtocolError("device.printer.bad_job", reason="unknown_encoding", encoding=encoding) from None
    tokens, _ = tokenize(bytes(data), final=True)
    state = _State(encoding, strict)
    for t in tokens:
        if t.kind == "text":
            state.pending += t.raw
        else:
            state.command(t)
    state.flush()
    return state.out


def text_lines(elements: list[Element]) -> list[str]:
    """Only the text, one string per printed line."""
    return [e.text for e in elements if isinstance(e, TextLine)]


def qr_payloads(elements: list[Element]) -> list[str]:
    return [e.payload for e in elements if isinstance(e, QrCode)]
