"""The store: one transaction per import, WAL readers, migrations, merged bundle lists."""

from __future__ import annotations

import sqlite3

import pytest

from offline_cache.catalog import CatalogImportError, CatalogNotFound, CatalogStore, check_batch, reader, schema
from offline_cache.catalog.errors import CatalogUnavailable
from tests.unit.offline_cache.catalog_feed import feed


@pytest.fixture
def store(tmp_path):
    s = CatalogStore(tmp_path / "catalog.sqlite")
    s.replace(check_batch(feed()))
    yield s
    s.close()


def dump(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every catalog table's rows, minus the import time."""
    tables = [
        "departments",
        "topics",
        "halls",
        "items",
        "materials",
        "fees",
        "faq",
        "item_topics",
        "bundles",
        "bundle_items",
        "item_gram",
        "fts_text",
        "fts_py",
        "fts_ini",
    ]
    out = {t: sorted(map(tuple, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    out["meta"] = sorted(conn.execute("SELECT * FROM meta WHERE key != 'imported_at'"))
    return out


def test_new_database_is_migrated_and_in_wal_mode(tmp_path):
    s = CatalogStore(tmp_path / "c.sqlite")
    assert s.conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert reader.stats(s.conn)["items"] == 0
    s.close()
    again = CatalogStore(tmp_path / "c.sqlite")  # reopening runs no migration twice
    assert again.conn.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    again.close()


def test_import_counts_and_rank_by_frequency(store):
    stats = reader.stats(store.conn)
    assert (stats["items"], stats["departments"], stats["topics"], stats["halls"], stats["bundles"]) == (12, 4, 3, 2, 1)
    assert stats["catalog_version"] == 2026112601 and stats["sample_data"] is True
    ranked = [r[0] for r in store.conn.execute("SELECT task_code FROM items ORDER BY id")]
    assert ranked[:3] == ["T-ID-REISSUE", "T-ID-RENEW", "T-GJJ"]


def test_reimport_is_idempotent(store):
    before = dump(store.conn)
    store.replace(check_batch(feed()))
    assert dump(store.conn) == before


def test_failed_store_changes_nothing(store, monkeypatch):
    before = dump(store.conn)
    batch = check_batch(feed(version=7))
    batch.items[5]["task_name"] = None  # slips past the checker: the database refuses it
    with pytest.raises(CatalogImportError) as info:
        store.replace(batch)
    assert info.value.key == "catalog.import.store_failed"
    assert dump(store.conn) == before


def test_readers_see_the_old_catalog_until_commit(store, tmp_path):
    other = sqlite3.connect(tmp_path / "catalog.sqlite")
    other.execute("BEGIN")
    assert other.execute("SELECT value FROM meta WHERE key='catalog_version'").fetchone() == ("2026112601",)
    doc = feed(version=2026112602)
    doc["items"] = doc["items"][:3]
    doc["bundles"] = []
    store.replace(check_batch(doc), allow_shrink=True)
    # The reader's snapshot is the old catalog, whole.
    assert other.execute("SELECT count(*) FROM items").fetchone() == (12,)
    other.execute("COMMIT")
    assert other.execute("SELECT count(*) FROM items").fetchone() == (3,)
    assert other.execute("SELECT value FROM meta WHERE key='catalog_version'").fetchone() == ("2026112602",)
    other.close()


def test_item_guide_has_children_in_order(store):
    item = reader.item(store.conn, "T-ID-REISSUE")
    assert [m["material_name"] for m in item["materials"]] == ["居民户口簿", "近期一寸免冠照片"]
    assert item["materials"][0]["e_licence_exempt"] is True and item["allow_tolerance"] is True
    assert item["fees"][0]["fee_stand"] == "20元" and item["faq"][0]["answer"] == "可以，全国通办。"
    assert item["keywords"] == ("身份证丢了",)
    with pytest.raises(CatalogNotFound):
        reader.item(store.conn, "T-NOPE")


def test_bundle_materials_are_merged_once_each(store):
    bundle = reader.bundle(store.conn, "B-BIRTH")
    mats = {m["material_key"]: m for m in bundle["materials"]}
    assert [m["material_key"] for m in bundle["materials"]] == [
        "resident_id_card",
        "household_register",
        "birth_cert",
        "photo",
    ]
    card = mats["resident_id_card"]
    assert card["for_items"] == ("T-BIRTH", "T-BIRTH-REG")
    assert card["page_num"] == 2  # the most any item asks
    assert card["e_licence_exempt"] is False  # one item still wants the paper
    assert mats["photo"]["is_need"] == "容缺"
    assert [m["order_num"] for m in bundle["materials"]] == [1, 2, 3, 4]


def test_merge_takes_the_strongest_necessity():
    items = [
        {
            "task_code": "A",
            "materials": [
                {
                    "material_key": "k",
                    "material_name": "x",
                    "is_need": "非必要",
                    "page_num": 1,
                    "e_licence_exempt": True,
                }
            ],
        },
        {
            "task_code": "B",
            "materials": [
                {"material_key": "k", "material_name": "x", "is_need": "必要", "page_num": 1, "e_licence_exempt": True}
            ],
        },
    ]
    merged = reader.merge_materials(items)
    assert len(merged) == 1 and merged[0]["is_need"] == "必要" and merged[0]["e_licence_exempt"] is True


def test_export_round_trips(store, tmp_path):
    from offline_cache.catalog import export_feed

    doc = export_feed(store.conn)
    assert doc["format"] == "hall-kiosk-catalog-feed" and doc["catalog_version"] == 2026112601
    again = CatalogStore(tmp_path / "again.sqlite")
    again.replace(check_batch(doc))
    assert dump(again.conn) == dump(store.conn)
    again.close()


def test_database_from_another_schema_build_is_rebuilt_empty(store, tmp_path):
    path = tmp_path / "catalog.sqlite"
    # Our mark, another build's schema checksum at a version this code knows (a
    # development build); a newer release's catalog is refused (test_newer_schema_...).
    store.conn.execute(f"PRAGMA application_id = {schema.APP_MARK | 12345}")
    store.close()
    again = CatalogStore(path)
    assert reader.stats(again.conn)["items"] == 0
    assert again.conn.execute("PRAGMA application_id").fetchone()[0] == schema.fingerprint(len(schema.MIGRATIONS))
    again.replace(check_batch(feed()))
    assert reader.stats(again.conn)["items"] == 12
    again.close()


def test_a_catalog_of_a_newer_release_is_refused_untouched(store, tmp_path):
    path = tmp_path / "catalog.sqlite"
    store.replace(check_batch(feed()))
    store.conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
    store.close()
    with pytest.raises(CatalogUnavailable) as exc:
        CatalogStore(path)
    assert exc.value.key == "catalog.newer_schema" and exc.value.data["found"] == len(schema.MIGRATIONS) + 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 12
    conn.close()
