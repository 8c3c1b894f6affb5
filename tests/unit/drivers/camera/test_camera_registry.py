"""The registry builds the camera backends from their config options."""

from __future__ import annotations

from drivers import registry
from drivers.camera.fake import FakeCamera
from drivers.camera.opencv_backend import OpenCvCamera


def test_camera_backends_take_the_configured_options():
    options = {"source": "0", "doc_source": "1", "width": 640, "height": 480, "doc_dpi": 300}
    real = registry.create("camera", "opencv", options)
    fake = registry.create("camera", "fake", options)
    assert isinstance(real, OpenCvCamera) and real.doc_dpi == 300
    assert isinstance(fake, FakeCamera) and fake.read_frame().shape == (480, 640, 3)
    real.close()
