"""Finding, straightening and saving a page photographed by the 高拍仪."""

from __future__ import annotations

import stat

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.camera import document
from drivers.camera.base import CaptureFailed
from drivers.sim.camera_sim import PAGE_CORNERS, background, page_on_desk


@pytest.fixture(scope="module")
def desk():
    return page_on_desk()


def test_a4_pixels_golden():
    assert document.a4_pixels(200) == (1654, 2339)
    assert document.a4_pixels(300, landscape=True) == (3508, 2480)


def test_order_corners_any_order():
    pts = np.array([[10, 90], [90, 10], [10, 10], [90, 90]])
    assert document.order_corners(pts).tolist() == [[10, 10], [90, 10], [90, 90], [10, 90]]


def test_finds_the_tilted_page_corners(desk):
    corners = document.find_page(desk)
    assert corners is not None
    assert np.abs(corners - np.array(PAGE_CORNERS, np.float32)).max() <= 3


def test_straightened_page_has_a4_aspect_and_straight_edges(desk):
    image, corners = document.scan(desk, 150)
    assert corners is not None
    h, w = image.shape[:2]
    assert (w, h) == document.a4_pixels(150)
    assert abs(h / w - 297 / 210) < 0.01
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # The printed border sits 6 % in from each edge of the page; after straightening,
    # its left and right lines must be vertical and its top line horizontal.
    band_w, band_h = int(w * 0.1), int(h * 0.1)  # the border lies in these, the text beyond
    rows = range(int(h * 0.2), int(h * 0.8), 25)
    left = [int(np.argmax(grey[r, :band_w] < 128)) for r in rows]
    right = [w - 1 - int(np.argmax(grey[r, ::-1][:band_w] < 128)) for r in rows]
    cols = range(int(w * 0.2), int(w * 0.8), 25)
    top = [int(np.argmax(grey[:band_h, c] < 128)) for c in cols]
    for line, expect in ((left, 0.06 * w), (right, 0.94 * w), (top, 0.06 * w)):
        assert np.ptp(line) <= 3, line
        assert abs(np.mean(line) - expect) < 0.01 * w, line
    # No desk left at the corners: the crop is the page.
    assert grey[:5, :5].mean() > 200 and grey[-5:, -5:].mean() > 200


def test_landscape_page_comes_out_landscape():
    frame = page_on_desk(corners=((200, 150), (1100, 180), (1080, 620), (230, 600)))
    image, corners = document.scan(frame, 100)
    assert corners is not None and image.shape[1] > image.shape[0]


def test_no_page_returns_the_frame_unchanged():
    frame = background((640, 360))
    image, corners = document.scan(frame, 200)
    assert corners is None and image is frame


def test_save_jpeg_writes_a_decodable_file(tmp_path, desk):
    path = document.save_jpeg(tmp_path / "材料" / "page.jpg", desk)
    data = np.frombuffer(path.read_bytes(), np.uint8)
    assert cv2.imdecode(data, cv2.IMREAD_COLOR).shape == desk.shape
    assert [p.name for p in path.parent.iterdir()] == ["page.jpg"]


def test_save_failure_is_typed_and_leaves_nothing(tmp_path, desk):
    blocker = tmp_path / "not-a-dir"
    blocker.write_bytes(b"x")
    with pytest.raises(CaptureFailed) as err:
        document.save_jpeg(blocker / "page.jpg", desk)
    assert err.value.key == "device.camera.save_failed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]
    assert stat.S_ISREG(blocker.stat().st_mode)


@settings(max_examples=30, deadline=None)
@given(st.integers(8, 120), st.integers(8, 120), st.integers(0, 2**32 - 1))
def test_random_images_give_a_page_or_none(h, w, seed):
    img = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
    corners = document.find_page(img)
    assert corners is None or corners.shape == (4, 2)
