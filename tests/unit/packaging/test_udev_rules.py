"""packaging/udev: names by physical port (issue 17: links by vendor/product id collided
for two CH340 adapters). The shipped rules and the port-map example are read by a small
udev reader (tests/unit/packaging/udev_rules.py) and devices' add events played through
them; every role name is a device kind the configuration accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.registry import printer_backend_for_url
from kiosk.config.schema import DEVICE_OPTIONS
from tests.unit.packaging.udev_rules import Device, RuleSyntaxError, parse, play, read

UDEV = Path(__file__).resolve().parents[3] / "packaging" / "udev"
RULES = read(UDEV / "60-hall-kiosk.rules")
PORT_MAP = read(UDEV / "61-hall-kiosk-ports.rules")
PORT = "pci-0000:00:14.0-usb-0:{}:1.0"


def ch340(port: int) -> Device:
    return Device("tty", "ttyUSB0" if port == 1 else "ttyUSB1", PORT.format(port))


def test_two_identical_adapters_get_two_stable_names() -> None:
    first, second = play(ch340(1), RULES), play(ch340(2), RULES)
    assert first.symlinks == [f"hall-kiosk/port/{PORT.format(1)}"]
    assert second.symlinks == [f"hall-kiosk/port/{PORT.format(2)}"]
    assert (first.group, first.mode) == (second.group, second.mode) == ("dialout", "0660")
    # Plugged in the other order (the kernel's ttyUSB numbers swap): the same names.
    swapped = Device("tty", "ttyUSB1", PORT.format(1))
    assert play(swapped, RULES).symlinks == first.symlinks


def test_the_port_map_names_each_device_by_its_kind() -> None:
    assert play(ch340(1), RULES, PORT_MAP).symlinks[-1] == "hall-kiosk/id_reader"
    assert play(ch340(2), RULES, PORT_MAP).symlinks[-1] == "hall-kiosk/queue_bus"
    printer = play(Device("usbmisc", "lp0", PORT.format(3)), RULES, PORT_MAP)
    assert printer.symlinks == [f"hall-kiosk/port/{PORT.format(3)}", "hall-kiosk/printer"]
    assert printer.group == "lp"
    # A serial adapter on the printer's port is not the printer.
    assert "hall-kiosk/printer" not in play(ch340(3), RULES, PORT_MAP).symlinks


def test_other_devices_keep_their_groups_and_get_no_names() -> None:
    camera = play(Device("video4linux", "video0", "pci-0000:00:14.0-usb-0:4:1.0"), RULES, PORT_MAP)
    assert (camera.group, camera.symlinks) == ("video", [])
    onboard = play(Device("tty", "ttyS0", "platform-serial8250", parents=("platform",)), RULES, PORT_MAP)
    assert onboard.symlinks == [] and onboard.group is None  # not a USB adapter: left to udev
    gone = play(Device("tty", "ttyUSB0", PORT.format(1), action="remove"), RULES, PORT_MAP)
    assert gone.symlinks == [] and gone.group is None


def test_every_role_name_is_a_device_kind_the_configuration_accepts() -> None:
    names = {
        t.value.removeprefix("hall-kiosk/")
        for rule in PORT_MAP + RULES
        for t in rule
        if t.key == "SYMLINK" and "/port/" not in t.value
    }
    assert names == {"id_reader", "queue_bus", "printer"}
    assert all("url" in DEVICE_OPTIONS[name] for name in names)
    assert printer_backend_for_url("file:///dev/hall-kiosk/printer") == "file"


@pytest.mark.parametrize(
    "line",
    [
        'SUBSYSTEM=="tty" SYMLINK+="x"',  # no comma
        'SUBSYSTEM="tty", SYMLINK+="x"',  # = is an assignment; SUBSYSTEM cannot be assigned
        'SYMLINK=="x"',  # SYMLINK cannot be matched here
        'ENV=="x"',  # ENV needs a name
        'GOTO="nowhere"',  # no such LABEL
        "SUBSYSTEM==tty",  # unquoted
    ],
)
def test_the_reader_refuses_what_udev_would_misread(line: str) -> None:
    with pytest.raises(RuleSyntaxError):
        parse(line)
