"""The set-up's scan order and its pure parts (the real serial scan: tests/e2e/test_journey_setup.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.setup import SetupError, SetupSession, hub_link, scan


class Line:
    """Serial lines as a scan meets them: a reader at one speed on one port, a missing
    port, and a port whose device answers nothing. At any other speed the reader's
    bytes arrive garbled, as a UART at the wrong baud produces."""

    def __init__(self, port: str, baud: int, missing: str = "/dev/ttyUSB9") -> None:
        self.port, self.baud, self.missing = port, baud, missing
        self.tried: list[tuple[str, int]] = []

    def __call__(self, port: str, baud: int) -> str:
        self.tried.append((port, baud))
        if port == self.missing:
            return "cannot_open"
        if port != self.port:
            return "no_answer"
        return "answered" if baud == self.baud else "garbled"


def test_the_scan_tries_each_speed_fastest_first_and_stops_at_the_answer() -> None:
    line = Line("/dev/ttyUSB1", 9600)
    seen = []
    found = scan.find_id_reader(
        ["/dev/ttyUSB9", "/dev/ttyS0", "/dev/ttyUSB1", "/dev/ttyUSB2"], on_attempt=seen.append, trier=line
    )
    assert (found.port, found.baud, found.card_present) == ("/dev/ttyUSB1", 9600, False)
    # A port that will not open is left at once; a silent one gets every speed.
    assert line.tried == [
        ("/dev/ttyUSB9", 115200),
        *(("/dev/ttyS0", b) for b in scan.BAUDS),
        *(("/dev/ttyUSB1", b) for b in scan.BAUDS),
    ]
    assert [a.outcome for a in seen[-5:]] == ["garbled"] * 4 + ["answered"]
    assert found.attempts == tuple(seen)


def test_no_reader_anywhere_is_a_setup_error_naming_how_many_ports() -> None:
    session = SetupSession(trier=Line("/dev/none", 9600))
    with pytest.raises(SetupError) as exc:
        session.scan_id_reader(["/dev/ttyS0", "/dev/ttyS1"])
    assert exc.value.key == "setup.id_reader.not_found" and exc.value.data == {"ports": 2}
    assert session.results["id_reader"] == "setup.id_reader.not_found"
    assert not session.devices["id_reader"].enabled


def test_a_found_reader_goes_into_the_configuration(tmp_path: Path) -> None:
    session = SetupSession(trier=Line("/dev/ttyUSB0", 57600))
    session.scan_id_reader(["/dev/ttyUSB0"])
    session.identity.technician_pin = "135790"
    settings = session.settings()
    assert settings.device("id_reader").options == {"url": "/dev/ttyUSB0", "baud": 57600}
    assert settings.hub.url == "embedded" and settings.fullscreen and not settings.demo
    path = session.save(tmp_path / "config.toml")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(SetupError) as exc:
        session.save(path)
    assert exc.value.key == "setup.config.cannot_write"


def test_without_a_pin_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(SetupError) as exc:
        SetupSession().save(tmp_path / "config.toml")
    assert exc.value.key == "setup.pin.missing" and not (tmp_path / "config.toml").exists()


@pytest.mark.parametrize(
    ("typed", "url"),
    [
        ("192.168.1.5:8700", "http://192.168.1.5:8700"),
        ("https://hub.hall.example/", "https://hub.hall.example"),
        (" http://10.0.0.2:8700 ", "http://10.0.0.2:8700"),
    ],
)
def test_hub_addresses_as_typed(typed: str, url: str) -> None:
    assert hub_link.normalize_url(typed) == url


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "setup.hub.no_url"),
        ("ftp://x", "setup.hub.bad_url"),
        ("http://", "setup.hub.bad_url"),
        ("http://a b", "setup.hub.bad_url"),
    ],
)
def test_bad_hub_addresses(typed: str, key: str) -> None:
    with pytest.raises(hub_link.HubLinkError) as exc:
        hub_link.normalize_url(typed)
    assert exc.value.key == key


def test_a_malformed_code_is_refused_before_any_request() -> None:
    with pytest.raises(hub_link.HubLinkError) as exc:
        hub_link.pair("http://127.0.0.1:9", "12a456")  # port 9: nothing would answer
    assert exc.value.key == "setup.pairing.malformed"


def test_printer_addresses_map_to_backends() -> None:
    assert scan.check_printer("printer.local").health.key == "device.printer.bad_url"
    check = scan.check_printer("127.0.0.1", timeout_s=2)  # port 9100: nothing listens
    assert check.backend == "network" and check.options == {"url": "tcp://127.0.0.1:9100"}
    assert not check.ok


def test_a_usb_printer_node_that_cannot_answer_is_kept_and_printed_to(tmp_path: Path) -> None:
    node = tmp_path / "lp0"
    node.write_bytes(b"")
    session = SetupSession()
    check = session.use_printer(f"file://{node}")
    assert check.backend == "file" and check.health.key == "device.printer.no_answer"
    result = session.test_print()
    assert not result.confirmed and session.results["printer"] == "setup.printer.printed_unconfirmed"
    assert node.read_bytes().startswith(b"\x1b@")  # ESC @ starts the test receipt's job
    with pytest.raises(SetupError) as exc:
        session.use_printer(f"file://{tmp_path / 'missing' / 'lp9'}")
    assert exc.value.key.startswith("device.printer.")
