"""Storage failures become typed errors with nothing half-written: connect()'s fingerprint
and error mapping, the key file's rules, a full disk and a read-only mount (real tmpfs
mounts; the suite runs as root, as the pcscd tests do)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import threading

import pytest

from offline_cache.db import StorageError, connect, storage_error
from offline_cache.outbox import Outbox
from offline_cache.outbox.sealing import KEY_SIZE, Sealer, load_or_create_key
from tests.outbox_rig import case_body

APP = 0x01020304


@pytest.fixture
def small_fs(tmp_path):
    """A real 1 MiB tmpfs, unmounted after the test."""
    if os.geteuid() != 0:
        raise RuntimeError("mounting a tmpfs needs root (run the suite as root, as CI does)")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mnt)], check=True)
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=True)


# ---- connect() ---------------------------------------------------------------------------


def test_a_new_file_gets_the_fingerprint_and_opens_again(tmp_path):
    path = tmp_path / "a.sqlite"
    conn = connect(path, application_id=APP)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    conn = connect(path, application_id=APP, synchronous="NORMAL")
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APP
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1
    conn.close()


def test_a_file_of_another_program_is_refused(tmp_path):
    theirs = tmp_path / "theirs.sqlite"
    other = sqlite3.connect(theirs)
    other.execute("CREATE TABLE photos (x)")  # an unstamped file that already holds tables
    other.commit()
    other.close()
    with pytest.raises(StorageError) as err:
        connect(theirs, application_id=APP)
    assert err.value.key == "storage.not_ours"
    conn = connect(tmp_path / "b.sqlite", application_id=APP + 1)
    conn.close()
    with pytest.raises(StorageError) as err:
        connect(tmp_path / "b.sqlite", application_id=APP)
    assert err.value.key == "storage.not_ours" and err.value.data["found"] == APP + 1


def test_the_outbox_and_the_catalog_never_open_each_others_file(tmp_path):
    from offline_cache.catalog import CatalogStore
    from offline_cache.catalog.errors import CatalogUnavailable

    (tmp_path / "a").mkdir()
    CatalogStore(tmp_path / "a" / "outbox.sqlite").close()
    with pytest.raises(StorageError) as err:
        Outbox(tmp_path / "a")
    assert err.value.key == "storage.not_ours"
    with Outbox(tmp_path / "b"):
        pass
    with pytest.raises(CatalogUnavailable) as refused:
        CatalogStore(tmp_path / "b" / "outbox.sqlite")
    assert refused.value.key == "catalog.not_ours"


def test_a_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "outbox.sqlite"
    path.write_bytes(b"PK\x03\x04 this is a zip file, not a database" * 100)
    with pytest.raises(StorageError) as err:
        Outbox(tmp_path)
    assert err.value.key == "storage.not_ours"
    assert path.read_bytes().startswith(b"PK")  # untouched


def test_a_damaged_file_is_reported_corrupt(tmp_path):
    path = tmp_path / "c.sqlite"
    conn = connect(path, application_id=APP)
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [(f"row {i}" * 20,) for i in range(2000)])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, behind an intact header
    path.write_bytes(bytes(data))
    with pytest.raises(StorageError) as err:
        connect(path, application_id=APP)
    assert err.value.key == "storage.corrupt"


def test_raw_sqlite_errors_map_to_the_same_keys(tmp_path):
    cases = {
        "database disk image is malformed": "storage.corrupt",
        "database or disk is full": "storage.disk_full",
        "attempt to write a readonly database": "storage.read_only",
        "file is not a database": "storage.not_ours",
        "no such table: t": "storage.failed",
    }
    for text, key in cases.items():
        assert storage_error(sqlite3.DatabaseError(text), tmp_path).key == key
    assert storage_error(OSError(28, "No space left on device"), tmp_path).key == "storage.disk_full"
    assert storage_error(OSError(30, "Read-only file system"), tmp_path).key == "storage.read_only"
    assert storage_error(OSError(5, "Input/output error"), tmp_path).data["code"] == "EIO"


def test_a_full_database_is_disk_full_and_the_record_is_not_stored(tmp_path):
    with Outbox(tmp_path) as box:
        box.put("case", case_body(0))
        pages = box.conn.execute("PRAGMA page_count").fetchone()[0]
        box.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # SQLite's own SQLITE_FULL
        with pytest.raises(StorageError) as err:
            for i in range(1, 50):
                box.put("case", case_body(i, note="填" * 3000))
        assert err.value.key == "storage.disk_full"
        stored = box.records()
        assert all(box.open(r.id)[0]["ordinal"] == i for i, r in enumerate(stored))  # whole ones only


def test_a_full_disk_during_the_blobs_leaves_no_row_and_no_file(small_fs):
    data = small_fs / "data"
    with Outbox(data) as box:
        before = box.put("case", case_body(0), blobs=[b"small"])
        with pytest.raises(StorageError) as err:
            box.put("case", case_body(1), blobs=[os.urandom(300_000), os.urandom(300_000), os.urandom(600_000)])
        assert err.value.key == "storage.disk_full"
        assert [r.id for r in box.records()] == [before.id]
        assert sorted(os.listdir(box.blobs.folder)) == list(before.blobs)  # no temp file, no orphan
        assert box.open(before.id)[1] == [b"small"]


def test_a_read_only_mount_is_read_only(small_fs):
    data = small_fs / "data"
    with Outbox(data) as box:
        rec = box.put("case", case_body(0))
    subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], check=True)
    with pytest.raises(StorageError) as err:
        Outbox(data)
    assert err.value.key == "storage.read_only"
    subprocess.run(["mount", "-o", "remount,rw", str(small_fs)], check=True)
    with Outbox(data) as box:
        assert box.get(rec.id).state == "pending"


# ---- the key file ---------------------------------------------------------------------------


def test_the_key_is_created_once_private_and_shared_by_racing_starters(tmp_path):
    path = tmp_path / "outbox.key"
    keys: list[bytes] = []
    threads = [threading.Thread(target=lambda: keys.append(load_or_create_key(path))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(keys)) == 1 and len(keys[0]) == KEY_SIZE
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["outbox.key"]  # no temp files left


def test_a_readable_key_file_is_refused(tmp_path):
    path = tmp_path / "outbox.key"
    load_or_create_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(StorageError) as err:
        load_or_create_key(path)
    assert err.value.key == "storage.key_exposed" and err.value.data["mode"] == "0o644"


def test_a_key_file_that_is_a_symlink_is_refused_with_a_message_key(tmp_path):
    real = tmp_path / "elsewhere.key"
    load_or_create_key(real)
    path = tmp_path / "outbox.key"
    path.symlink_to(real)
    with pytest.raises(StorageError) as err:
        load_or_create_key(path)
    assert err.value.key == "storage.key_symlink" and err.value.data == {"path": str(path)}
    assert path.is_symlink() and len(real.read_bytes()) == KEY_SIZE  # both untouched


def test_a_key_file_of_the_wrong_size_is_refused(tmp_path):
    path = tmp_path / "outbox.key"
    path.write_bytes(b"short")
    os.chmod(path, 0o600)
    with pytest.raises(StorageError) as err:
        Outbox(tmp_path)
    assert err.value.key == "storage.key_invalid" and err.value.data["size"] == 5


def test_a_lost_key_is_not_silently_replaced(tmp_path):
    with Outbox(tmp_path) as box:
        box.put("case", case_body(0))
    (tmp_path / "outbox.key").unlink()
    with pytest.raises(StorageError) as err:
        Outbox(tmp_path)
    assert err.value.key == "storage.key_missing"
    assert not (tmp_path / "outbox.key").exists()


def test_another_outbox_key_is_refused(tmp_path):
    with Outbox(tmp_path / "a"):
        pass
    with Outbox(tmp_path / "b"):
        pass
    os.replace(tmp_path / "b" / "outbox.key", tmp_path / "a" / "outbox.key")
    with pytest.raises(StorageError) as err:
        Outbox(tmp_path / "a")
    assert err.value.key == "storage.key_mismatch"


def test_sealing_binds_the_associated_data():
    sealer = Sealer(os.urandom(KEY_SIZE))
    sealed = sealer.seal("张三 610103188001010012".encode(), b"id1:case")
    assert "张三".encode() not in sealed
    assert sealer.open(sealed, b"id1:case") == "张三 610103188001010012".encode()
    for bad_ad, bad in (
        (b"id2:case", sealed),
        (b"id1:case", sealed[:-1] + bytes([sealed[-1] ^ 1])),
        (b"id1:case", sealed[:10]),
    ):
        with pytest.raises(StorageError) as err:
            sealer.open(bad, bad_ad)
        assert err.value.key == "storage.unsealable"
    assert sealer.seal(b"same", b"ad") != sealer.seal(b"same", b"ad")  # fresh nonce each time


# ---- words for the keys -------------------------------------------------------------------


def test_every_storage_outbox_and_sync_key_has_words_in_both_languages():
    # tests/unit/ui/test_message_texts.py does not (yet) look for these prefixes.
    import ast
    import re
    from pathlib import Path

    from ui.i18n import texts_of

    root = Path(__file__).resolve().parents[3] / "offline_cache"
    files = [root / "db.py", *(root / "outbox").glob("*.py"), root / "sync" / "engine.py"]
    key_re = re.compile(r"^(?:storage|outbox|sync)\.[a-z_]+$(?<!\.key)(?<!\.sqlite)")
    keys = {
        node.value
        for f in files
        for node in ast.walk(ast.parse(f.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and key_re.match(node.value)
    }
    assert {"storage.disk_full", "storage.key_exposed", "outbox.too_large", "sync.catalog_failed"} <= keys
    for table in (texts_of("zh_CN"), texts_of("en")):
        assert sorted(k for k in keys if not table.get(k)) == []
