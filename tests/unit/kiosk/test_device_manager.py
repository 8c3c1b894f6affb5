"""Device workers: jobs off the calling thread, health within an interval, recovery."""

from __future__ import annotations

import threading

import pytest

from drivers.device import Device
from drivers.errors import DeviceError, DeviceUnavailable
from drivers.health import Health, HealthState
from kiosk.config.settings import DeviceSettings
from kiosk.devices import DeviceManager


class PluggableDevice(Device):
    """A test device whose cable can be pulled; subclasses the real ABC."""

    kind = "printer"
    plugged = threading.Event()

    def __init__(self) -> None:
        if not self.plugged.is_set():
            raise DeviceUnavailable("device.test.unplugged")
        self.threads: list[str] = []

    def probe(self) -> Health:
        if not self.plugged.is_set():
            return Health.offline("device.test.unplugged")
        return Health.ok()

    def work(self) -> str:
        if not self.plugged.is_set():
            raise DeviceUnavailable("device.test.unplugged")
        self.threads.append(threading.current_thread().name)
        return "done"


@pytest.fixture
def manager():
    PluggableDevice.plugged.set()
    seen: list[tuple[str, HealthState]] = []
    m = DeviceManager(
        {"printer": DeviceSettings("printer", "test"), "camera": DeviceSettings("camera")},
        factory=lambda s: PluggableDevice(),
        probe_interval_s=0.1,
    )
    m.add_listener(lambda kind, h: seen.append((kind, h.state)))
    m.start()
    yield m, seen
    m.stop()


def test_jobs_run_on_the_device_thread(manager) -> None:
    m, _ = manager
    fut = m.submit("printer", lambda d: (d.work(), threading.current_thread().name))
    result, thread = fut.result(timeout=2)
    assert result == "done" and thread == "device-printer" != threading.current_thread().name


def test_snapshot_lists_disabled_devices(manager) -> None:
    m, _ = manager
    m.wait_until("printer", lambda h: h.state is HealthState.OK, 2)
    snap = m.health_snapshot()
    assert snap["printer"].state is HealthState.OK
    assert snap["camera"].state is HealthState.DISABLED
    with pytest.raises(DeviceUnavailable):
        m.submit("camera", lambda d: None)


def test_unplug_goes_offline_then_recovers(manager) -> None:
    m, seen = manager
    m.wait_until("printer", lambda h: h.state is HealthState.OK, 2)
    PluggableDevice.plugged.clear()
    h = m.wait_until("printer", lambda h: h.state is HealthState.OFFLINE, 2)
    assert h.state is HealthState.OFFLINE and h.key == "device.test.unplugged"
    with pytest.raises(DeviceError):
        m.submit("printer", lambda d: d.work()).result(timeout=2)
    PluggableDevice.plugged.set()
    assert m.wait_until("printer", lambda h: h.state is HealthState.OK, 2).state is HealthState.OK
    assert m.submit("printer", lambda d: d.work()).result(timeout=2) == "done"
    assert ("printer", HealthState.OFFLINE) in seen and seen[-1] == ("printer", HealthState.OK)


def test_a_driver_bug_becomes_a_device_error_and_the_worker_lives_on(manager) -> None:
    m, _ = manager
    with pytest.raises(DeviceError) as err:
        m.submit("printer", lambda d: 1 / 0).result(timeout=2)
    assert err.value.key == "device.internal_error"
    assert m.submit("printer", lambda d: d.work()).result(timeout=2) == "done"


def test_a_device_that_cannot_be_built_is_offline_not_a_crash() -> None:
    PluggableDevice.plugged.clear()
    m = DeviceManager(
        {"printer": DeviceSettings("printer", "test")}, factory=lambda s: PluggableDevice(), probe_interval_s=0.1
    )
    m.start()
    try:
        h = m.wait_until("printer", lambda h: h.state is HealthState.OFFLINE, 2)
        assert h.key == "device.test.unplugged"
    finally:
        m.stop()
        PluggableDevice.plugged.set()
