"""Issue 14: an item's own texts in the index, everyday queries by their pieces, 厅."""

from __future__ import annotations

import pytest

from offline_cache.catalog import CatalogStore, Searcher, about, check_batch, pieces
from offline_cache.catalog import departments as dept
from offline_cache.catalog import synonyms as syn
from tests.unit.offline_cache.catalog_feed import _item, feed


def test_coverage_counts_name_sound_dictionary_and_own_texts_below_the_name():
    entries = [syn.Synonym("社保", ("社会保险",), "shebao", "sb")]
    q = pieces.split("补交社保", entries)
    name = "企业职工社会保险费补缴申报"
    # 补交 sounds like 补缴 (0.8), 社保 is the dictionary's 社会保险 (0.9)
    assert pieces.coverage(q, name, "qiyezhigongshehuibaoxianfeibujiaoshenbao", "") == pytest.approx(0.85)
    assert pieces.coverage(q, "户口迁移", "hukouqianyi", "") == 0.0
    # the same words in the item's other texts count less than in its name
    in_name = pieces.coverage(pieces.split("开饭馆", []), "开饭馆登记", "", "")
    in_texts = pieces.coverage(pieces.split("开饭馆", []), "小餐饮经营登记", "", "适用于开饭馆等小餐饮")
    assert in_name == 1.0 and in_texts == pytest.approx(pieces.CONTEXT)
    assert pieces.score(0.4) == 0.0 and pieces.score(1.0) < 88  # below a name starting with the query


def test_own_texts_hold_materials_conditions_bundles_and_department_short_names():
    item = {
        "dept_name": "西安市人力资源和社会保障局",
        "group_name": "",
        "result_name": "",
        "materials": [{"material_name": "死亡医学证明"}],
        "faq": [{"question": "老人去世后多久要办？"}],
        "accept_condition": "参保人员死亡的，由其亲属申领",
        "by_law": "《社会保险法》" + "条文" * 200,
    }
    texts = about.texts(item, ["身后事"], ["公民身后一件事"])
    for expected in ("人社局", "人社", "身后事", "公民身后一件事", "死亡医学证明", "老人去世后多久要办"):
        assert expected in texts
    assert all(len(t) <= about.PIECE_MAX for t in texts)
    assert about.bundle_texts([{"name": "B", "description": "d", "item_codes": ["T1", "T2"]}]) == {
        "T1": ["B", "d"],
        "T2": ["B", "d"],
    }


def test_a_provincial_ting_names_the_same_line_of_work_as_a_ju():
    table = dept.keys([("MZ", "区民政局"), ("GA", "区公安分局"), ("RS", "区人社局")])
    assert dept.match(table, "民政厅") == {"MZ": 90.0}
    assert dept.match(table, "公安厅") == {"GA": 90.0}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    doc = feed()
    doc["items"] += [
        _item(
            "T-SMALL-FOOD",
            "小餐饮经营登记",
            "SC",
            "市市场监管局（示例）",
            accept_condition="开饭馆、面馆等小餐饮店的经营者",
            frequency=1,
        ),
        _item("T-DEATH", "死亡注销户口", "GA", "市公安局（示例）", frequency=1),
        _item("T-FUNERAL", "丧葬补助金申领", "MZ", "市民政局（示例）", frequency=1),
    ]
    doc["bundles"].append(
        {
            "bundle_code": "B-AFTER",
            "name": "公民身后一件事",
            "audience": "person",
            "description": "家人离世后销户口、领丧葬补助一次办",
            "item_codes": ["T-DEATH", "T-FUNERAL"],
        }
    )
    store = CatalogStore(tmp_path_factory.mktemp("pieces") / "catalog.sqlite")
    store.replace(check_batch(doc))
    yield Searcher(store.conn, store.lock, entries=[])  # no dictionary: the data must say it
    store.close()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("开饭馆", {"T-SMALL-FOOD"}),  # the item's conditions say it
        ("家人离世了", {"T-DEATH", "T-FUNERAL"}),  # the bundle's description says it
        ("身后一件事", {"T-DEATH", "T-FUNERAL"}),
    ],
)
def test_everyday_words_meet_the_items_own_texts(searcher, query, expected):
    hits = searcher.search(query, 3)
    assert expected & {h.task_code for h in hits}, [(h.task_name, h.matched) for h in hits]
