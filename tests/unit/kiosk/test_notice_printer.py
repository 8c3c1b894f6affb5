"""Device work behind core calls that return a Future: a guide's notice (NoticePrinter)
and the 办不成事 slip (UnresolvedDesk.print_slip), on the fake printer's worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers import registry
from drivers.errors import DeviceUnavailable
from kiosk.catalog.notice_printer import NoticePrinter
from kiosk.catalog.service import CatalogService
from kiosk.config.loader import demo_settings
from kiosk.config.settings import DeviceSettings
from kiosk.devices import DeviceManager
from kiosk.unresolved import UnresolvedDesk
from offline_cache.outbox import Outbox
from tests.feeds import write_tiny_feed
from ui.i18n import tr


@pytest.fixture
def printing():
    printer = registry.create("printer", "fake", {})
    devices = DeviceManager({"printer": DeviceSettings("printer", "fake")}, factory=lambda s: printer)
    devices.start()
    yield printer, devices
    devices.stop()


def lines(receipt) -> list[str]:
    return [getattr(b, "text", "") + getattr(b, "value", "") for b in receipt.blocks]


def test_a_guides_notice_is_laid_out_and_printed_on_the_printers_thread(printing, tmp_path: Path) -> None:
    printer, devices = printing
    catalog = CatalogService(tmp_path / "c.sqlite")
    try:
        catalog.import_file(write_tiny_feed(tmp_path), "feed")
        hall = demo_settings("kiosk").hall
        notices = NoticePrinter(devices, hall, lambda: tr)
        notices.print(catalog.item("T-GLJT"), helper="工号3001").result(timeout=10)
    finally:
        catalog.close()
    printed = lines(printer.receipts[-1])
    assert any("一次性告知单" in line for line in printed)
    assert any(hall.name in line for line in printed)
    assert any("3001" in line for line in printed)  # 帮办人员 on an assisted visit's paper


def test_no_printer_is_a_clear_device_error(tmp_path: Path) -> None:
    with pytest.raises(DeviceUnavailable) as raised:
        NoticePrinter(DeviceManager({}), demo_settings("kiosk").hall, lambda: tr).print(object())  # type: ignore[arg-type]
    assert raised.value.key == "device.not_configured"


def test_the_unresolved_slip_prints_through_the_desk(printing, tmp_path: Path) -> None:
    printer, devices = printing
    with Outbox(tmp_path / "data") as box:
        desk = UnresolvedDesk(lambda kind, body, personal=(): box.put(kind, body, personal=personal), devices=devices)
        report = desk.file(tried="高龄津贴申领", reasons=["queue"], phone="13912345678")
        desk.print_slip(report, hall_name="碑林区政务服务中心", tr=tr).result(timeout=10)
    printed = "\n".join(lines(printer.receipts[-1]))
    assert report.reference in printed and "高龄津贴申领" in printed
    assert "13912345678" not in printed and "139****5678" in printed  # masked on paper
    without = UnresolvedDesk(lambda kind, body, personal=(): None)
    with pytest.raises(DeviceUnavailable):
        without.print_slip(report, hall_name="", tr=tr)
