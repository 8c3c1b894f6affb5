"""Decoder: round trips (golden and hypothesis), rasters read back by OpenCV, fuzz."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.errors import ProtocolError
from drivers.printer import escpos_render as er
from drivers.printer.escpos_decode import (
    BarcodeElement,
    CutElement,
    FeedElement,
    QrCode,
    Raster,
    TextLine,
    decode,
    qr_payloads,
    text_lines,
    tokenize,
)
from drivers.printer.receipt import Barcode, Cut, Feed, KeyValue, Qr, Receipt, Separator, Text, Title

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)  # GB2312/GBK Han range
ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
FULLWIDTH = st.sampled_from("：，。！？（）；、￥“”《》【】　")
TEXT = st.text(st.one_of(CJK, ASCII, FULLWIDTH), max_size=60)
LINE = st.text(st.one_of(CJK, ASCII, FULLWIDTH), min_size=1, max_size=20)

BLOCKS = st.one_of(
    st.builds(Title, LINE),
    st.builds(
        Text,
        st.lists(TEXT, min_size=1, max_size=3).map("\n".join),
        size=st.integers(1, 3),
        bold=st.booleans(),
        align=st.sampled_from(["left", "center", "right"]),
    ),
    st.builds(KeyValue, LINE, LINE),
    st.builds(Qr, st.text(st.one_of(CJK, ASCII), min_size=1, max_size=80), module=st.integers(2, 6)),
    st.builds(Barcode, st.text(ASCII, min_size=1, max_size=12)),
    st.builds(Separator, st.sampled_from("-=*.")),
    st.builds(Feed, st.integers(1, 3)),
    st.builds(Cut, st.booleans()),
)


def test_golden_receipt_decodes_to_its_parts():
    r = (
        Receipt.builder()
        .title("受理回执")
        .kv("金额：", "¥12.50")
        .text("右", align="right", bold=True)
        .qr("https://example.gov.cn/q?id=1&n=张")
        .barcode("A001")
        .feed(2)
        .cut(partial=True)
        .build()
    )
    els = decode(er.render(r))
    assert els[0] == TextLine("受理回执", "center", True, 2, 2)
    assert els[1].text.startswith("金额：") and els[1].text.endswith("¥12.50")
    assert els[2] == TextLine("右", "right", True, 1, 1)
    assert els[3] == QrCode("https://example.gov.cn/q?id=1&n=张", 6, "M", "center")
    assert BarcodeElement("code128", "A001", "center") in els
    assert FeedElement(2) in els
    assert els[-1] == CutElement(partial=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(BLOCKS, max_size=8),
    enc=st.sampled_from(["gb18030", "gbk", "utf-8"]),
    width=st.sampled_from([58, 80]),
)
def test_random_receipts_round_trip(blocks, enc, width):
    receipt = Receipt(tuple(blocks))
    els = decode(er.render(receipt, encoding=enc, paper_width_mm=width), enc)
    assert text_lines(els) == er.expected_text_lines(receipt, encoding=enc, paper_width_mm=width)
    assert qr_payloads(els) == [b.payload for b in blocks if isinstance(b, Qr)]
    assert [e.data for e in els if isinstance(e, BarcodeElement)] == [b.data for b in blocks if isinstance(b, Barcode)]
    assert sum(isinstance(e, CutElement) for e in els) == sum(isinstance(b, Cut) for b in blocks)
    # Every character of every Text block comes back, in order, whatever the wrapping.
    joined = "".join(text_lines(els))
    for b in blocks:
        if isinstance(b, Text):
            assert b.text.replace("\n", "") in joined


def _read_qr(img) -> str:
    arr = np.array(img.convert("L"))
    arr = cv2.copyMakeBorder(arr, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255)
    arr = cv2.resize(arr, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(arr)
    return text


@pytest.mark.parametrize("payload", ["https://zwfw.example.gov.cn/c/2026-000123", "A001"])
def test_raster_qr_decodes_back_with_opencv(payload):
    els = decode(er.render(Receipt.builder().qr(payload).build(), native_qr=False))
    (raster,) = [e for e in els if isinstance(e, Raster)]
    assert raster.align == "center"
    assert _read_qr(raster.image) == payload


def test_dle_eot_inside_raster_data_is_data_not_a_query():
    # 1 byte wide, 3 rows: the row bytes spell DLE EOT 4.
    job = b"\x1dv0\x00\x01\x00\x03\x00" + b"\x10\x04\x04" + b"\x10\x04\x01"
    tokens, used = tokenize(job)
    assert [t.kind for t in tokens] == ["GS v 0", "DLE EOT"] and used == len(job)


def test_tokenize_leaves_an_incomplete_command_for_later():
    job = er.render(Receipt.builder().qr("abc").build(), native_qr=False)
    cut = len(job) - 10
    tokens, used = tokenize(job[:cut], final=False)
    assert used < cut
    rest, used2 = tokenize(job[used:], final=False)
    assert [t.raw for t in tokens + rest] == [t.raw for t in tokenize(job)[0]]
    with pytest.raises(ProtocolError):
        tokenize(job[:cut], final=True)


def test_bad_text_in_strict_mode_is_a_protocol_error_and_lenient_replaces():
    with pytest.raises(ProtocolError) as err:
        decode(b"\xff\xfe\n", "gb18030")
    assert err.value.data["reason"] == "bad_text"
    assert decode(b"\xff\xfe\n", "gb18030", strict=False)[0].text.startswith("\ufffd")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["gb18030", "gbk", "utf-8"]))
def test_random_bytes_decode_or_raise_protocol_error(data, enc):
    try:
        els = decode(data, enc)
    except ProtocolError as exc:
        assert exc.key == "device.printer.bad_job"
    else:
        assert isinstance(els, list)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_mutated_jobs_decode_or_raise_protocol_error(data):
    job = bytearray(er.render(Receipt.builder().title("回执").kv("金额：", "¥1").qr("A1").barcode("B2").cut().build()))
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["flip", "drop", "insert"]))
        i = data.draw(st.integers(0, len(job) - 1))
        if op == "flip":
            job[i] = data.draw(st.integers(0, 255))
        elif op == "drop":
            del job[i]
        else:
            job.insert(i, data.draw(st.integers(0, 255)))
    try:
        elements = decode(bytes(job))
    except ProtocolError as exc:
        assert exc.key.startswith("device.printer.")  # typed, with a message key
    else:
        assert isinstance(elements, list)
        assert all(isinstance(e, (TextLine, QrCode, Raster, BarcodeElement, FeedElement, CutElement)) for e in elements)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=120))
def test_png_preview_of_random_bytes_draws_or_raises_protocol_error(data):
    from drivers.printer.png_render import job_to_png

    try:
        img = job_to_png(b"\x1b@" + data)
    except ProtocolError:
        return
    assert img.width == 576 + 32


def test_zero_size_raster_and_huge_text_still_preview():
    from drivers.printer.png_render import job_to_png

    img = job_to_png(b"\x1dv0\x00\x00\x00\x05\x00" + b"\x1d!\xff" + "大".encode("gb18030") + b"\n")
    assert img.height > 24 * 16  # 16x-high glyph line drawn
