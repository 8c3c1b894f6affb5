"""Applying a catalog version's changes to the terminal's store: merged, checked whole,
stored in one transaction with the search index; a bad batch or an older version
changes nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kiosk.catalog.service import CatalogService
from offline_cache.catalog.errors import CatalogImportError

DEMO = Path(__file__).resolve().parents[3] / "offline_cache" / "data" / "xian_demo_catalog.json"


@pytest.fixture
def feed() -> dict:
    return json.loads(DEMO.read_text(encoding="utf-8"))


@pytest.fixture
def catalog(tmp_path: Path) -> CatalogService:
    service = CatalogService(tmp_path / "catalog.sqlite")
    service.import_file(DEMO)
    yield service
    service.close()


def snapshot(catalog: CatalogService) -> tuple:
    return (
        catalog.version(),
        catalog.stats(),
        [s.task_code for s in catalog.search("出生", limit=50)],
        [s.task_code for s in catalog.search("婚姻", limit=50)],
    )


def test_a_delta_changes_adds_and_removes_items_and_the_index_follows(catalog: CatalogService, feed: dict) -> None:
    items = feed["items"]
    changed = copy.deepcopy(items[0])
    changed["task_name"] = "新生儿入户登记（演示改名）"
    new = copy.deepcopy(items[1])
    new["task_code"] = "NEWCODE000000000000000000000001"
    new["task_name"] = "鲲鹏展翅演示事项"
    in_bundles = {code for b in feed["bundles"] for code in b["item_codes"]}
    gone = [i["task_code"] for i in items[2:] if i["task_code"] not in in_bundles][:2]
    # A removal that a bundle still names is a bad batch (checked whole, below).
    counts = catalog.apply_changes(feed["catalog_version"] + 1, [changed, new], gone)
    assert counts["items"] == len(items) - 1 and counts["upserts"] == 2 and counts["removals"] == 2
    assert catalog.version() == feed["catalog_version"] + 1
    assert catalog.item(changed["task_code"]).task_name == "新生儿入户登记（演示改名）"
    assert [s.task_code for s in catalog.search("鲲鹏展翅")][:1] == [new["task_code"]]
    for code in gone:
        with pytest.raises(Exception, match="not_found|NotFound|catalog"):
            catalog.item(code)
    # Untouched items keep their guides.
    kept = next(i for i in items[4:] if i["task_code"] not in gone)
    assert catalog.item(kept["task_code"]).task_name == kept["task_name"]
    bundled = sorted(in_bundles)[0]
    with pytest.raises(CatalogImportError) as exc:
        catalog.apply_changes(feed["catalog_version"] + 2, [], [bundled])
    assert exc.value.key == "catalog.import.unknown_reference"
    assert catalog.item(bundled).task_code == bundled


def test_a_bad_item_in_the_batch_changes_nothing(catalog: CatalogService, feed: dict) -> None:
    before = snapshot(catalog)
    good = copy.deepcopy(feed["items"][0])
    good["task_name"] = "改了名字"
    bad = copy.deepcopy(feed["items"][1])
    bad["task_name"] = "x" * 5000
    with pytest.raises(CatalogImportError) as exc:
        catalog.apply_changes(feed["catalog_version"] + 1, [good, bad], [])
    assert exc.value.key == "catalog.import.too_long"
    assert snapshot(catalog) == before


def test_an_older_version_is_refused_and_the_same_one_is_a_no_op(catalog: CatalogService, feed: dict) -> None:
    before = snapshot(catalog)
    with pytest.raises(CatalogImportError) as exc:
        catalog.apply_changes(feed["catalog_version"] - 1, [], [feed["items"][0]["task_code"]])
    assert exc.value.key == "catalog.import.version_not_newer"
    assert catalog.apply_changes(feed["catalog_version"], [], [feed["items"][0]["task_code"]])["unchanged"] == 1
    assert snapshot(catalog) == before


def test_a_full_set_replaces_the_catalog_but_never_with_nothing(catalog: CatalogService, feed: dict) -> None:
    rest = {k: feed[k] for k in ("source", "sample_data", "departments", "topics", "halls")}
    rest["bundles"] = []
    before = snapshot(catalog)
    with pytest.raises(CatalogImportError) as exc:  # 10 of the items: most would go
        catalog.apply_changes(feed["catalog_version"] + 5, feed["items"][:10], [], rest, full=True)
    assert exc.value.key == "catalog.import.shrinks" and snapshot(catalog) == before
    rest["shrink_allowed"] = True  # the publisher said so (kiosk hub catalog publish --allow-shrink)
    counts = catalog.apply_changes(feed["catalog_version"] + 5, feed["items"][:10], [], rest, full=True)
    assert counts["items"] == 10 and catalog.version() == feed["catalog_version"] + 5
    before = snapshot(catalog)
    del rest["shrink_allowed"]
    with pytest.raises(CatalogImportError) as exc:
        catalog.apply_changes(feed["catalog_version"] + 6, [], [], rest, full=True)
    assert exc.value.key == "catalog.import.shrinks"
    assert snapshot(catalog) == before


def test_a_delta_that_removes_most_items_is_refused_unless_its_publisher_allowed_it(
    catalog: CatalogService, feed: dict
) -> None:
    gone = [i["task_code"] for i in feed["items"][2:]]  # 125 of 127, and the bundles naming them
    before = snapshot(catalog)
    with pytest.raises(CatalogImportError) as exc:
        catalog.apply_changes(feed["catalog_version"] + 1, [], gone, {"bundles": []})
    assert exc.value.key == "catalog.import.shrinks" and exc.value.data["removed"] == len(gone)
    assert snapshot(catalog) == before
    counts = catalog.apply_changes(feed["catalog_version"] + 1, [], gone, {"bundles": [], "shrink_allowed": True})
    assert counts["items"] == 2
