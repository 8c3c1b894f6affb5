"""Pinyin keys and sound-alike comparison."""

from __future__ import annotations

import pytest
from pypinyin import lazy_pinyin

from offline_cache.catalog import pinyin
from offline_cache.catalog.index import grams, keys, squash


@pytest.mark.parametrize(
    "text, full, initials",
    [
        ("户口登记", "hukoudengji", "hkdj"),
        ("住房公积金", "zhufanggongjijin", "zfgjj"),
        ("银行卡", "yinhangka", "yhk"),  # 行 read as hang in this word
        ("80周岁以上老年人（县级）", "80zhousuiyishanglaonianrenxianji", "80zsyslnrxj"),
        ("B超检查", "bchaojiancha", "bcjc"),
    ],
)
def test_full_and_initials(text, full, initials):
    assert pinyin.full(text) == full
    assert pinyin.initials(text) == initials


def test_fast_converter_matches_pypinyin():
    for text in ("重庆银行行长重新调查长江", "户口簿补领、换领", "绿色通道女士"):
        expected = [p for p in lazy_pinyin(text) if p.isalpha()]
        assert list(pinyin.syllables(text)) == expected


def test_sound_alike():
    assert pinyin.sound_alike("积", "积") == 1.0
    assert pinyin.sound_alike("基", "积") == 0.9  # both ji
    assert pinyin.sound_alike("薄", "簿") == 0.9  # 薄 has the reading bu
    assert pinyin.sound_alike("身", "生") == 0.5  # sh- both
    assert pinyin.sound_alike("户", "卡") == 0.0


def test_variants_cover_every_reading():
    assert pinyin.variants("口薄")[0] == "koubao"
    assert "koubu" in pinyin.variants("口薄")


def test_squash_and_grams():
    assert squash("食品(含保健食品)经营许可 ") == "食品含保健食品经营许可"
    assert squash("ＧＪＪ") == "gjj"
    g = set(grams([keys("户口登记")]))
    assert {"^户", "^户口", "户", "口登", "hu", "h", "hk", "dj", "^hk", "^hu"} <= g
