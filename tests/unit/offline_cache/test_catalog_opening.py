"""Opening the catalog file: ours, new, or someone else's; SQLite's own errors as keys.

Disk-full and read-only are produced by SQLite itself here (``PRAGMA max_page_count``,
``PRAGMA query_only``) so that these run anywhere; the CLI tests use real tmpfs mounts.
"""

from __future__ import annotations

import sqlite3

import pytest

from offline_cache.catalog import (
    CatalogImportError,
    CatalogStore,
    CatalogUnavailable,
    check_batch,
    reader,
    schema,
)
from tests.unit.offline_cache.catalog_feed import feed


def _file_bytes(path):
    return path.read_bytes()


def test_a_new_file_gets_our_mark(tmp_path):
    store = CatalogStore(tmp_path / "c.sqlite")
    app_id = store.conn.execute("PRAGMA application_id").fetchone()[0]
    assert app_id == schema.fingerprint(len(schema.MIGRATIONS)) and app_id & 0x7F000000 == schema.APP_MARK
    assert schema.ownership(store.conn) == "ours"
    store.close()


@pytest.mark.parametrize(
    "app_id, user_version, tables",
    [
        (0, 0, ["items"]),  # an inventory program's file, never stamped
        (0, 5, ["meta", "items"]),  # stamped with a version, no application id
        (0x0F0F0F0F, 1, ["meta"]),  # another program's application id
    ],
)
def test_foreign_databases_are_refused_byte_for_byte_unchanged(tmp_path, app_id, user_version, tables):
    path = tmp_path / "theirs.db"
    conn = sqlite3.connect(path)
    for t in tables:
        conn.execute(f"CREATE TABLE {t} (v)")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    before = _file_bytes(path)
    for create in (True, False):
        with pytest.raises(CatalogUnavailable) as info:
            CatalogStore(path, create=create)
        assert info.value.key == "catalog.not_ours" and info.value.data["path"] == str(path)
    assert _file_bytes(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]  # no -wal, no -shm


def test_a_catalog_stamped_by_an_earlier_release_is_kept_and_restamped(tmp_path):
    path = tmp_path / "c.sqlite"
    store = CatalogStore(path)
    store.replace(check_batch(feed()))
    version = len(schema.MIGRATIONS)
    store.conn.execute(f"PRAGMA application_id = {schema._legacy_fingerprint(version)}")
    store.close()
    again = CatalogStore(path, create=False)
    assert reader.stats(again.conn)["items"] == 12
    assert again.conn.execute("PRAGMA application_id").fetchone()[0] == schema.fingerprint(version)
    again.close()


def test_reading_a_missing_or_empty_file_creates_nothing(tmp_path):
    with pytest.raises(CatalogUnavailable) as info:
        CatalogStore(tmp_path / "nope" / "c.sqlite", create=False)
    assert info.value.key == "catalog.missing" and not (tmp_path / "nope").exists()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    with pytest.raises(CatalogUnavailable) as info:
        CatalogStore(empty, create=False)
    assert info.value.key == "catalog.missing" and empty.read_bytes() == b""


def test_garbage_and_folders(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(CatalogUnavailable) as info:
        CatalogStore(bad)
    assert info.value.key == "catalog.not_a_database" and bad.read_bytes() == b"\x00garbage" * 1000
    with pytest.raises(CatalogUnavailable) as info:
        CatalogStore(tmp_path)
    assert info.value.key == "catalog.not_a_file"


def test_disk_full_during_an_import_is_disk_full_and_keeps_the_catalog(tmp_path):
    store = CatalogStore(tmp_path / "c.sqlite")
    store.replace(check_batch(feed()))
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL past this
    doc = feed(version=2026112602)
    for item in doc["items"]:
        item["keywords"] = [f"{item['task_name']}{n}" for n in range(40)]
    with pytest.raises(CatalogUnavailable) as info:
        store.replace(check_batch(doc))
    assert info.value.key == "catalog.disk_full"
    assert reader.stats(store.conn)["catalog_version"] == 2026112601 and not store.conn.in_transaction
    store.close()


def test_a_read_only_connection_says_read_only(tmp_path):
    store = CatalogStore(tmp_path / "c.sqlite")
    store.replace(check_batch(feed()))
    store.conn.execute("PRAGMA query_only = 1")  # SQLite answers SQLITE_READONLY to writes
    with pytest.raises(CatalogUnavailable) as info:
        store.replace(check_batch(feed(version=2026112602)))
    assert info.value.key == "catalog.read_only"
    assert reader.stats(store.conn)["catalog_version"] == 2026112601
    store.close()


def test_shrinking_is_refused_in_the_store_with_counts(tmp_path):
    store = CatalogStore(tmp_path / "c.sqlite")
    store.replace(check_batch(feed()))
    doc = feed(version=2026112602)
    doc["items"], doc["bundles"] = doc["items"][:5], []
    with pytest.raises(CatalogImportError) as info:
        store.replace(check_batch(doc))
    assert info.value.key == "catalog.import.shrinks"
    assert info.value.data == {"removed": 7, "before": 12, "after": 5}
    assert reader.stats(store.conn)["items"] == 12
    doc["items"] = []
    with pytest.raises(CatalogImportError):
        store.replace(check_batch(doc))
    assert store.replace(check_batch(doc), allow_shrink=True)["items"] == 0
    store.close()
