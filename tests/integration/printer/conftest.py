"""The TCP printer simulator and a network printer pointed at it."""

from __future__ import annotations

import pytest

from drivers.printer.backends import NetworkReceiptPrinter
from drivers.sim.printer_sim import PrinterSimulator


@pytest.fixture
def sim():
    simulator = PrinterSimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def printer(sim):
    device = NetworkReceiptPrinter(sim.url)
    yield device
    device.close()
