"""PNG preview, the test page, and the fake printer."""

from __future__ import annotations

import datetime as dt

import cv2
import numpy as np
import pytest
from PIL import Image, ImageStat

from drivers.errors import DeviceError
from drivers.health import HealthState
from drivers.printer import testpage
from drivers.printer.base import PaperOutError, PrinterDisconnected, ReceiptPrinter
from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from drivers.printer.fake import FakeReceiptPrinter
from drivers.printer.png_render import receipt_to_png
from drivers.printer.receipt import Receipt

NOW = dt.datetime(2026, 11, 26, 9, 30)


@pytest.mark.parametrize("width, dots", [(58, 384), (80, 576)])
def test_png_is_paper_wide_and_not_blank(tmp_path, width, dots):
    out = tmp_path / "r.png"
    receipt_to_png(testpage.test_receipt(NOW), out, paper_width_mm=width, native_qr=width == 80)
    with Image.open(out) as img:
        assert img.format == "PNG" and img.width == dots + 32 and img.height > 600
        gray = img.convert("L")
    dark = sum(gray.histogram()[:128])
    assert 0.03 < dark / (img.width * img.height) < 0.5  # ink, but mostly paper
    # The QR area (middle of the strip) has ink; an empty preview would be all white.
    assert ImageStat.Stat(gray.crop((0, img.height // 3, img.width, 2 * img.height // 3))).mean[0] < 250
    # The QR code drawn in the preview scans back to the test page's payload.
    assert cv2.QRCodeDetector().detectAndDecode(np.array(gray))[0] == testpage.TEST_QR_PAYLOAD


def test_test_receipt_has_what_print_test_promises():
    r = testpage.test_receipt(NOW)
    from drivers.printer.escpos_render import render

    els = decode(render(r))
    text = "\n".join(text_lines(els))
    assert "：" in text and "¥12.50" in text and "打印测试" in text
    assert "2026-11-26 09:30:00" in text
    assert qr_payloads(els) == [testpage.TEST_QR_PAYLOAD]


def test_fake_prints_and_keeps_bytes():
    fake = FakeReceiptPrinter()
    assert isinstance(fake, ReceiptPrinter) and fake.probe().state is HealthState.OK
    result = fake.print_receipt(Receipt.builder().text("办结").build())
    assert result.bytes_sent == len(fake.jobs[0]) and "办结" in text_lines(decode(fake.jobs[0]))


def test_fake_paper_states_and_faults():
    fake = FakeReceiptPrinter(paper="near_end")
    assert fake.probe().key == "device.printer.paper_near_end"
    fake.set_paper("out")
    with pytest.raises(PaperOutError):
        fake.print_receipt(Receipt.builder().text("x").build())
    assert fake.jobs == [] and fake.probe().key == "device.printer.paper_out"
    fake.set_paper("ok")
    fake.unplug()
    with pytest.raises(PrinterDisconnected):
        fake.status()
    assert fake.probe().state is HealthState.OFFLINE
    fake.plug_in()
    fake.fail_next(DeviceError("device.printer.no_answer"))
    assert fake.probe().key == "device.printer.no_answer"
    assert fake.probe().state is HealthState.OK
