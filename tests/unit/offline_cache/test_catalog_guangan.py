"""The real Guang'an directory (STANDARDS.md §7): 1135 searchable items in 34
departments; re-import is idempotent; a corrupted copy is refused and changes nothing."""

from __future__ import annotations

import json

import pytest

from offline_cache.catalog import CatalogImportError, CatalogStore, Searcher, parse_guangan, reader
from tests.helpers import GUANGAN
from tests.unit.offline_cache.test_catalog_store import dump


@pytest.fixture(scope="module")
def before(store) -> dict:
    return dump(store.conn)


@pytest.fixture(scope="module")
def raw() -> list:
    return json.loads(GUANGAN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    # Shared: no test here leaves the catalog changed (that is what they check).
    s = CatalogStore(tmp_path_factory.mktemp("guangan") / "guangan.sqlite")
    s.replace(parse_guangan(GUANGAN))
    yield s
    s.close()


def test_import_gives_1135_searchable_items_in_34_departments(store, raw):
    stats = reader.stats(store.conn)
    assert (stats["items"], stats["departments"]) == (1135, 34)
    assert stats["source"] == "guangan-directory" and stats["sample_data"] is False
    depts = {d["dept_name"]: d["item_count"] for d in reader.departments(store.conn)}
    assert sum(depts.values()) == 1135 and depts["区行政审批局"] > 100
    searcher = Searcher(store.conn, store.lock)
    missing = []
    for dept in raw:
        for group in dept["items"]:
            for sub in group["sub_items"]:
                code = sub["link"].split("itemCode=")[1].split("&")[0]
                if code not in [h.task_code for h in searcher.search(sub["name"], 5)]:
                    missing.append(sub["name"])
    assert missing == []


def test_codes_come_from_the_link(store):
    item = reader.item(store.conn, "511F09014002-511602000000-000-11511300008778693M-1-00")
    assert (item["task_name"], item["task_type"], item["area_code"]) == ("户口登记", "7", "511602000000")
    assert item["dept_name"] == "区公安分局" and item["dept_code"] == "1151130000877869M"
    assert item["group_name"] == "户口登记（包括注销、恢复、变更）"


def test_reimport_is_idempotent(store, before):
    store.replace(parse_guangan(GUANGAN))
    assert dump(store.conn) == before


def corrupt(raw: list, how: str) -> bytes:
    doc = json.loads(json.dumps(raw))
    sub = doc[2]["items"][0]["sub_items"]  # 区公安分局
    if how == "truncated":
        return json.dumps(doc, ensure_ascii=False).encode()[:-5000]
    if how == "control_char":
        sub[2]["name"] = "户口\x00迁移"
    elif how == "duplicate":
        sub[3]["link"] = sub[2]["link"]
    elif how == "no_item_code":
        sub[1]["link"] = sub[1]["link"].replace("itemCode=", "code=")
    elif how == "too_long":
        sub[0]["name"] = "证明" * 150
    elif how == "wrong_type":
        sub[0]["name"] = ["户口"]
    elif how == "not_a_list":
        doc[5]["items"] = {"main_item": "x"}
    return json.dumps(doc, ensure_ascii=False).encode()


@pytest.mark.parametrize(
    "how, key",
    [
        ("truncated", "catalog.import.bad_json"),
        ("control_char", "catalog.import.control_char"),
        ("duplicate", "catalog.import.duplicate"),
        ("no_item_code", "catalog.import.missing_field"),
        ("too_long", "catalog.import.too_long"),
        ("wrong_type", "catalog.import.wrong_type"),
        ("not_a_list", "catalog.import.wrong_type"),
    ],
)
def test_corrupted_copy_is_refused_and_catalog_unchanged(store, before, raw, tmp_path, how, key):
    bad = tmp_path / "items.json"
    bad.write_bytes(corrupt(raw, how))
    with pytest.raises(CatalogImportError) as info:
        store.replace(parse_guangan(bad))
    assert info.value.key == key
    if how not in ("truncated",):
        assert info.value.record  # names the record at fault
    assert dump(store.conn) == before
    assert Searcher(store.conn, store.lock).search("户口登记", 1)[0].task_name == "户口登记"
