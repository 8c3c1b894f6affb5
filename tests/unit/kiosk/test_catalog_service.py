"""CatalogService: what screens get back (frozen domain types, never SQL)."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.catalog import CatalogImportError, CatalogNotFound, CatalogService
from kiosk.catalog.types import BundleGuide, Hall, ItemGuide, ItemSummary
from tests.unit.offline_cache.catalog_feed import feed, write


@pytest.fixture
def service(tmp_path):
    svc = CatalogService(tmp_path / "catalog.sqlite")
    svc.import_file(write(tmp_path / "feed.json"), "feed")
    yield svc
    svc.close()


def test_empty_catalog(tmp_path):
    svc = CatalogService(tmp_path / "empty.sqlite")
    assert svc.version() == 0 and svc.search("户口") == [] and svc.stats().items == 0
    svc.close()


def test_search_returns_frozen_summaries(service):
    hits = service.search("身份证丢了", limit=3)
    assert isinstance(hits[0], ItemSummary) and hits[0].task_code == "T-ID-REISSUE"
    assert hits[0].dept_name == "市公安局（示例）" and hits[0].is_service_terminals is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        hits[0].task_name = "x"  # type: ignore[misc]


def test_search_filters(service):
    assert [h.task_code for h in service.search("登记", topic_code="birth")] == ["T-BIRTH", "T-BIRTH-REG"]
    assert {h.task_code for h in service.search("登记", audience="enterprise")} == {"T-GTH", "T-CORP"}
    assert {h.task_code for h in service.search("gjj", terminal_only=True)} == {"T-GJJ"}
    with pytest.raises(ValueError):
        service.search("登记", audience="robot")


def test_item_guide_exposes_tolerance_commitment_and_exempt_materials(service):
    guide = service.item("T-ID-REISSUE")
    assert isinstance(guide, ItemGuide)
    assert guide.allow_tolerance is True and guide.allow_commitment is False
    assert [m.material_name for m in guide.exempt_materials] == ["居民户口簿"]
    assert [m.material_name for m in guide.tolerable_materials] == ["近期一寸免冠照片"]
    assert guide.fees[0].is_desc is True and guide.faq[0].question == "可以异地补领吗？"
    assert guide.project_type == "即办件" and guide.server_type == ("自然人",)
    assert service.item("T-BIRTH-REG").allow_commitment is True
    with pytest.raises(CatalogNotFound):
        service.item("T-NOPE")


def test_departments_topics_and_topic_items(service):
    assert {d.dept_code: d.item_count for d in service.departments()} == {"GA": 4, "MZ": 3, "SC": 4, "GJJ": 1}
    assert [t.topic_code for t in service.topics("person")] == ["birth", "elder"]
    assert [t.topic_code for t in service.topics("enterprise")] == ["open"]
    assert len(service.topics()) == 3
    assert [i.task_code for i in service.items_in_topic("open")] == ["T-GTH", "T-CORP"]
    assert [i.task_code for i in service.items_in_department("GJJ")] == ["T-GJJ"]


def test_bundle_guide_merges_materials(service):
    assert [b.bundle_code for b in service.bundles()] == ["B-BIRTH"]
    guide = service.bundle("B-BIRTH")
    assert isinstance(guide, BundleGuide) and guide.bundle.promise_day == 5
    assert [i.task_code for i in guide.items] == ["T-BIRTH", "T-BIRTH-REG"]
    names = [m.material_name for m in guide.materials]
    assert names == ["居民身份证", "居民户口簿", "出生医学证明", "近期一寸免冠照片"]
    assert guide.materials[0].for_items == ("T-BIRTH", "T-BIRTH-REG")
    with pytest.raises(CatalogNotFound):
        service.bundle("B-NOPE")


def test_halls_with_weekend_hours(service):
    halls = {h.hall_code: h for h in service.halls()}
    assert isinstance(halls["H1"], Hall) and halls["H1"].open_on_weekends is True
    assert halls["H1"].hours["saturday"] == "09:00-12:00" and halls["H1"].self_service_24h is True
    assert halls["H2"].open_on_weekends is False and halls["H2"].kind == "street"
    assert halls["H2"].self_service_24h is False


def test_version_and_stats(service):
    assert service.version() == 2026112601
    stats = service.stats()
    assert (stats.items, stats.bundles, stats.halls, stats.terminal_items) == (12, 1, 2, 3)


def test_refused_import_keeps_the_previous_catalog(service, tmp_path):
    doc = feed(version=2026112602)
    doc["items"][0]["task_name"] = "x" * 300
    with pytest.raises(CatalogImportError) as info:
        service.import_file(write(tmp_path / "bad.json", doc))
    assert info.value.key == "catalog.import.too_long" and info.value.field == "task_name"
    assert service.version() == 2026112601
    assert service.search("身份证丢了", limit=1)[0].task_code == "T-ID-REISSUE"


def test_newer_feed_replaces_the_catalog(service, tmp_path):
    doc = feed(version=2026112602)
    doc["items"] = [i for i in doc["items"] if i["task_code"] != "T-HU"]
    service.import_file(write(tmp_path / "v2.json", doc))
    assert service.version() == 2026112602 and service.stats().items == 11
    with pytest.raises(CatalogNotFound):
        service.item("T-HU")


def test_search_answers_from_the_old_catalog_while_an_import_runs(service, tmp_path, monkeypatch):
    from offline_cache.catalog import store as store_module

    seen = {}
    original = store_module.CatalogStore._write

    def write_then_search(self, batch):
        counts = original(self, batch)  # new rows written, transaction not yet committed
        seen["during"] = [h.task_code for h in service.search("公积金", limit=3)]
        seen["version"] = service.version()
        return counts

    monkeypatch.setattr(store_module.CatalogStore, "_write", write_then_search)
    doc = feed(version=2026112602)
    doc["items"] = [i for i in doc["items"] if i["task_code"] != "T-GJJ"]
    service.import_file(write(tmp_path / "v2.json", doc))
    assert seen == {"during": ["T-GJJ"], "version": 2026112601}
    assert service.search("公积金", limit=3) == [] and service.version() == 2026112602
