"""ModbusQueueBus against the paced Modbus RTU simulator over a real pty pair / TCP."""

from __future__ import annotations

import threading
import time

import minimalmodbus
import pytest

from drivers import registry
from drivers.errors import DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.health import HealthState
from drivers.queue_bus.base import ModbusExceptionError, TextTooLongError
from drivers.queue_bus.modbus_backend import ModbusQueueBus
from drivers.sim.queue_bus_sim import QueueBusSimulator


@pytest.fixture
def sim(tmp_path):
    with QueueBusSimulator("pty", folder=tmp_path) as s:
        yield s


@pytest.fixture
def bus(sim):
    b = ModbusQueueBus(sim.url)
    yield b
    b.close()


def test_display_text_brightness_and_pad(sim, bus):
    assert bus.probe().state is HealthState.OK
    bus.show_text(None, "请A001号到3号窗口办理")
    assert sim.display_text == "请A001号到3号窗口办理"
    bus.show_text(1, "B2")
    assert sim.display_text == "B2"  # the whole 64 registers are rewritten
    bus.set_brightness(None, 15)
    assert sim.brightness == 15
    bus.set_rate_lamp(None, True)
    assert sim.lamp is True
    bus.set_rate_lamp(2, False)
    assert sim.lamp is False


def test_ratings_come_once_per_tap(sim, bus):
    assert bus.read_rating(None) is None  # learns the counter
    sim.tap_rating(4)
    event = bus.read_rating(None)
    assert (event.address, event.rating, event.counter) == (2, 4, 1)
    assert bus.read_rating(None) is None
    sim.tap_rating(5)
    sim.tap_rating(1)  # two taps between polls: the newest rating is reported
    assert bus.read_rating(None).rating == 1


def test_bad_values_send_nothing(sim, bus):
    bus.show_text(None, "A001")
    with pytest.raises(TextTooLongError):
        bus.show_text(None, "号" * 65)
    assert sim.display_text == "A001" and sim.display_writes == 1


def test_faults_then_recovery(sim, bus):
    sim.inject("timeout")
    with pytest.raises(DeviceTimeout) as info:
        bus.set_brightness(None, 3)
    assert info.value.key == "device.queue_bus.no_answer"
    sim.inject("crc")
    with pytest.raises(ProtocolError):
        bus.set_brightness(None, 3)
    sim.inject("exception")
    with pytest.raises(ModbusExceptionError) as info:
        bus.set_brightness(None, 3)
    assert info.value.data["code"] == 4
    bus.set_brightness(None, 3)
    assert sim.brightness == 3


def test_a_silent_device_degrades_health(tmp_path):
    with QueueBusSimulator("pty", pad_address=5, folder=tmp_path) as sim:
        bus = ModbusQueueBus(sim.url, pad_address=2)  # the pad is not at 2
        health = bus.probe()
        assert (health.state, health.key) == (HealthState.DEGRADED, "device.queue_bus.device_no_answer")
        with pytest.raises(DeviceTimeout):
            bus.read_rating(None)
        assert bus.read_rating(5) is None
        bus.close()


def test_pulling_the_cable_mid_write_then_recovery(sim, bus):
    sim.inject("disconnect_mid_frame")
    started = time.monotonic()
    with pytest.raises(DeviceUnavailable):
        bus.show_text(None, "A002")
    health = bus.probe()
    assert time.monotonic() - started < 2.0
    assert (health.state, health.key) == (HealthState.OFFLINE, "device.queue_bus.disconnected")
    sim.replug()
    deadline = time.monotonic() + 5
    while bus.probe().state is not HealthState.OK and time.monotonic() < deadline:
        time.sleep(0.05)
    bus.show_text(None, "A003")
    assert sim.display_text == "A003"


def test_unplug_while_a_long_write_is_on_the_wire(sim, bus):
    # A 64-register write at 1200 baud is > 1 s on the wire: pull the pty in between.
    slow = ModbusQueueBus(sim.url, baud=1200)
    sim.baud = 1200
    threading.Timer(0.3, sim.unplug).start()
    started = time.monotonic()
    with pytest.raises((DeviceUnavailable, DeviceTimeout)):
        slow.show_text(None, "A004")
    assert time.monotonic() - started < 2.0
    assert slow.probe().state is HealthState.OFFLINE
    slow.close()


def test_tcp_transport(tmp_path):
    with QueueBusSimulator("tcp") as sim:
        assert sim.url.startswith("socket://127.0.0.1:")
        bus = registry.create("queue_bus", "modbus", {"url": sim.url, "baud": 9600, "poll_ms": 200})
        bus.show_text(None, "请A009号")
        assert sim.display_text == "请A009号"
        sim.tap_rating(3)
        assert bus.read_rating(None) is None and bus.poll_interval_s == 0.2
        sim.inject("disconnect_mid_frame")
        with pytest.raises(DeviceUnavailable):
            bus.set_brightness(None, 2)
        sim.replug()
        bus.set_brightness(None, 2)
        assert sim.brightness == 2
        bus.close()


def test_minimalmodbus_agrees_with_the_simulator(sim):
    # An independent Modbus implementation as the client: the map and CRCs are right.
    display = minimalmodbus.Instrument(sim.url, 1)
    display.serial.baudrate = 9600
    display.serial.timeout = 0.5
    display.close_port_after_each_call = True
    display.write_register(64, 7, functioncode=6)
    assert sim.brightness == 7
    display.write_string(0, "CALL A7", number_of_registers=64)
    assert sim.display_text.startswith("CALL A7")
    sim.tap_rating(2)
    pad = minimalmodbus.Instrument(sim.url, 2)
    pad.serial.timeout = 0.5
    pad.close_port_after_each_call = True
    assert pad.read_registers(0, 2, functioncode=4) == [2, 1]
    pad.write_bit(0, 1, functioncode=5)
    assert sim.lamp is True
    with pytest.raises(minimalmodbus.IllegalRequestError):
        display.write_register(64, 99, functioncode=6)  # brightness 0-15: exception 03
