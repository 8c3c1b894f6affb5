"""The call-text normaliser: what every voice, the LED and the board are given."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from kiosk.speech import CallTextError, CallWords, chinese_cardinal
from kiosk.speech.voice_pack import REQUIRED_CLIPS
from kiosk.speech.words import DIGITS, PINYIN


@pytest.mark.parametrize(
    ("n", "zh"),
    [
        (1, "一"),
        (3, "三"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (12, "十二"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (105, "一百零五"),
        (110, "一百一十"),
        (111, "一百一十一"),
        (120, "一百二十"),
        (200, "二百"),
        (310, "三百一十"),
        (999, "九百九十九"),
    ],
)
def test_chinese_cardinals(n: int, zh: str) -> None:
    assert chinese_cardinal(n) == zh


def _parse(zh: str) -> int:
    """Read a Chinese cardinal back (the inverse the test trusts: positional rules only)."""
    total, digit = 0, None
    for ch in zh:
        if ch == "百":
            total += 100 * digit
            digit = None
        elif ch == "十":
            total += 10 * (1 if digit is None else digit)
            digit = None
        elif ch == "零":
            digit = None
        else:
            digit = DIGITS.index(ch)
    return total + (digit or 0)


def test_every_window_has_its_own_cardinal_that_reads_back() -> None:
    words = {n: chinese_cardinal(n) for n in range(1, 1000)}
    assert len(set(words.values())) == 999
    assert all(_parse(zh) == n for n, zh in words.items())
    # no 一十 at the front, no doubled 零, no trailing 零
    assert not any(zh.startswith("一十") or "零零" in zh or zh.endswith("零") for zh in words.values())


def test_the_issues_example_in_every_form() -> None:
    w = CallWords.of("A001", 3)
    assert w.hanzi == "请A零零一号到三号窗口办理"
    assert w.pinyin == "qing3 A ling2 ling2 yi1 hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3"
    assert w.tokens == ("请", "A", "零", "零", "一", "号", "到", "三", "号窗口", "办理")
    assert w.english == "Number A 0 0 1, please go to window 3"
    assert w.english_spoken == "Number A, 0 0 1, please go to window 3."
    assert (w.board, w.board_en, w.led) == ("A001 → 3号窗口", "A001 → Window 3", "A001 3")
    assert w.text("zh_CN") == w.hanzi and w.text("en") == w.english


def test_window_twelve_is_a_cardinal_and_ticket_digits_are_single() -> None:
    w = CallWords.of("A012", 12)
    assert w.hanzi == "请A零一二号到十二号窗口办理"
    assert w.pinyin == "qing3 A ling2 yi1 er4 hao4 dao4 shi2 er4 hao4 chuang1 kou3 ban4 li3"
    assert w.english == "Number A 0 1 2, please go to window 12"


def test_two_letters_are_named_one_by_one() -> None:
    w = CallWords.of("BZ7", 101)
    assert w.hanzi == "请BZ七号到一百零一号窗口办理"
    assert w.pinyin.startswith("qing3 B Z qi1 hao4 dao4 yi1 bai3 ling2 yi1 hao4")
    assert w.english == "Number B Z 7, please go to window 101"


def test_the_pinyin_table_agrees_with_pypinyin() -> None:
    assert {ch: lazy_pinyin(ch, style=Style.TONE3)[0] for ch in PINYIN} == PINYIN


@given(
    letters=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2),
    digits=st.text("0123456789", min_size=1, max_size=4),
    window=st.integers(1, 999),
)
def test_any_call_is_said_with_pack_clips_only(letters: str, digits: str, window: int) -> None:
    w = CallWords.of(letters + digits, window)
    assert set(w.tokens) <= set(REQUIRED_CLIPS)
    assert "".join(w.tokens) == w.hanzi
    assert all(p in PINYIN.values() or p.isupper() for p in w.pinyin.split())
    assert not any(c.isdigit() for c in w.hanzi)  # no engine ever sees a raw digit
    assert w.led == f"{letters}{digits} {window}"


@pytest.mark.parametrize(
    "number",
    [
        "a001",
        "A",
        "001",
        "ABC1",
        "A12345",
        "A-01",
        " A001",
        "A001 ",
        "Ａ001",
        "张三",
        "610103199001011234",
        "",
        None,
        1,
        b"A001",
    ],
)
def test_bad_numbers_are_refused_without_echoing_them(number: object) -> None:
    with pytest.raises(CallTextError) as err:
        CallWords.of(number, 3)
    assert err.value.key == "speech.bad_number"
    assert set(err.value.data) == {"length"}
    if isinstance(number, str) and number:
        assert number.strip() not in str(err.value)


@pytest.mark.parametrize("window", [0, 1000, -3, True, False, "3", 3.0, None])
def test_bad_windows_are_refused(window: object) -> None:
    with pytest.raises(CallTextError) as err:
        CallWords.of("A001", window)
    assert err.value.key == "speech.bad_window"
    assert err.value.data == {"low": 1, "high": 999}
    assert isinstance(err.value, ValueError)


def test_bad_language_is_refused() -> None:
    with pytest.raises(CallTextError) as err:
        CallWords.of("A001", 3).text("fr")
    assert err.value.key == "speech.bad_language"
