"""``kiosk devices read-card`` given a bad baud rate or a port that cannot be opened, and
the reader's health saying why (issue 11)."""

from __future__ import annotations

import json

import pytest

from drivers.errors import DeviceUnavailable
from drivers.health import HealthState
from drivers.id_reader.serial_backend import SerialIdCardReader, why
from tests.helpers import run_kiosk


@pytest.mark.parametrize("baud", ["0", "-9600", "12345"])
def test_a_baud_rate_that_is_no_line_speed_is_one_line(baud: str) -> None:
    out = run_kiosk("devices", "read-card", "--baud", baud, "/dev/ttyS0", timeout=30)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip().splitlines() == [
        (
            "kiosk devices read-card: --baud must be a standard line speed (1200, 2400, 4800, 9600, 19200, 38400, "
            f"57600, 115200, 230400, 460800, 921600), got {baud}"
        )
    ]


def test_the_driver_refuses_baud_0_itself() -> None:
    with pytest.raises(DeviceUnavailable) as info:
        SerialIdCardReader("/dev/ttyS0", baud=0)
    assert info.value.key == "device.id_reader.bad_baud" and info.value.data == {"baud": 0}


@pytest.mark.parametrize(
    "port, code, text",
    [
        ("/dev/ttyNO-SUCH-READER", "ENOENT", "No such file or directory"),
        ("/dev/null", "ENOTTY", "Inappropriate ioctl for device"),  # a file that is no serial port
    ],
)
def test_a_port_that_cannot_be_opened_says_why(port: str, code: str, text: str) -> None:
    out = run_kiosk("devices", "read-card", "--json", port, timeout=30)
    assert out.returncode == 1
    assert json.loads(out.stdout) == {
        "error": "device.id_reader.disconnected",
        "data": {"reason": "SerialException", "errno": code, "error": text},
    }
    reader = SerialIdCardReader(port)
    try:
        health = reader.probe()
    finally:
        reader.close()
    assert health.state is HealthState.OFFLINE and health.key == "device.id_reader.disconnected"
    assert health.data["errno"] == code and health.data["error"] == text


def test_why_keeps_the_os_reason_and_masks_long_numbers() -> None:
    assert why(OSError(13, "Permission denied")) == {
        "reason": "PermissionError",
        "errno": "EACCES",
        "error": "Permission denied",
    }
    odd = why(RuntimeError("reader of 610103199001011234 failed"))
    assert "610103199001011234" not in odd["error"] and odd["error"].startswith("reader of 61")
