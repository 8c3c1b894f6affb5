"""OpenCvCamera on generated footage through the real VideoCapture path."""

from __future__ import annotations

import queue
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest

from drivers.camera.base import CameraUnavailable
from drivers.camera.opencv_backend import OpenCvCamera
from drivers.camera.scanner import CodeScanner
from drivers.health import HealthState
from drivers.sim.camera_sim import CameraSim
from tests.helpers import REPO


@pytest.fixture
def qr_sim(tmp_path):
    with CameraSim(tmp_path, scene="qr", payload="APPT:20261126-A001", frames=20, fps=30) as sim:
        yield sim


@pytest.fixture
def doc_sim(tmp_path):
    with CameraSim(tmp_path, scene="document", frames=2, fps=5) as sim:
        yield sim


def test_backend_is_usable():
    assert OpenCvCamera.is_usable()


def test_footage_loops_at_its_end(qr_sim):
    cam = OpenCvCamera(source=qr_sim.source)
    try:
        frames = [cam.read_frame() for _ in range(22)]  # 20 in the file: it loops
        assert all(f.shape == (720, 1280, 3) for f in frames)
        assert np.array_equal(frames[20], frames[0]) and not np.array_equal(frames[1], frames[0])
        assert cam.probe().state is HealthState.OK
    finally:
        cam.close()


def test_scanner_reports_the_payload_once(qr_sim):
    cam = OpenCvCamera(source=qr_sim.source)
    got: queue.Queue = queue.Queue()
    scanner = CodeScanner(cam, got.put, every_nth=2)
    with scanner:
        code = got.get(timeout=5)
        deadline = time.monotonic() + 10
        while scanner.frames_read < 30 and time.monotonic() < deadline:  # past one loop
            time.sleep(0.02)
    cam.close()
    assert (code.kind, code.payload, code.category) == ("qr", "APPT:20261126-A001", "appointment")
    assert got.empty()
    assert scanner.frames_read >= 30


def test_missing_file_is_offline_with_a_clear_key(tmp_path):
    cam = OpenCvCamera(source=str(tmp_path / "no-such-camera.avi"))
    started = time.monotonic()
    health = cam.probe()
    assert time.monotonic() - started < 1
    assert health.state is HealthState.OFFLINE and health.key == "device.camera.not_found"
    assert health.data == {"source": "no-such-camera.avi"}
    with pytest.raises(CameraUnavailable):
        cam.read_frame()


def test_pulled_during_scanning_then_back(qr_sim):
    cam = OpenCvCamera(source=qr_sim.source)
    events: queue.Queue = queue.Queue()
    codes: queue.Queue = queue.Queue()
    with CodeScanner(cam, codes.put, on_error=events.put):
        codes.get(timeout=5)
        qr_sim.unplug()
        started = time.monotonic()
        err = events.get(timeout=2)
        assert time.monotonic() - started < 2
        assert err.key in ("device.camera.disconnected", "device.camera.not_found")
        assert cam.probe().state is HealthState.OFFLINE
        qr_sim.plug()
        assert events.get(timeout=3) is None  # frames flow again without a restart
    assert cam.probe().state is HealthState.OK
    cam.close()


def test_capture_document_from_the_document_camera(doc_sim, qr_sim, tmp_path):
    cam = OpenCvCamera(source=qr_sim.source, doc_source=doc_sim.source, doc_dpi=200)
    try:
        result = cam.capture_document(tmp_path / "out" / "材料1.jpg")
        low = cam.capture_document(tmp_path / "out" / "low.jpg", dpi=100)
    finally:
        cam.close()
    assert result.found_page and (result.width, result.height) == (1654, 2339)
    image = cv2.imdecode(np.frombuffer(result.path.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    assert image.shape == (2339, 1654, 3)
    assert image[:20, :20].mean() > 200  # cropped to the paper, not the desk
    assert (low.width, low.height) == (827, 1169)


def test_sim_runs_alone_and_prints_sources(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "drivers.sim.camera_sim", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    sources = dict(line.split(": source=") for line in out.stdout.splitlines())
    assert set(sources) == {"qr", "document"}
    cam = OpenCvCamera(source=sources["qr"], doc_source=sources["document"])
    try:
        assert cam.probe().state is HealthState.OK
    finally:
        cam.close()


def test_stream_url_refused_is_offline_without_credentials():
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cam = OpenCvCamera(source=f"rtsp://clerk:secret@127.0.0.1:{port}/stream")
    health = cam.probe()
    assert health.state is HealthState.OFFLINE and health.key == "device.camera.not_found"
    assert "secret" not in str(health.data) and "clerk" not in str(health.data)
    assert health.data == {"source": f"rtsp://127.0.0.1:{port}"}
