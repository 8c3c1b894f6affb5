"""Receipt -> ESC/POS bytes, through python-escpos's ``Dummy`` printer.

Why not ``Escpos.text()``: python-escpos encodes a string as GB18030 only when it holds
a Han character, so full-width punctuation ("：") prints as ``?`` and ``¥`` goes out in a
Western code page that garbles in Chinese mode (HARDWARE.md section 3). We send
``FS &`` (Chinese mode on) once, then every text run as raw bytes in the printer's
configured encoding. Styles, QR codes, rasters, barcodes and cuts use python-escpos's
own commands so the bytes match what its users expect.

Columns: font A is 12x24 dots, so 384 dots (58 mm) give 32 columns and 576 dots
(80 mm) give 48. In Chinese mode every multi-byte character prints as one 24-dot
glyph, i.e. two columns; ASCII takes one.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from drivers.printer.receipt import Barcode, Cut, Feed, KeyValue, Qr, Receipt, ReceiptError, Separator, Text, Title

ENCODINGS = ("gb18030", "gbk", "utf-8")
PAPER_DOTS = {58: 384, 80: 576}  # printable dots at 203 dpi (8 dots/mm)
CHINESE_MODE_ON = b"\x1c\x26"  # FS &
QR_EC = "M"  # error correction 15 %: survives a smudged thermal print

# Characters some encodings lack, folded to what Chinese printers carry (GBK has no
# U+00A5 YEN SIGN but has the full-width U+FFE5 at A3A4).
_FOLD = {"\u00a5": "\uffe5", "\u00a0": " ", "\u2014": "\u2015"}


def columns_for(paper_width_mm: int) -> int:
    """Characters per line at size 1 for a 58 or 80 mm roll (font A, 12 dots)."""
    try:
        return PAPER_DOTS[paper_width_mm] // 12
    except KeyError:
        raise ReceiptError(field="paper_width_mm", reason="unsupported", value=paper_width_mm) from None


def char_columns(ch: str) -> int:
    """Columns one character takes in Chinese mode: ASCII 1, anything else 2."""
    return 1 if ord(ch) < 0x80 else 2


def text_columns(text: str) -> int:
    return sum(char_columns(c) for c in text)


# A run of ASCII letters, digits and joiners (a date 2026-12-14, a number, a word) is
# not split across lines when it fits on one: "2 / 026-12-14" was printed (finding 11).
# A comma, semicolon or closing bracket after it stays with it: an English line began
# with ", original)" (issue 14, finding 15).
_UNBROKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-:./]*[,;:)]?")


def _pieces(para: str) -> list[str]:
    """A paragraph as the pieces a line may break between: ASCII runs whole, every
    other character alone."""
    out: list[str] = []
    i = 0
    while i < len(para):
        m = _UNBROKEN.match(para, i)
        end = m.end() if m else i + 1
        out.append(para[i:end])
        i = end
    return out


def wrap(text: str, cols: int) -> list[str]:
    """Split ``text`` into lines of at most ``cols`` columns, keeping every character
    (``"".join`` of a paragraph's lines gives the paragraph back). An ASCII run moves to
    the next line whole rather than break, unless it is longer than a line."""
    lines: list[str] = []
    for para in text.split("\n"):
        line, used = "", 0
        for piece in _pieces(para):
            w = text_columns(piece)
            if line and used + w > cols and w <= cols:
                lines.append(line)
                line, used = "", 0
            for ch in piece:  # a run longer than a line (or a single char) fills char by char
                cw = char_columns(ch)
                if line and used + cw > cols:
                    lines.append(line)
                    line, used = "", 0
                line += ch
                used += cw
        lines.append(line)
    return lines


def kv_lines(key: str, value: str, cols: int) -> list[str]:
    """A key-value row: on one line padded apart, or key lines then the value right-aligned."""
    kw, vw = text_columns(key), text_columns(value)
    if kw + 1 + vw <= cols:
        return [key + " " * (cols - kw - vw) + value]
    out = wrap(key, cols)
    out += [" " * (cols - text_columns(v)) + v for v in wrap(value, cols)]
    return out


def separator_line(char: str, cols: int) -> str:
    return char * cols


def fold_text(text: str, encoding: str) -> str:
    """Replace characters ``encoding`` lacks by their printable stand-ins (see _FOLD).

    Raises:
        ReceiptError: a character has no stand-in (``reason="unencodable"``).
    """
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
        except UnicodeEncodeError:
            sub = _FOLD.get(ch)
            try:
                if sub is None:
                    raise UnicodeEncodeError(encoding, ch, 0, 1, "no stand-in")
                sub.encode(encoding)
            except UnicodeEncodeError:
                raise ReceiptError(
                    field="text", reason="unencodable", code=f"U+{ord(ch):04X}", encoding=encoding
                ) from None
            ch = sub
        out.append(ch)
    return "".join(out)


def _profile(name: str, paper_width_mm: int) -> Any:
    """A private copy of the named python-escpos profile with the paper's width filled in.

    The stock ``default`` profile has ``media.width.pixels = "Unknown"``, which makes
    ``Escpos.image`` print a warning to stdout and skip centring; ``Escpos._dpi`` also
    writes into the shared class dict. A deep copy keeps both effects here.
    """
    from escpos.capabilities import BaseProfile, get_profile_class

    try:
        base = get_profile_class(name)
    except KeyError:
        raise ReceiptError(field="profile", reason="unknown_profile", profile=name) from None
    data = copy.deepcopy(base.profile_data)
    media = data.setdefault("media", {})
    width = media.setdefault("width", {})
    dots = PAPER_DOTS[paper_width_mm]
    if not isinstance(width.get("pixels"), int) or width["pixels"] > dots:
        width["pixels"] = dots
    if not isinstance(width.get("mm"), (int, float)):
        width["mm"] = paper_width_mm
    if not isinstance(media.get("dpi"), int):
        media["dpi"] = 203
    return type("KioskProfile", (BaseProfile,), {"profile_data": data})()


def supports_native_qr(profile: str) -> bool:
    """Whether the python-escpos profile says the printer renders ``GS ( k`` QR codes."""
    return bool(_profile(profile, 80).supports("qrCode"))


def qr_image(payload: str, module: int):  # -> PIL.Image.Image
    """The QR code as a 1-bit image, ``module`` dots per module, 2-module quiet zone
    (the white paper around it completes the quiet zone)."""
    import qrcode

    code = qrcode.QRCode(version=None, box_size=module, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return code.make_image().get_image().convert("1")


class _Renderer:
    def __init__(self, encoding: str, profile: str, paper_width_mm: int, native_qr: bool) -> None:
        from escpos.printer import Dummy

        if encoding not in ENCODINGS:
            raise ReceiptError(field="encoding", reason="unsupported", encoding=encoding)
        self.cols = columns_for(paper_width_mm)
        self.dots = PAPER_DOTS[paper_width_mm]
        self.encoding = encoding
        self.p = Dummy()
        self.p.profile = _profile(profile, paper_width_mm)
        self.native_qr = native_qr and bool(self.p.profile.supports("qrCode"))

    def line(self, text: str) -> None:
        self.p._raw(fold_text(text, self.encoding).encode(self.encoding) + b"\n")

    def style(self, *, align: str = "left", bold: bool = False, size: int = 1) -> None:
        # GS ! (custom size) scales both ASCII and Chinese glyphs; ESC ! would only
        # scale the ASCII ones in Chinese mode.
        self.p.set(align=align, bold=bold, custom_size=True, width=size, height=size)

    def block(self, b: Any) -> None:
        if isinstance(b, Title):
            self.style(align="center", bold=True, size=2)
            for ln in wrap(fold_text(b.text, self.encoding), self.cols // 2):
                self.line(ln)
            self.style()
        elif isinstance(b, Text):
            self.style(align=b.align, bold=b.bold, size=b.size)
            for ln in wrap(fold_text(b.text, self.encoding), max(1, self.cols // b.size)):
                self.line(ln)
            self.style()
        elif isinstance(b, KeyValue):
            for ln in kv_lines(fold_text(b.key, self.encoding), fold_text(b.value, self.encoding), self.cols):
                self.line(ln)
        elif isinstance(b, Separator):
            self.line(separator_line(b.char, self.cols))
        elif isinstance(b, Feed):
            self.p.print_and_feed(b.lines)
        elif isinstance(b, Qr):
            self.qr(b)
        elif isinstance(b, Barcode):
            self.barcode(b)
        elif isinstance(b, Cut):
            self.p.cut(mode="PART" if b.partial else "FULL")

    def qr(self, b: Qr) -> None:
        from escpos.constants import QR_ECLEVEL_M

        if self.native_qr:
            self.p.set(align="center")
            self.p.qr(b.payload, ec=QR_ECLEVEL_M, size=b.module, native=True)
            self.p.print_and_feed(1)
            self.p.set(align="left")
            return
        img = qr_image(b.payload, b.module)
        if img.width > self.dots:
            raise ReceiptError(field="qr.payload", reason="too_wide", dots=img.width)
        # Centred with ESC a rather than by padding the image to the paper width:
        # padding doubles the bytes, and bytes are seconds at 9600 baud.
        self.p.set(align="center")
        self.p.image(img, impl="bitImageRaster")
        self.p.set(align="left")

    def barcode(self, b: Barcode) -> None:
        code, modules = code128_data(b.data)
        if modules * 2 > self.dots:  # 2 dots per module (GS w 2)
            raise ReceiptError(field="barcode.data", reason="too_wide")
        if self.p.profile.supports("barcodeB"):
            # _hw_barcode is the hardware branch of Escpos.barcode(), called directly
            # because barcode() prints its choice to stdout.
            self.p._hw_barcode(
                code,
                "CODE128",
                height=64,
                width=2,
                pos="BELOW",
                font="A",
                align_ct=True,
                function_type="B",
                check=False,
            )
            self.p.print_and_feed(1)
            self.p.set(align="left")
        else:
            self.p._sw_barcode(
                "code128",
                b.data,
                impl="bitImageRaster",
                module_height=8,
                module_width=0.25,
                text_distance=3,
                font_size=9,
                center=True,
            )


def code128_data(data: str) -> tuple[str, int]:
    """``GS k 73`` data for ``data`` and the symbol's width in modules.

    A leading run of digits (4 or more, even length) goes in code set C, two digits
    per symbol character, which halves the width of case numbers; the rest in code set
    B, where a literal "{" is sent as "{{" (ESC/POS GS k, CODE128 notes).
    Width: 11 modules per symbol character (start, data, code-set switch, check) + 13
    for the stop pattern.
    """
    digits = len(data) - len(data.lstrip("0123456789"))
    digits -= digits % 2
    if digits >= 4:
        code = "{C" + "".join(chr(int(data[i : i + 2])) for i in range(0, digits, 2))
        chars = 1 + digits // 2
        rest = data[digits:]
    else:
        code, chars, rest = "", 0, data
    if rest:
        code += "{B" + rest.replace("{", "{{")
        chars += 1 + len(rest)
    return code, (chars + 1) * 11 + 13


def render(
    receipt: Receipt,
    *,
    encoding: str = "gb18030",
    profile: str = "default",
    paper_width_mm: int = 80,
    native_qr: bool = True,
) -> bytes:
    """The whole job as bytes: ``ESC @``, ``FS &``, then each block.

    Args:
        receipt: what to print.
        encoding: the printer's configured text encoding (gb18030, gbk, utf-8).
        profile: python-escpos capability profile name (``default``, ``TM-T88V``...).
        paper_width_mm: 58 or 80.
        native_qr: use the printer's ``GS ( k`` QR when the profile supports it,
            else a ``GS v 0`` raster.

    Raises:
        ReceiptError: a character cannot be encoded, a code does not fit the paper,
            unknown profile or encoding. Nothing has been sent.
    """
    r = _Renderer(encoding, profile, paper_width_mm, native_qr)
    r.p.hw("INIT")
    r.p._raw(CHINESE_MODE_ON)
    for block in receipt.blocks:
        r.block(block)
    return r.p.output


def expected_text_lines(receipt: Receipt, *, encoding: str = "gb18030", paper_width_mm: int = 80) -> list[str]:
    """The text lines ``render`` prints for ``receipt``, in order (for tests and previews)."""
    cols = columns_for(paper_width_mm)
    out: list[str] = []
    for b in receipt.blocks:
        if isinstance(b, Title):
            out += wrap(fold_text(b.text, encoding), cols // 2)
        elif isinstance(b, Text):
            out += wrap(fold_text(b.text, encoding), max(1, cols // b.size))
        elif isinstance(b, KeyValue):
            out += kv_lines(fold_text(b.key, encoding), fold_text(b.value, encoding), cols)
        elif isinstance(b, Separator):
            out.append(separator_line(b.char, cols))
    return out
