"""QR and barcode reading on generated frames; payload classification."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.camera import codes
from drivers.camera.base import CodeRead
from drivers.sim.camera_sim import background, barcode_frame, ean13_check_digit, qr_frames


@pytest.fixture(scope="module")
def reader():
    return codes.CodeReader()


def test_qr_found_in_every_frame_of_a_moving_code(reader):
    frames = qr_frames("APPT:20261126-A001", 12)
    found = [reader.decode(f, at=1.0) for f in frames]
    assert all(len(f) == 1 for f in found)
    assert {(c.kind, c.payload, c.category, c.at) for f in found for c in f} == {
        ("qr", "APPT:20261126-A001", "appointment", 1.0)
    }


def test_chinese_payload_survives(reader):
    frame = qr_frames("DZZZ:营业执照-91610000", 1)[0]
    (code,) = reader.decode(frame)
    assert code.payload == "DZZZ:营业执照-91610000" and code.category == "e_licence"


def test_no_code_in_a_plain_frame(reader):
    assert reader.decode(background((1280, 720))) == []


def test_ean13_barcode_is_read(reader):
    assert codes.barcodes_supported()
    (code,) = reader.decode(barcode_frame("690123456789"))
    assert (code.kind, code.payload) == ("barcode", "690123456789" + ean13_check_digit("690123456789"))


def test_ean13_check_digit_golden():
    assert ean13_check_digit("590123412345") == "7"  # GS1 example 5901234123457


@pytest.mark.parametrize(
    "payload, category",
    [
        ("CTID:AAECAwQF", "e_id"),
        ("ctid:x", "e_id"),
        ("DZZZ:123", "e_licence"),
        ("APPT:20261126-A001", "appointment"),
        ("https://example.org", "other"),
        ("", "other"),
    ],
)
def test_classify_by_prefix(payload, category):
    assert codes.classify(payload) == category


def test_decode_payload_falls_back_to_gb18030():
    assert codes.decode_payload("预约".encode("gb18030")) == "预约"
    assert codes.decode_payload("预约".encode()) == "预约"
    assert codes.decode_payload(b"\xff\xfe\xfd\x80") == "\xff\xfe\xfd\x80"


def test_code_read_repr_hides_the_payload():
    code = CodeRead("qr", "CTID:610103188001010012", 0.0, "e_id")
    assert "610103" not in repr(code) and "e_id" in repr(code)


def test_downscale_keeps_aspect_and_goes_grey():
    small = codes.to_small_grey(np.zeros((720, 1280, 3), np.uint8), 640)
    assert small.shape == (360, 640)
    assert codes.to_small_grey(np.zeros((100, 200), np.uint8), 640).shape == (100, 200)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 80), st.integers(1, 80), st.booleans(), st.integers(0, 2**32 - 1))
def test_random_images_never_raise(h, w, colour, seed):
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, (h, w, 3) if colour else (h, w), dtype=np.uint8)
    found = _SHARED.decode(img)
    assert isinstance(found, list) and all(c.kind in ("qr", "barcode") for c in found)


_SHARED = codes.CodeReader()
