"""Masking (STANDARDS.md §4) and the log scrubber."""

from __future__ import annotations

import json
import logging

import pytest

from kiosk.logs import JsonFormatter, log_event, setup_logging
from kiosk.privacy import mask_address, mask_id_number, mask_name, mask_phone, scrub


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("610103188001010012", "6101**********0012"),
        ("11010519491231002X", "1101**********002X"),
        ("1234", "****"),
    ],
)
def test_id_numbers(raw: str, masked: str) -> None:
    assert mask_id_number(raw) == masked


@pytest.mark.parametrize(
    ("raw", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李*"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳", "欧*"),
        ("John Smith", "J*** S****"),
    ],
)
def test_names(raw: str, masked: str) -> None:
    assert mask_name(raw) == masked


def test_phone_and_address() -> None:
    assert mask_phone("138 1234 5678") == "138****5678"
    assert mask_address("陕西省西安市碑林区南院门街道粉巷12号3单元") == "陕西省西安市碑林区南院门街道***"
    assert "12号" not in mask_address("西安市雁塔区小寨东路1号")


def test_scrub_masks_numbers_inside_text() -> None:
    text = "read 610103188001010012 phone 13812345678 case 610103202611260001x"
    out = scrub(text)
    assert "610103188001010012" not in out and "6101**********0012" in out
    assert "138****5678" in out


@pytest.fixture
def kiosk_logger():
    """The ``kiosk`` logger (and the root logger, which setup_logging also gives its
    handler) as a test leaves them would write to a closed capture stream."""
    logger, root = logging.getLogger("kiosk"), logging.getLogger()
    before = list(logger.handlers), logger.propagate, list(root.handlers)
    yield logger
    logger.handlers[:] = before[0]
    logger.propagate = before[1]
    root.handlers[:] = before[2]


def test_json_log_lines_never_hold_personal_numbers(capsys: pytest.CaptureFixture[str], kiosk_logger) -> None:
    setup_logging(json_lines=True)
    log_event("card_read", id_number="610103188001010012", note="call 13812345678")
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["event"] == "card_read"
    assert record["id_number"] == "6101**********0012"
    assert "13812345678" not in line
    assert isinstance(JsonFormatter().format(logging.makeLogRecord({"msg": "x"})), str)
