"""DLE EOT replies (Epson layout) -> paper and online state; health mapping."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.health import HealthState
from drivers.printer.base import PrinterStatus
from drivers.printer.status import PaperState, is_status_byte, paper_reply, parse_online, parse_paper, printer_reply


@pytest.mark.parametrize(
    "reply, state",
    [
        (0x12, PaperState.OK),
        (0x1E, PaperState.NEAR_END),
        (0x72, PaperState.OUT),
        (0x7E, PaperState.OUT),  # both sensors
        (0x16, PaperState.NEAR_END),  # only one near-end bit (some clones)
        (0x32, PaperState.OUT),  # only one paper-end bit
        (b"\x12", PaperState.OK),
        (b"\x72\x00", PaperState.OUT),
        (None, PaperState.UNKNOWN),
        (b"", PaperState.UNKNOWN),  # no answer is never ok
        (0x00, PaperState.UNKNOWN),
        (0xFF, PaperState.UNKNOWN),
        (0x13, PaperState.UNKNOWN),
    ],
)
def test_paper_sensor_bits(reply, state):
    assert parse_paper(reply) is state


def test_online_bit():
    assert parse_online(0x16) is True
    assert parse_online(0x1E) is False
    assert parse_online(b"") is None and parse_online(0x00) is None


def test_simulator_replies_parse_back():
    for state in ("ok", "near_end", "out"):
        assert parse_paper(paper_reply(state)).value == state
    assert parse_online(printer_reply(True)) is True and parse_online(printer_reply(False)) is False


@given(st.integers(0, 255))
def test_every_byte_gives_a_state_and_non_status_bytes_are_unknown(b):
    state = parse_paper(b)
    assert isinstance(state, PaperState)
    if not is_status_byte(b):
        assert state is PaperState.UNKNOWN and parse_online(b) is None


@pytest.mark.parametrize(
    "status, health, key",
    [
        (PrinterStatus(True, PaperState.OK), HealthState.OK, "device.ok"),
        (PrinterStatus(True, PaperState.NEAR_END), HealthState.DEGRADED, "device.printer.paper_near_end"),
        (PrinterStatus(False, PaperState.OUT), HealthState.OFFLINE, "device.printer.paper_out"),
        (PrinterStatus(False, PaperState.OK), HealthState.OFFLINE, "device.printer.offline"),
        (PrinterStatus(None, PaperState.UNKNOWN), HealthState.UNKNOWN, "device.printer.no_answer"),
    ],
)
def test_status_to_health(status, health, key):
    h = status.health()
    assert (h.state, h.key) == (health, key)
