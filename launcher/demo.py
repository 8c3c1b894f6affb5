"""The demo: start every simulator, point the demo settings at them, and give the UI
the controls to insert a card or tap a rating."""

from __future__ import annotations

from pathlib import Path

from common.masking import mask_name
from drivers.sim.suite import SimulatorSuite
from kiosk.config import Settings
from kiosk.config.settings import DeviceSettings
from kiosk.demo import DemoControls, StartedDemo


def start_demo_devices(settings: Settings, folder: Path | None = None) -> StartedDemo:
    """Start the simulators; returns the device settings that reach them, their
    controls, and how to stop them (a ``kiosk.demo.DemoDevices``)."""
    from drivers.id_reader.samples import DEMO_CARDS

    suite = SimulatorSuite(folder).start()
    devices = {}
    for kind, section in suite.device_options().items():
        options = dict(section)
        devices[kind] = DeviceSettings(kind, options.pop("backend"), options)

    def insert_card(index: int) -> None:
        suite.id_reader.insert_demo(index)  # the card it inserted is not the panel's business

    controls = DemoControls(
        cards=tuple(mask_name(c.name) for c in DEMO_CARDS),
        card_kinds=tuple(f"card.kind.{c.card_type}" for c in DEMO_CARDS),  # words: the screen's
        insert_card=insert_card,
        remove_card=suite.id_reader.remove,
        tap_rating=suite.queue_bus.tap_rating,
        set_paper=suite.printer.set_paper,
        notes=dict(suite.describe()),
    )
    return StartedDemo({**settings.devices, **devices}, controls, suite.stop, simulators=suite)
