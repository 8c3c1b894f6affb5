"""SerialIdCardReader against the paced GA/T 467 simulator over a real pty pair / TCP."""

from __future__ import annotations

import threading
import time

import pytest

from drivers import registry
from drivers.errors import DeviceTimeout, DeviceUnavailable, ProtocolError
from drivers.health import HealthState
from drivers.id_reader import base
from drivers.id_reader.samples import DEMO_CARDS, DUMMY_WLT
from drivers.id_reader.serial_backend import SerialIdCardReader
from drivers.sim.id_reader_sim import IdReaderSimulator


@pytest.fixture
def sim(tmp_path):
    with IdReaderSimulator("pty", folder=tmp_path) as s:
        yield s


@pytest.fixture
def reader(sim):
    r = SerialIdCardReader(sim.url)
    yield r
    r.close()


def test_reads_every_card_type(sim, reader):
    for n, expected in enumerate(DEMO_CARDS):
        sim.insert_demo(n)
        card = reader.read_card()
        assert card == expected
        assert card.photo_wlt == DUMMY_WLT
        assert sim.requests[-3:] == [(0x20, 0x01), (0x20, 0x02), (0x30, 0x01)]


def test_tcp_transport_reads_fails_and_recovers():
    with IdReaderSimulator("tcp") as sim:
        assert sim.url.startswith("socket://127.0.0.1:")
        reader = SerialIdCardReader(sim.url)
        sim.insert_demo(4)
        assert reader.read_card() == DEMO_CARDS[4]
        sim.inject("checksum")
        with pytest.raises(ProtocolError):
            reader.read_card()
        sim.inject("disconnect_mid_frame")
        with pytest.raises(DeviceUnavailable):
            reader.read_card()
        assert reader.probe().state is HealthState.OFFLINE  # listener gone: connection refused
        sim.replug()
        assert reader.read_card() == DEMO_CARDS[4]
        assert sim.connections == 2
        reader.close()


def test_fingerprint_sam_and_additional_address(sim, reader):
    sim.insert_demo(0)
    assert len(reader.read_card(with_fingerprint=True).fingerprint) == 1024
    assert reader.sam_id() == sim.sam
    assert reader.additional_address() is None
    sim.insert(DEMO_CARDS[0], additional_address="迁入陕西省西安市雁塔区示例路9号")
    assert reader.additional_address() == "迁入陕西省西安市雁塔区示例路9号"
    assert reader.probe().state is HealthState.OK


def test_no_card_and_waiting_for_a_card(sim, reader):
    with pytest.raises(base.NoCardError) as info:
        reader.read_card()
    assert info.value.key == "device.id_reader.no_card"
    timer = threading.Timer(0.3, sim.insert_demo, args=(2,))
    timer.start()
    try:
        assert reader.read_card(timeout_s=5).id_number == "610116188001010030"
    finally:
        timer.cancel()


@pytest.mark.parametrize(
    ("sw3", "error"), [(0x41, base.ReadFailedError), (0x81, base.SelectFailedError), (0x60, base.SamSelfTestError)]
)
def test_reader_statuses_arrive_as_typed_errors(sim, reader, sw3, error):
    sim.insert_demo(0)
    reader.read_card()
    if error is base.SelectFailedError:
        sim.fail_next(0x9F)  # find ok ...
    elif error is base.ReadFailedError:
        sim.fail_next(0x9F)
        sim.fail_next(0x90)
    sim.fail_next(sw3)
    with pytest.raises(error):
        if error is base.SamSelfTestError:
            reader.sam_id()
        else:
            reader.read_card()
    assert reader.read_card() == DEMO_CARDS[0]


def test_sam_fault_shows_in_health(sim, reader):
    sim.fail_next(0x60)
    health = reader.probe()
    assert (health.state, health.key) == (HealthState.OFFLINE, "device.id_reader.sam_self_test_failed")


