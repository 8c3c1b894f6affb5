"""Search over the sample feed: each kind of query, filters, ranking, hostile input."""

from __future__ import annotations

import pytest

from offline_cache.catalog import CatalogStore, Filters, Searcher, check_batch
from offline_cache.catalog import synonyms as syn
from tests.unit.offline_cache.catalog_feed import feed


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    store = CatalogStore(tmp_path_factory.mktemp("search") / "catalog.sqlite")
    store.replace(check_batch(feed()))
    yield Searcher(store.conn, store.lock)
    store.close()


def codes(searcher: Searcher, query: str, limit: int = 5, **filters) -> list[str]:
    return [h.task_code for h in searcher.search(query, limit, Filters(**filters))]


@pytest.mark.parametrize(
    "query, first",
    [
        ("居民身份证补领", "T-ID-REISSUE"),  # whole name
        ("身份证", "T-ID-REISSUE"),  # inside a name, most frequent first
        ("出生登记", "T-BIRTH"),
        ("户外", "T-HU"),  # two characters, prefix of a rare item's name
        ("公积金", "T-GJJ"),
    ],
)
def test_chinese_words(searcher, query, first):
    assert codes(searcher, query)[0] == first


def test_exact_name_beats_frequency(searcher):
    # 生育登记 (150) is asked for less than 出生登记 (200) but is the exact name.
    assert codes(searcher, "生育登记")[0] == "T-BIRTH-REG"


def test_one_character(searcher):
    found = codes(searcher, "户", 10)
    assert {"T-HUKOU-BOOK", "T-GTH", "T-HU"} <= set(found)
    assert found[0] == "T-HU"  # the only name that starts with 户


@pytest.mark.parametrize(
    "query, expected",
    [
        ("gongjijin", "T-GJJ"),
        ("zhufanggongjijin", "T-GJJ"),
        ("juminshenfenzheng", "T-ID-REISSUE"),
        ("gjj", "T-GJJ"),
        ("jmsfzbl", "T-ID-REISSUE"),
        ("gtgsh", "T-GTH"),
        ("GJJ", "T-GJJ"),
        ("ｇｊｊ", "T-GJJ"),  # full-width letters from a Chinese keyboard
    ],
)
def test_pinyin_and_initials(searcher, query, expected):
    assert codes(searcher, query)[0] == expected


@pytest.mark.parametrize("prefix", ["g", "go", "gon", "gong", "gongj"])
def test_pinyin_keystrokes_find_the_item_early(searcher, prefix):
    assert "T-GJJ" in codes(searcher, prefix, 5)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("身份证丢了", "T-ID-REISSUE"),
        ("户口本丢了", "T-HUKOU-BOOK"),
        ("敬老卡", "T-ELDER"),
        ("准生证", "T-BIRTH-REG"),
        ("开小卖部", "T-GTH"),
        ("我想开个小卖部", "T-GTH"),
        ("结婚证", "T-MARRY"),
        ("孩子上户口", "T-BIRTH"),
        ("jinglaoka", "T-ELDER"),
    ],
)
def test_colloquial_phrases(searcher, query, expected):
    hits = searcher.search(query, 3)
    assert hits and hits[0].task_code == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ("公基金", "T-GJJ"),  # 基 sounds like 积
        ("户口薄", "T-HUKOU-BOOK"),  # 薄 (bo/bao/bu) for 簿 (bu)
        ("身分证补领", "T-ID-REISSUE"),
        ("老年人优带证", "T-ELDER"),
    ],
)
def test_sound_alike_typos(searcher, query, expected):
    assert expected in codes(searcher, query, 3)


def test_filters(searcher):
    assert set(codes(searcher, "登记", 20, dept_code="SC")) == {"T-GTH", "T-CORP"}
    assert codes(searcher, "登记", 20, topic_code="birth") == ["T-BIRTH", "T-BIRTH-REG"]
    assert "T-CORP" not in codes(searcher, "登记", 20, audience="person")
    assert "T-MARRY" not in codes(searcher, "登记", 20, audience="enterprise")
    assert set(codes(searcher, "证", 20, terminal_only=True)) <= {"T-ID-REISSUE", "T-ELDER", "T-GJJ"}
    assert codes(searcher, "户", 20, dept_code="GA") == ["T-HUKOU-BOOK"]  # short query under a filter


def test_results_carry_score_and_reason(searcher):
    hit = searcher.search("gjj", 1)[0]
    assert hit.task_name == "提取住房公积金" and hit.dept_name.startswith("住房公积金")
    assert hit.score > 0 and hit.matched in ("initials", "synonym", "keyword")
    hits = searcher.search("身份证", 5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        "'; DROP TABLE items; --",
        "NEAR(a b)",
        "身份证*",
        "^",
        "$",
        "a" * 500,
        "😀",
        "\x00",
        "(",
        "{name}:x",
        "AND OR NOT",
    ],
)
def test_hostile_or_empty_queries_never_raise(searcher, query):
    hits = searcher.search(query, 5)
    assert isinstance(hits, list) and len(hits) <= 5


def test_limit_is_respected(searcher):
    assert len(searcher.search("登记", 2)) == 2
    assert searcher.search("登记", 0) == []


def test_synonym_file_is_large_and_well_formed():
    entries = syn.load()
    assert len(entries) >= 150
    phrases = {e.phrase for e in entries}
    for must in (
        "户口本丢了",
        "开小卖部",
        "敬老卡",
        "gjj",
        "准生证",
        "结婚证",
        "退休金",
        "医保卡",
        "社保卡丢了",
        "营业执照",
        "身份证到期",
        "孩子上户口",
        "无犯罪证明",
    ):
        assert must in phrases
    assert all(e.fragments and all(e.fragments) for e in entries)


def test_synonym_expansion_by_prefix_and_by_sound():
    entries = syn.load()
    assert syn.expand(entries, "敬老", "敬老")[0][0] == "老年人优待证"  # still typing
    assert syn.expand(entries, "静老卡", "静老卡")[0][0] == "老年人优待证"  # same sound
    assert syn.expand(entries, "xyz", "xyz") == []


def test_synonym_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "s.tsv"
    bad.write_text("# ok\n户口本\t户口簿\n没有制表符\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":3:"):
        syn.load(bad)


def test_item_code_finds_the_item(searcher):
    hits = searcher.search("T-ID-RENEW", 5)
    assert [h.task_code for h in hits] == ["T-ID-RENEW"] and (hits[0].matched, hits[0].score) == ("code", 100.0)
    assert {h.task_code for h in searcher.search("T-ID-R", 5)} == {"T-ID-REISSUE", "T-ID-RENEW"}
    assert searcher.search("T-ID-RENEW", 5, Filters(dept_code="MZ")) == []  # filters still apply
