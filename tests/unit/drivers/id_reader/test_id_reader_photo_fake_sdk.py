"""Photo-decoder plug-in seam, the fake reader, and the vendor-SDK seam when absent."""

from __future__ import annotations

import ctypes.util
import dataclasses
import textwrap

import pytest

from drivers import registry
from drivers.errors import DeviceUnavailable
from drivers.health import HealthState
from drivers.id_reader import photo
from drivers.id_reader.base import NoCardError, ReadFailedError
from drivers.id_reader.fake import FakeIdCardReader
from drivers.id_reader.samples import DEMO_CARDS, DUMMY_WLT
from drivers.id_reader.sdk_backend import VendorSdkIdCardReader

BMP = b"BM" + bytes(60)


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    return tmp_path


def _plugin(folder, name, body):
    (folder / f"{name}.py").write_text(textwrap.dedent(body), encoding="utf-8")
    return name


def test_no_decoder_means_photo_unavailable():
    assert photo.load_decoder("") is None
    assert photo.load_decoder("no_such_vendor_module_xyz") is None
    assert photo.decode(None, DUMMY_WLT) is None
    assert photo.PHOTO_UNAVAILABLE_KEY == "device.id_reader.photo_unavailable"
    assert FakeIdCardReader().photo_image(DEMO_CARDS[0]) is None


def test_decoder_plugin_returns_the_image(plugin_dir):
    name = _plugin(
        plugin_dir,
        "demo_wlt_ok",
        f"""
        def decode_wlt(wlt):
            assert len(wlt) == 1024
            return {BMP!r}
    """,
    )
    reader = FakeIdCardReader(photo_decoder=name)
    assert reader.photo_image(DEMO_CARDS[0]) == BMP
    assert reader.photo_image(dataclasses.replace(DEMO_CARDS[0], photo_wlt=b"")) is None


@pytest.mark.parametrize(
    "body",
    [
        "def decode_wlt(wlt):\n    raise OSError('libwlt2bmp.so missing')\n",
        "def decode_wlt(wlt):\n    return b'not an image'\n",
        "decode_wlt = None\n",
        "raise ImportError('vendor .so absent')\n",
    ],
)
def test_broken_decoders_never_break_a_visit(plugin_dir, body, request):
    name = _plugin(
        plugin_dir,
        f"demo_wlt_bad_{request.node.callspec.id.replace('-', '_')[:20]}".replace("[", "_").replace("]", "_"),
        body,
    )
    assert FakeIdCardReader(photo_decoder=name).photo_image(DEMO_CARDS[0]) is None


def test_fake_insert_remove_and_faults():
    reader = FakeIdCardReader(present=False)
    with pytest.raises(NoCardError):
        reader.read_card()
    reader.insert(DEMO_CARDS[1])
    assert reader.read_card().id_number == "610113188001010023"
    assert len(reader.read_card(with_fingerprint=True).fingerprint) == 1024
    nxt = reader.insert_next()
    assert nxt.card_type == "resident"
    reader.fail_next(ReadFailedError(), times=2)
    for _ in range(2):
        with pytest.raises(ReadFailedError):
            reader.read_card()
    assert reader.read_card() == nxt
    reader.remove()
    with pytest.raises(NoCardError):
        reader.additional_address()
    reader.set_offline(True)
    assert reader.probe().state is HealthState.OFFLINE
    with pytest.raises(DeviceUnavailable):
        reader.sam_id()
    reader.set_offline(False)
    assert reader.probe().state is HealthState.OK
    assert reader.sam_id().startswith("05.01-")


def test_fake_builds_through_the_registry_with_serial_options():
    reader = registry.create("id_reader", "fake", {"url": "/dev/ttyUSB0", "baud": 9600})
    assert isinstance(reader, FakeIdCardReader)
    assert reader.read_card().card_type == "resident"


def test_vendor_sdk_absent():
    assert ctypes.util.find_library("sdtapi") is None  # precondition of this machine
    assert VendorSdkIdCardReader.is_usable() is False
    reader = VendorSdkIdCardReader("/nonexistent/libsdtapi.so")
    assert reader.available() is False
    with pytest.raises(DeviceUnavailable) as info:
        reader.read_card()
    assert info.value.key == "device.id_reader.sdk_missing"
    health = reader.probe()
    assert (health.state, health.key) == (HealthState.OFFLINE, "device.id_reader.sdk_missing")
    assert reader.additional_address() is None


def test_vendor_sdk_library_without_sdt_functions():
    libc = ctypes.util.find_library("c")
    assert libc
    reader = VendorSdkIdCardReader(library=libc)
    with pytest.raises(DeviceUnavailable) as info:
        reader.read_card()
    assert info.value.key == "device.id_reader.sdk_no_function"


def test_vendor_sdk_in_registry_is_refused_when_unusable():
    assert "vendor_sdk" in registry.backend_names("id_reader")
    with pytest.raises(DeviceUnavailable) as info:
        registry.create("id_reader", "vendor_sdk", {"library": "/nonexistent/libsdtapi.so"})
    assert info.value.key == "device.backend_unusable"
