"""The scanner thread over the fake camera: each code once, errors said, recovery."""

from __future__ import annotations

import queue

import pytest

from drivers.camera.base import Camera, CodeRead
from drivers.camera.fake import FakeCamera
from drivers.camera.scanner import CodeScanner
from drivers.health import HealthState
from drivers.sim.camera_sim import background, page_on_desk, qr_frames
from tests.support.waiting import wait_for


@pytest.fixture(scope="module")
def code_frames():
    return qr_frames("CTID:AAECAwQFBgcI", 6)


def test_fake_is_a_camera_and_cycles_frames(code_frames):
    cam = FakeCamera()
    assert isinstance(cam, Camera) and cam.kind == "camera"
    cam.frames = code_frames[:2]
    assert cam.read_frame() is code_frames[0] and cam.read_frame() is code_frames[1]
    assert cam.read_frame() is code_frames[0]


def test_reports_a_code_held_in_view_once(code_frames):
    cam = FakeCamera()
    cam.frames = code_frames
    got: queue.Queue[CodeRead] = queue.Queue()
    with CodeScanner(cam, got.put, every_nth=2) as scanner:
        first = got.get(timeout=5)
        assert wait_for(lambda: scanner.frames_decoded >= 12)
    assert (first.payload, first.category, first.kind) == ("CTID:AAECAwQFBgcI", "e_id", "qr")
    assert got.empty()
    assert scanner.frames_read >= 2 * scanner.frames_decoded - 1


def test_is_new_repeats_only_after_the_code_was_away():
    scanner = CodeScanner(FakeCamera(), lambda c: None, repeat_after_s=3.0)
    seen = [scanner.is_new(CodeRead("qr", "APPT:1", t)) for t in (0.0, 1.0, 2.5, 3.0, 7.0, 7.5)]
    assert seen == [True, False, False, False, True, False]


def test_every_nth_must_be_positive():
    with pytest.raises(ValueError):
        CodeScanner(FakeCamera(), lambda c: None, every_nth=0)


def test_camera_error_is_reported_and_recovery_too(code_frames):
    cam = FakeCamera()
    cam.frames = [background((320, 180))]
    errors: queue.Queue = queue.Queue()
    codes: queue.Queue = queue.Queue()
    with CodeScanner(cam, codes.put, on_error=errors.put):
        cam.unplug()
        err = errors.get(timeout=2)
        assert err.key == "device.camera.disconnected"
        assert cam.probe().state is HealthState.OFFLINE
        cam.frames = code_frames
        cam.plug()
        assert errors.get(timeout=3) is None
        assert codes.get(timeout=5).payload == "CTID:AAECAwQFBgcI"


def test_a_failing_callback_does_not_stop_scanning(code_frames, caplog):
    cam = FakeCamera()
    cam.frames = code_frames
    calls = []

    def explode(code):
        calls.append(code)
        raise RuntimeError("ui gone")

    scanner = CodeScanner(cam, explode, repeat_after_s=0.0).start()
    try:
        assert wait_for(lambda: len(calls) >= 2)
        assert scanner.running
    finally:
        scanner.stop()
    assert not scanner.running
    assert "ui gone" in caplog.text and "CTID" not in caplog.text


def test_fake_capture_document_runs_the_real_page_finder(tmp_path):
    cam = FakeCamera(doc_dpi=100)
    cam.doc_frame = page_on_desk()
    result = cam.capture_document(tmp_path / "doc.jpg")
    assert result.found_page and (result.width, result.height) == (827, 1169)
    assert result.path.exists() and cam.captures == [result]