def test_injected_faults_then_recovery(sim, reader):
    sim.insert_demo(1)
    sim.inject("no_card")
    with pytest.raises(base.NoCardError):
        reader.read_card()
    sim.inject("checksum")
    with pytest.raises(ProtocolError) as info:
        reader.read_card()
    assert info.value.key == "device.id_reader.bad_checksum"
    sim.inject("timeout")
    with pytest.raises(DeviceTimeout) as info:
        reader.read_card()
    assert info.value.key == "device.id_reader.no_answer"
    sim.inject("noise")
    assert reader.read_card() == DEMO_CARDS[1]  # resynced on the preamble


def test_disconnect_mid_frame_goes_offline_then_recovers(sim, reader):
    sim.insert_demo(0)
    reader.read_card()
    sim.inject("disconnect_mid_frame")
    started = time.monotonic()
    with pytest.raises(DeviceUnavailable) as info:
        reader.read_card()
    assert info.value.key == "device.id_reader.disconnected"
    health = reader.probe()
    assert time.monotonic() - started < 2.0
    assert (health.state, health.key) == (HealthState.OFFLINE, "device.id_reader.disconnected")
    sim.replug()
    deadline = time.monotonic() + 5
    while reader.probe().state is not HealthState.OK and time.monotonic() < deadline:
        time.sleep(0.05)
    assert reader.read_card() == DEMO_CARDS[0]


def test_pulling_the_cable_during_a_slow_read(tmp_path):
    # At 9600 baud a read is 1.42 s on the wire: pull the pty away in the middle of it.
    with IdReaderSimulator("pty", baud=9600, folder=tmp_path) as sim:
        sim.insert_demo(0)
        reader = SerialIdCardReader(sim.url, baud=9600)
        threading.Timer(0.5, sim.unplug).start()
        started = time.monotonic()
        with pytest.raises(DeviceUnavailable):
            reader.read_card()
        assert time.monotonic() - started < 2.0
        assert reader.probe().state is HealthState.OFFLINE
        sim.replug()
        assert reader.read_card() == DEMO_CARDS[0]
        reader.close()


def test_replies_are_paced_at_the_configured_baud(tmp_path):
    # 1359 bytes at 9600 baud cannot arrive in less than 1.42 s (HARDWARE.md §1).
    with IdReaderSimulator("pty", baud=9600, folder=tmp_path) as sim:
        sim.insert_demo(0)
        reader = SerialIdCardReader(sim.url, baud=9600)
        started = time.monotonic()
        reader.read_card()
        assert time.monotonic() - started >= 1359 * 10 / 9600 * 0.97
        reader.close()


def test_nothing_listening(tmp_path):
    reader = SerialIdCardReader(str(tmp_path / "no-such-tty"))
    with pytest.raises(DeviceUnavailable):
        reader.read_card()
    assert reader.probe().state is HealthState.OFFLINE


def test_registry_builds_the_serial_backend(sim):
    sim.insert_demo(3)
    reader = registry.create("id_reader", "serial", {"url": sim.url, "baud": 115200})
    try:
        assert reader.read_card().card_type == "hkmt_permit"
    finally:
        reader.close()


def test_pulled_while_waiting_for_a_card_is_a_device_error_and_recovers(sim, reader):
    # Flushing a pty whose other end vanished raises termios.error, which is not an
    # OSError: it must still come out as DeviceUnavailable, and the port be reopened.
    sim.remove()
    failure: list[BaseException] = []

    def wait_for_card() -> None:
        try:
            reader.read_card(timeout_s=5)
        except BaseException as exc:
            failure.append(exc)

    t = threading.Thread(target=wait_for_card)
    t.start()
    time.sleep(0.3)
    sim.unplug()
    t.join(timeout=10)
    assert len(failure) == 1 and isinstance(failure[0], DeviceUnavailable), failure
    assert reader.probe().state is HealthState.OFFLINE
    sim.replug()
    sim.insert_demo(0)
    deadline = time.monotonic() + 5
    while reader.probe().state is not HealthState.OK and time.monotonic() < deadline:
        time.sleep(0.1)
    assert reader.read_card().id_number == DEMO_CARDS[0].id_number
