"""The English one-time notice through the TCP printer simulator, read back and drawn:
every letter whole (issue 14, finding 15: "What" showed as "Nhat", its W cut off)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PIL import Image

from drivers.printer import escpos_decode as dec
from drivers.printer.png_render import MARGIN, PITCH, job_to_png, render_elements
from kiosk.catalog import CatalogService
from kiosk.catalog.notices import one_time_notice
from tests.feeds import write_tiny_feed
from ui import i18n

NOW = dt.datetime(2026, 12, 7, 9, 30)
SHOTS = Path("/work/briefs/png")


def _ink_columns(img: Image.Image, top: int) -> list[int]:
    """The x of every column with ink in one printed line starting at ``top``."""
    line = img.crop((0, top, img.width, top + PITCH))
    return [x for x in range(line.width) if any(line.getpixel((x, y)) < 128 for y in range(line.height))]


def test_the_english_notice_prints_every_first_letter_whole(sim, printer, tmp_path) -> None:
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(write_tiny_feed(tmp_path), "feed")
    i18n.set_language("en")
    try:
        receipt = one_time_notice(
            catalog.item("T-GLJT"), hall_name="Beilin Government Service Centre", now=NOW, tr=i18n.tr
        )
    finally:
        i18n.set_language("zh_CN")
    printer.print_receipt(receipt)
    assert sim.wait_for_jobs(1)
    (job,) = sim.jobs
    printed = [e for e in dec.decode(job, "gb18030") if isinstance(e, dec.TextLine)]
    where = next(e for e in printed if e.text.startswith("Where"))
    img = job_to_png(job)
    if SHOTS.is_dir():
        img.save(SHOTS / "english-notice.png")
    # The printed line that starts with a wide letter at the paper's left edge: its ink
    # must start inside the paper, not be cut at the edge of the line's picture.
    drawn = render_elements([where])
    ink = _ink_columns(drawn, MARGIN)
    assert ink and ink[0] > MARGIN, "the W is cut at the left edge"
    # The whole W is there: it spans most of its 12-dot cell, not a sliver of it.
    first_cell = [x for x in ink if x < MARGIN + 12]
    assert len(first_cell) >= 9
