"""The receipt model: what a receipt says, independent of any printer.

    receipt = (Receipt.builder()
               .title("受理回执")
               .kv("事项", "居住证办理")
               .qr("https://example.gov.cn/q/123")
               .cut()
               .build())

Blocks are frozen dataclasses and check their own fields, so a bad receipt fails with
a ``ReceiptError`` (message key ``device.printer.bad_receipt``) before any byte is
sent: never a partial print.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from drivers.errors import DeviceError

ALIGNS = ("left", "center", "right")
MAX_SIZE = 8  # GS ! accepts width/height multipliers 1..8 (ESC/POS reference).
MAX_QR_PAYLOAD = 1000  # bytes; well inside GS ( k's limit and a 58 mm roll's width.


class ReceiptError(DeviceError):
    """The receipt itself is wrong (bad text, payload too long...); nothing was printed.

    Data: ``field`` (which block field) and ``reason`` (a short code, e.g. ``control_char``).
    """

    default_key = "device.printer.bad_receipt"


def check_text(value: str, field_name: str, *, multiline: bool = True) -> None:
    """Reject text a printer cannot take: control characters would be read as
    ESC/POS commands, lone surrogates cannot be encoded.

    Raises:
        ReceiptError: with ``field`` and ``reason``.
    """
    if not isinstance(value, str):
        raise ReceiptError(field=field_name, reason="not_text")
    for ch in value:
        if ch == "\n" and multiline:
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") or ch in "\u2028\u2029":
            raise ReceiptError(field=field_name, reason="control_char", code=f"U+{ord(ch):04X}")


@dataclass(frozen=True)
class Title:
    """A centred, bold, double-size heading."""

    text: str

    def __post_init__(self) -> None:
        check_text(self.text, "title.text")


@dataclass(frozen=True)
class Text:
    """Free text, wrapped to the paper width; ``\\n`` starts a new line.

    Attributes:
        size: character size multiplier 1..8 (width and height).
    """

    text: str
    size: int = 1
    bold: bool = False
    align: str = "left"

    def __post_init__(self) -> None:
        check_text(self.text, "text.text")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or not 1 <= self.size <= MAX_SIZE:
            raise ReceiptError(field="text.size", reason="out_of_range")
        if self.align not in ALIGNS:
            raise ReceiptError(field="text.align", reason="unknown_align")


@dataclass(frozen=True)
class KeyValue:
    """One row: the key on the left, the value on the right (``事项 ...... 居住证``)."""

    key: str
    value: str

    def __post_init__(self) -> None:
        check_text(self.key, "kv.key", multiline=False)
        check_text(self.value, "kv.value", multiline=False)


@dataclass(frozen=True)
class Qr:
    """A QR code, centred. ``module`` is the dot size of one module (1..16)."""

    payload: str
    module: int = 6

    def __post_init__(self) -> None:
        if not isinstance(self.payload, str) or not self.payload:
            raise ReceiptError(field="qr.payload", reason="empty")
        if len(self.payload.encode("utf-8", "surrogatepass")) > MAX_QR_PAYLOAD:
            raise ReceiptError(field="qr.payload", reason="too_long", limit=MAX_QR_PAYLOAD)
        check_text(self.payload, "qr.payload")
        if isinstance(self.module, bool) or not isinstance(self.module, int) or not 1 <= self.module <= 16:
            raise ReceiptError(field="qr.module", reason="out_of_range")


@dataclass(frozen=True)
class Barcode:
    """A CODE128 barcode (code set B: printable ASCII), centred, text below."""

    data: str

    def __post_init__(self) -> None:
        if not isinstance(self.data, str) or not self.data:
            raise ReceiptError(field="barcode.data", reason="empty")
        if any(not 0x20 <= ord(c) <= 0x7E for c in self.data):
            raise ReceiptError(field="barcode.data", reason="not_ascii")
        if len(self.data) > 40:
            raise ReceiptError(field="barcode.data", reason="too_long", limit=40)


@dataclass(frozen=True)
class Separator:
    """A full-width rule made of ``char`` (one ASCII character)."""

    char: str = "-"

    def __post_init__(self) -> None:
        if not isinstance(self.char, str) or len(self.char) != 1 or not 0x21 <= ord(self.char) <= 0x7E:
            raise ReceiptError(field="separator.char", reason="not_ascii")


@dataclass(frozen=True)
class Feed:
    """Blank paper: ``lines`` line feeds (1..20)."""

    lines: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.lines, bool) or not isinstance(self.lines, int) or not 1 <= self.lines <= 20:
            raise ReceiptError(field="feed.lines", reason="out_of_range")


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut (partial cut leaves a hinge)."""

    partial: bool = False


Block = Title | Text | KeyValue | Qr | Barcode | Separator | Feed | Cut
BLOCK_TYPES = (Title, Text, KeyValue, Qr, Barcode, Separator, Feed, Cut)


@dataclass(frozen=True)
class Receipt:
    """A receipt: blocks printed top to bottom."""

    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "blocks", tuple(self.blocks))
        for block in self.blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise ReceiptError(field="blocks", reason="unknown_block", type=type(block).__name__)

    @staticmethod
    def builder() -> ReceiptBuilder:
        """Start a builder (``Receipt.builder().title("...").build()``)."""
        return ReceiptBuilder()


class ReceiptBuilder:
    """Chainable receipt builder; each method checks its block at once."""

    def __init__(self) -> None:
        self._blocks: list[Block] = []

    def add(self, block: Block) -> ReceiptBuilder:
        self._blocks.append(block)
        return self

    def title(self, text: str) -> ReceiptBuilder:
        return self.add(Title(text))

    def text(self, text: str, *, size: int = 1, bold: bool = False, align: str = "left") -> ReceiptBuilder:
        return self.add(Text(text, size=size, bold=bold, align=align))

    def kv(self, key: str, value: str) -> ReceiptBuilder:
        return self.add(KeyValue(key, value))

    def qr(self, payload: str, *, module: int = 6) -> ReceiptBuilder:
        return self.add(Qr(payload, module=module))

    def barcode(self, data: str) -> ReceiptBuilder:
        return self.add(Barcode(data))

    def separator(self, char: str = "-") -> ReceiptBuilder:
        return self.add(Separator(char))

    def feed(self, lines: int = 1) -> ReceiptBuilder:
        return self.add(Feed(lines))

    def cut(self, *, partial: bool = False) -> ReceiptBuilder:
        return self.add(Cut(partial))

    def build(self) -> Receipt:
        return Receipt(tuple(self._blocks))
