"""Register map encoding (GB18030 text, brightness) and the fake bus."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers import registry
from drivers.errors import DeviceTimeout, DeviceUnavailable
from drivers.health import HealthState
from drivers.queue_bus import registers
from drivers.queue_bus.base import BadValueError, TextTooLongError
from drivers.queue_bus.fake import FakeQueueBus


def test_text_is_gb18030_two_bytes_per_register():
    regs = registers.text_to_registers("请A001")
    assert len(regs) == 64
    assert regs[:3] == [0xC7EB, 0x4130, 0x3031]  # 请 = C7 EB in GB18030
    assert regs[3:] == [0] * 61
    assert registers.registers_to_text(regs) == "请A001"


def test_text_limits():
    assert registers.registers_to_text(registers.text_to_registers("号" * 64)) == "号" * 64
    with pytest.raises(TextTooLongError) as info:
        registers.text_to_registers("号" * 65)
    assert info.value.key == "device.queue_bus.text_too_long"
    assert info.value.data == {"size": 130, "limit": 128}
    with pytest.raises(BadValueError):
        registers.text_to_registers("a\x00b")
    with pytest.raises(BadValueError):
        registers.text_to_registers("\ud800")


@pytest.mark.parametrize("level", [-1, 16, True, 3.0, "5"])
def test_bad_brightness(level):
    with pytest.raises(BadValueError) as info:
        registers.check_brightness(level)
    assert info.value.key == "device.queue_bus.bad_brightness"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_round_trips_or_is_refused_whole(text):
    try:
        regs = registers.text_to_registers(text)
    except BadValueError:
        return
    assert len(regs) == 64 and all(0 <= r <= 0xFFFF for r in regs)
    assert registers.registers_to_text(regs) == text


def test_fake_bus():
    bus = registry.create("queue_bus", "fake", {"display_address": 3, "pad_address": 4})
    assert isinstance(bus, FakeQueueBus)
    bus.show_text(None, "请A001号到3号窗口")
    bus.set_brightness(3, 12)
    assert (bus.displays[3].text, bus.displays[3].brightness) == ("请A001号到3号窗口", 12)
    with pytest.raises(TextTooLongError):
        bus.show_text(None, "号" * 65)
    assert bus.displays[3].text == "请A001号到3号窗口"  # nothing partial
    assert bus.read_rating(None) is None  # first read learns the counter
    bus.tap_rating(5)
    event = bus.read_rating(None)
    assert (event.address, event.rating, event.counter) == (4, 5, 1)
    assert bus.read_rating(None) is None
    bus.set_rate_lamp(None, True)
    assert bus.pads[4].lamp is True
    with pytest.raises(DeviceTimeout):
        bus.read_rating(9)
    bus.fail_next(DeviceTimeout("device.queue_bus.no_answer"))
    with pytest.raises(DeviceTimeout):
        bus.set_brightness(None, 1)
    bus.set_offline(True)
    assert bus.probe().state is HealthState.OFFLINE
    with pytest.raises(DeviceUnavailable):
        bus.show_text(None, "x")
