"""The sentence normaliser: numbers, tickets, dates, times, marks and letters come out
as Mandarin words, and espeak-ng pronounces the result in Mandarin (checked on its
phonemes, ``espeak-ng -q -x``)."""

from __future__ import annotations

import pytest

from kiosk.speech import EspeakVoice
from kiosk.speech.mandarin import cardinal, english, spell_out, to_pinyin


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("您的号码是A012", "您的号码是A零一二"),
        ("前面还有2位", "前面还有两位"),
        ("共12项", "共十二项"),
        ("30秒后将自动退出", "三十秒后将自动退出"),
        ("2026-12-07", "二零二六年十二月七日"),
        ("2026年12月7日", "二零二六年十二月七日"),
        ("09:30开门", "九点三十分开门"),
        ("17:05", "十七点零五分"),
        ("08:00", "八点"),
        ("拨打12345", "拨打一二三四五"),
        ("第1-5步", "第一到五步"),
        ("3.5元", "三点五元"),
        ("100%", "百分之一百"),
        ("‹ 返回", "返回"),
        ("✓ 已选择", "已选择"),
    ],
)
def test_spell_out(text: str, words: str) -> None:
    assert spell_out(text) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(0, "零"), (10, "十"), (105, "一百零五"), (110, "一百一十"), (2026, "两千零二十六"), (30000, "三万")],
)
def test_cardinal(n: int, words: str) -> None:
    assert cardinal(n) == words


def test_pinyin_is_tone_numbered_with_letters_named_one_by_one() -> None:
    assert (
        to_pinyin("您的号码是A012，请按0重听。")
        == "nin2 de5 hao4 ma3 shi4 A ling2 yi1 er4, qing3 an4 ling2 chong2 ting1."
    )
    assert to_pinyin("证件ID") == "zheng4 jian4 I D"
    assert to_pinyin("‹ 返回") == "fan3 hui2"


def test_english_drops_marks_and_names_a_tickets_letters() -> None:
    assert english("‹ Back") == "Back"
    assert english("Your number is A012.") == "Your number is A, 0 1 2,."


def _phonemes(text: str) -> str:
    return EspeakVoice().phonemes(text, "zh_CN")


def test_espeak_says_a_ticket_and_a_time_in_mandarin() -> None:
    said = _phonemes("您的号码是A012，09:30")
    # nin2 ... A (ei) ling2 yi1 er4 ... jiu3 dian3 (the voice's 3-3 sandhi: jiu35): no switch.
    assert "(" not in said
    assert "n'i35n" in said and "'ei51" in said and "l'i35N" in said and "tS;'iou35_| t'iE21n" in said


def test_the_back_arrow_is_not_pronounced() -> None:
    assert _phonemes("‹ 返回") == _phonemes("返回")


def test_a_calls_pinyin_is_what_the_normaliser_makes_of_its_words() -> None:
    # One path: the board's calls and guidance read a sentence alike. (Windows 100-199
    # differ only in 一百: the calls keep yi1, pypinyin gives the spoken yi4.)
    from kiosk.speech import CallWords

    for window in [*range(1, 100), *range(200, 1000, 7)]:
        for number in ("A001", "BZ12", "Q0"):
            words = CallWords.of(number, window)
            assert to_pinyin(words.hanzi) == words.pinyin
            assert spell_out(f"请{number}号到{window}号窗口办理") == words.hanzi
