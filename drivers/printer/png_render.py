"""Receipt or printed job -> PNG, as a thermal printer would lay it out.

A receipt is rendered to ESC/POS bytes and decoded back before drawing, so the picture
shows what the printer receives, not what we meant to send. Geometry follows the
printer: 8 dots/mm, font A cells of 12x24 dots (a Chinese glyph takes two cells),
30-dot line pitch, QR modules of the stored dot size.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from drivers.printer import escpos_decode as dec
from drivers.printer.escpos_render import PAPER_DOTS, char_columns, qr_image, render
from drivers.printer.receipt import Receipt

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
BOLD_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",)
CELL_W, CELL_H, PITCH = 12, 24, 30
MARGIN = 16  # white border in the picture, not on paper


@functools.lru_cache(maxsize=4)
def _font(bold: bool) -> Any:
    from PIL import ImageFont

    for path in (BOLD_CANDIDATES if bold else ()) + FONT_CANDIDATES:
        if os.path.exists(path):
            # index 2 of NotoSansCJK .ttc is the Simplified Chinese (SC) face
            index = 2 if "NotoSansCJK" in path else 0
            return ImageFont.truetype(path, CELL_H - 2, index=index)
    return ImageFont.load_default(size=CELL_H - 2)


def _text_image(line: dec.TextLine) -> Any:
    from PIL import Image

    cols = sum(char_columns(c) for c in line.text)
    img = Image.new("L", (max(1, cols * CELL_W), PITCH), 255)
    font = _font(line.bold)
    x = 0
    for ch in line.text:
        w = char_columns(ch) * CELL_W
        if not ch.isspace():
            img.paste(_glyph(ch, font, w), (x, 0))
        x += w
    if line.width != 1 or line.height != 1:
        img = img.resize((img.width * line.width, img.height * line.height))
    return img


def _glyph(ch: str, font: Any, cell_w: int) -> Any:
    """One character in its cell, squeezed to the cell's width when the drawing font's
    glyph is wider (W, M, m at this size): the printer's font A fits every letter in its
    12 dots, and a glyph drawn centred past its cell was cut off at the line's left edge
    ("What" printed as "Nhat", issue 14 finding 15) or overlapped its neighbours."""
    from PIL import Image, ImageDraw

    left, _top, right, _bottom = font.getbbox(ch, anchor="mm")
    room = max(cell_w, int(right - left) + 2)
    img = Image.new("L", (room, PITCH), 255)
    ImageDraw.Draw(img).text((room / 2, CELL_H / 2 + 2), ch, font=font, fill=0, anchor="mm")
    return img if room == cell_w else img.resize((cell_w, PITCH))


def _barcode_image(b: dec.BarcodeElement) -> Any:
    from PIL import Image, ImageDraw

    try:
        import barcode
        from barcode.writer import ImageWriter

        code = barcode.get_barcode_class("code128" if b.symbology == "code128" else "code39")
        img = code(b.data, writer=ImageWriter()).render(
            writer_options={
                "module_height": 8,
                "module_width": 0.25,
                "dpi": 203,
                "quiet_zone": 1,
                "font_size": 9,
                "text_distance": 5,
            }
        )
        return img.convert("L")
    except Exception:  # python-barcode missing or refuses the data: draw a labelled box
        img = Image.new("L", (300, 90), 255)
        draw = ImageDraw.Draw(img)
        draw.rectangle((0, 0, 299, 64), outline=0)
        draw.text((150, 78), b.data, font=_font(False), fill=0, anchor="mm")
        return img


def _place(canvas_w: int, item_w: int, align: str) -> int:
    if align == "center":
        return max(0, (canvas_w - item_w) // 2)
    if align == "right":
        return max(0, canvas_w - item_w)
    return 0


def render_elements(elements: list[dec.Element], paper_width_mm: int = 80) -> Any:
    """Draw decoded elements on a strip of paper; returns a Pillow "L" image."""
    from PIL import Image, ImageDraw

    dots = PAPER_DOTS.get(paper_width_mm, 576)
    pieces: list[tuple[Any, str]] = []
    for e in elements:
        if isinstance(e, dec.TextLine):
            pieces.append((_text_image(e), e.align))
        elif isinstance(e, dec.QrCode):
            pieces.append((qr_image(e.payload, max(1, e.module)).convert("L"), e.align))
        elif isinstance(e, dec.Raster):
            pieces.append((e.image.convert("L"), e.align))
        elif isinstance(e, dec.BarcodeElement):
            pieces.append((_barcode_image(e), e.align))
        elif isinstance(e, dec.FeedElement):
            pieces.append((Image.new("L", (1, PITCH * min(e.lines, 10)), 255), "left"))
        elif isinstance(e, dec.CutElement):
            cut = Image.new("L", (dots, 12), 255)
            d = ImageDraw.Draw(cut)
            for x in range(0, dots, 12):  # dashed line where the knife cuts
                d.line((x, 6, x + 6, 6), fill=0, width=2)
            pieces.append((cut, "left"))
    height = sum(p.height for p, _ in pieces) + 2 * MARGIN
    canvas = Image.new("L", (dots + 2 * MARGIN, max(height, 2 * MARGIN + PITCH)), 255)
    y = MARGIN
    for piece, align in pieces:
        if piece.width > dots:  # the printer drops what does not fit; so do we
            piece = piece.crop((0, 0, dots, piece.height))
        canvas.paste(piece, (MARGIN + _place(dots, piece.width, align), y))
        y += piece.height
    return canvas


def job_to_png(
    data: bytes, path: str | Path | None = None, *, encoding: str = "gb18030", paper_width_mm: int = 80
) -> Any:
    """Decode a printed job (leniently: bad text shows as U+FFFD) and draw it.

    Raises:
        ProtocolError: the bytes are not ESC/POS we understand.
    """
    img = render_elements(dec.decode(data, encoding, strict=False), paper_width_mm)
    if path is not None:
        img.save(str(path), format="PNG")
    return img


def receipt_to_png(
    receipt: Receipt,
    path: str | Path | None = None,
    *,
    encoding: str = "gb18030",
    profile: str = "default",
    paper_width_mm: int = 80,
    native_qr: bool = True,
) -> Any:
    """Render ``receipt`` as the printer would print it; save to ``path`` if given."""
    data = render(receipt, encoding=encoding, profile=profile, paper_width_mm=paper_width_mm, native_qr=native_qr)
    return job_to_png(data, path, encoding=encoding, paper_width_mm=paper_width_mm)
