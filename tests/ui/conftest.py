"""UI tests build real widgets offscreen with a core whose devices are test fakes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from drivers.device import Device
from drivers.health import Health
from kiosk.bootstrap import add_visit_services
from kiosk.config.loader import demo_settings
from kiosk.config.settings import DeviceSettings
from kiosk.core import Core
from kiosk.devices import DeviceManager
from ui import i18n

pytestmark = pytest.mark.gui


class QuietDevice(Device):
    """A device that is always fine (the screen tests are not about devices)."""

    def probe(self) -> Health:
        return Health.ok()


@pytest.fixture
def make_core() -> Iterator:
    cores: list[Core] = []

    def make(role: str = "kiosk", **changes) -> Core:
        settings = replace(demo_settings(role), **changes)
        devices = {"printer": DeviceSettings("printer", "fake"), "camera": DeviceSettings("camera")}
        core = Core.from_settings(
            settings, DeviceManager(devices, factory=lambda s: QuietDevice(), probe_interval_s=0.05)
        )
        add_visit_services(core)  # the kiosk's assist desks and voice guidance, as bring-up makes them
        cores.append(core)
        return core

    yield make
    for core in cores:
        core.stop()
    i18n.set_language("zh_CN")
