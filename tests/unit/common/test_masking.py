"""Masking (STANDARDS.md §4), the one implementation in common.masking, and the log scrubber."""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from common.masking import (
    mask_address,
    mask_card_number,
    mask_code_text,
    mask_document_number,
    mask_id_number,
    mask_name,
    mask_phone,
    scrub,
)
from kiosk.logs import JsonFormatter, log_event, setup_logging


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


# ---- No mask ever shows more than its rule allows, for any length (issue 15) ----

TEXT = st.text(st.characters(blacklist_characters="*…", blacklist_categories=("Cs",)), max_size=40)
DIGITS = st.text(st.sampled_from("0123456789 -"), max_size=20)


def shown(value: str, masked: str) -> list[int]:
    """The positions ``masked`` shows of ``value`` (same length; the rest is ``*``),
    checking each shown character is the value's own."""
    assert len(masked) == len(value)
    out = [i for i, c in enumerate(masked) if c != "*"]
    assert all(masked[i] == value[i] for i in out)
    return out


def assert_ends_only(value: str, masked: str, head: int, tail: int, min_hidden: int) -> None:
    """Only the first ``head`` and last ``tail`` characters may show, and only while at
    least ``min_hidden`` stay hidden."""
    positions = shown(value, masked)
    n = len(value)
    assert all(i < head or i >= n - tail for i in positions)
    if positions:
        assert n - len(positions) >= min_hidden


@given(TEXT)
@example("610103188001010012")
@example("123456789")
@example("1234567890123")
def test_id_numbers_show_at_most_first_and_last_4_with_6_hidden(value: str) -> None:
    assert_ends_only(value.strip(), mask_id_number(value), 4, 4, 6)


@given(TEXT)
@example("H12345667")
@example("H1234")
def test_document_numbers_show_at_most_first_1_and_last_2_with_4_hidden(value: str) -> None:
    assert_ends_only(value.strip(), mask_document_number(value), 1, 2, 4)


@given(TEXT)
@example("S61010301")
@example("S6101")
def test_card_numbers_show_at_most_first_and_last_2_with_4_hidden(value: str) -> None:
    assert_ends_only(value.strip(), mask_card_number(value), 2, 2, 4)


@given(DIGITS)
@example("13812341234")
@example("12345")
@example("1234567")
@example("88881234")
def test_phones_show_at_most_first_3_and_last_4_with_4_hidden(value: str) -> None:
    digits = "".join(c for c in value if c.isdigit())
    masked = mask_phone(value)
    assert_ends_only(digits, masked, 3 if len(digits) >= 11 else 0, 4, 4)


@given(
    st.text(st.sampled_from("张王李欧阳司马娜三丰 "), max_size=8),
    st.text(st.sampled_from("ABCJohn smith"), max_size=12),
)
@example("张", "J")
@example("欧阳", "A B")
def test_names_show_the_surname_or_initials_and_hide_at_least_one_character(cjk: str, latin: str) -> None:
    v = cjk.strip()
    if v and not v.isascii():
        positions = shown(v, mask_name(cjk))
        assert positions == list(range(len(positions))) and len(positions) <= 2 and len(positions) < len(v)
    words, masked = latin.split(), mask_name(latin).split()
    assert len(words) == len(masked)
    for word, out in zip(words, masked, strict=True):
        assert shown(word, out) in ([], [0]) and out.count("*") >= 1


@given(TEXT)
@example("陕西省西安市碑林区南院门街道粉巷12号3单元")
@example("小寨东路1号")
@example("阳光小区3栋2单元")
def test_addresses_never_show_a_digit_or_the_whole_text(value: str) -> None:
    v, masked = value.strip(), mask_address(value)
    if not v:
        assert masked == ""
        return
    kept = masked.removesuffix("***")
    assert masked.endswith("***") and v.startswith(kept) and len(kept) < len(v)
    assert not any(c.isdigit() for c in kept)


@given(TEXT)
@example("610103188001010012")
@example("HELLO-01")
@example("123456789")
def test_code_texts_show_at_most_8_characters_and_hide_at_least_5(value: str) -> None:
    masked = mask_code_text(value)
    if len(value) <= 8:
        assert masked == value  # a test code, too short to hold an ID number or a phone
        return
    head, _, tail = masked.partition("…")
    assert value.startswith(head) and value.endswith(tail)
    assert len(head) + len(tail) <= 8 and len(value) - len(head) - len(tail) >= 5


@given(st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_scrub_never_leaves_an_id_or_a_mobile_whole(id_number: str, mobile: str) -> None:
    out = scrub(f"card {id_number}; call {mobile}.")
    assert id_number not in out and mobile not in out
    assert mask_id_number(id_number) in out and mask_phone(mobile) in out


# ---- The hub and the kiosk mask the same way (they had copies that disagreed) ----


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("12345", "*****"), ("13912345678", "139****5678"), ("0291234567", "******4567"), ("", "")],
)
def test_hub_and_kiosk_mask_a_phone_alike(raw: str, masked: str) -> None:
    from hub.assist import mask_phone as hub_mask_phone
    from kiosk.unresolved import mask_phone as kiosk_mask_phone

    assert hub_mask_phone(raw) == kiosk_mask_phone(raw) == masked


def test_short_values_are_never_shown_whole() -> None:
    # Each was shown whole (or almost) by an old copy of a rule.
    assert mask_phone("1234567") == "*******"
    assert mask_name("张") == "*" and mask_name("J Smith") == "* S****"
    assert mask_address("小寨东路1号") == "小寨东***"
    assert mask_id_number("123456789") == "*********"
