"""The outbox on real SQLite files: order, states, purge, sweep, bad input, privacy."""

from __future__ import annotations

import os
import random
import sqlite3

import pytest

from offline_cache.db import StorageError
from offline_cache.outbox import Outbox, OutboxInputError
from offline_cache.outbox.blobs import TMP_PREFIX, sha256_hex
from tests.outbox_rig import CITIZEN, case_body, image_with_personal_data
from tests.support.clock import FakeClock

ENCODINGS = ("utf-8", "gb18030", "utf-16-le", "utf-16-be")


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def outbox(tmp_path, clock):
    box = Outbox(tmp_path / "data", clock=clock)
    yield box
    box.close()


def scan_for_citizen(folder) -> list[tuple[str, str, str]]:
    """Every (file, field, encoding) where the citizen's data shows in plaintext."""
    needles = [(field, value.encode(enc), enc) for field, value in CITIZEN.items() for enc in ENCODINGS]
    found = []
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                data = f.read()
            found += [(path, field, enc) for field, needle, enc in needles if needle in data]
    return found


def test_put_assigns_increasing_seq_and_a_masked_summary(outbox, clock):
    records = []
    for i in range(3):
        clock.t += 1
        records.append(outbox.put("case", case_body(i)))
    assert [r.seq for r in records] == sorted(r.seq for r in records)
    assert len({r.id for r in records}) == 3 and all(len(r.id) == 32 for r in records)
    first = records[0]
    assert first.state == "pending" and first.attempts == 0 and first.created_at == 1_800_000_001.0
    assert first.summary == {"kind": "case", "item": "11610100MB29583281461011700200", "name": "欧阳**"}
    body, blobs = outbox.open(first.id)
    assert body == case_body(0) and blobs == []


def test_seq_keeps_growing_across_restarts_and_purges(tmp_path, clock):
    with Outbox(tmp_path, clock=clock) as box:
        a = box.put("case", case_body(1))
        box.mark_sent(a.id, {"case_number": "N1"})
        clock.t += 100
        assert box.purge(10) == 1
    with Outbox(tmp_path, clock=clock) as box:
        b = box.put("evaluation", {"satisfaction": 5})
        assert b.seq > a.seq
        assert [r.id for r in box.next_batch(10)] == [b.id]


def test_blobs_round_trip_and_are_stored_once_per_content(outbox):
    rng = random.Random(1)
    scan = image_with_personal_data(rng, 50_000)
    a = outbox.put("case", case_body(1), blobs=[scan, b"second page"])
    b = outbox.put("case", case_body(2), blobs=[scan])
    assert a.blobs == (sha256_hex(scan), sha256_hex(b"second page")) and b.blobs == (sha256_hex(scan),)
    assert sorted(os.listdir(outbox.blobs.folder)) == sorted({sha256_hex(scan), sha256_hex(b"second page")})
    assert outbox.open(a.id)[1] == [scan, b"second page"]


def test_next_batch_keeps_order_behind_a_waiting_record(outbox, clock):
    recs = [outbox.put("case", case_body(i)) for i in range(4)]
    assert [r.id for r in outbox.next_batch(2)] == [recs[0].id, recs[1].id]
    outbox.mark_failed(recs[0].id, {"key": "hub.unreachable", "data": {}}, retry_at=clock.t + 30)
    assert outbox.next_batch(10) == []  # the head waits, so do the others
    other = outbox.put("case", case_body(9), stream="other")
    assert [r.id for r in outbox.next_batch(10)] == [other.id]  # another stream is not held up
    clock.t += 30
    head = outbox.next_batch(10)
    assert [r.id for r in head] == [*(r.id for r in recs), other.id]
    assert head[0].attempts == 1 and head[0].last_error == {"key": "hub.unreachable", "data": {}}


def test_a_retry_time_far_in_the_future_counts_as_due(outbox, clock):
    # The wall clock was set back a day: a record must not wait a day for it.
    rec = outbox.put("case", case_body(1))
    outbox.mark_failed(rec.id, {"key": "hub.unreachable"}, retry_at=clock.t + 86_400)
    assert [r.id for r in outbox.next_batch(1)] == [rec.id]


def test_states_change_only_from_pending(outbox):
    a, b = outbox.put("case", case_body(1)), outbox.put("case", case_body(2))
    assert outbox.mark_sent(a.id, {"case_number": "N1"}) is True
    assert outbox.mark_sent(a.id, {"case_number": "OTHER"}) is False
    assert outbox.mark_dead(a.id, {"key": "hub.rejected"}) is False
    assert outbox.mark_failed(a.id, {"key": "x"}, 0) == 0
    assert outbox.get(a.id).reply == {"case_number": "N1"} and outbox.get(a.id).state == "sent"
    assert outbox.mark_dead(b.id, {"key": "hub.rejected", "data": {"status": 422, "code": "case.invalid"}})
    dead = outbox.dead_letters()
    assert [d.id for d in dead] == [b.id]
    assert dead[0].last_error == {"key": "hub.rejected", "data": {"status": 422, "code": "case.invalid"}}
    assert outbox.requeue(b.id) is True and outbox.get(b.id).state == "pending"
    assert outbox.requeue(a.id) is False


def test_stats(outbox, clock):
    assert outbox.stats().waiting == 0 and outbox.stats().oldest_waiting_s is None
    a = outbox.put("case", case_body(1))
    clock.t += 50
    b = outbox.put("case", case_body(2))
    outbox.put("case", case_body(3))
    outbox.mark_dead(b.id, {"key": "hub.rejected"})
    outbox.mark_sent(a.id, {})
    outbox.set_state({"last_contact": "1800000040.5"})
    clock.t += 10
    stats = outbox.stats()
    assert (stats.waiting, stats.dead, stats.sent) == (1, 1, 1)
    assert stats.oldest_waiting_s == 10.0 and stats.last_contact == 1_800_000_040.5


def test_purge_drops_body_and_blobs_after_retention_only(outbox, clock):
    shared = b"scan shared by two cases"
    old = outbox.put("case", case_body(1), blobs=[shared, b"old only"])
    keep = outbox.put("case", case_body(2), blobs=[shared])
    outbox.mark_sent(old.id, {"case_number": "N1"})
    clock.t += 1000
    outbox.mark_sent(keep.id, {"case_number": "N2"})
    assert outbox.purge(retention_s=500) == 1
    purged = outbox.get(old.id)
    assert purged.purged and purged.blobs == () and purged.reply == {"case_number": "N1"}
    assert purged.summary["item"] and purged.seq == old.seq
    with pytest.raises(StorageError) as err:
        outbox.open(old.id)
    assert err.value.key == "storage.purged"
    assert sorted(os.listdir(outbox.blobs.folder)) == [sha256_hex(shared)]  # still named by `keep`
    assert outbox.open(keep.id)[1] == [shared]
    assert outbox.purge(retention_s=500) == 0  # nothing else old enough; pending ones never


def test_sweep_removes_orphans_and_temp_files_but_nothing_named(tmp_path, clock):
    with Outbox(tmp_path, clock=clock) as box:
        rec = box.put("case", case_body(1), blobs=[b"named"])
        folder = box.blobs.folder
    (folder / ("ab" * 32)).write_bytes(b"orphan: a crash after the rename, before the commit")
    (folder / f"{TMP_PREFIX}123").write_bytes(b"half written")
    with Outbox(tmp_path, clock=clock) as box:  # sweeps on open
        assert os.listdir(folder) == [sha256_hex(b"named")]
        assert box.open(rec.id)[1] == [b"named"]
        assert box.sweep() == (0, 0)


@pytest.mark.parametrize(
    ("kind", "body", "key"),
    [
        ("Case!", {}, "outbox.bad_kind"),
        ("", {}, "outbox.bad_kind"),
        ("case", ["not", "a", "dict"], "outbox.bad_body"),
        ("case", {"when": {1, 2}}, "outbox.bad_body"),
        ("case", {"score": float("nan")}, "outbox.bad_body"),
        ("case", {"note": "x" * (1 << 20)}, "outbox.too_large"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_stored(outbox, kind, body, key):
    with pytest.raises(OutboxInputError) as err:
        outbox.put(kind, body)
    assert err.value.key == key
    assert outbox.records() == [] and os.listdir(outbox.blobs.folder) == []


def test_non_bytes_blob_is_refused(outbox):
    with pytest.raises(OutboxInputError):
        outbox.put("case", case_body(1), blobs=["a str, not bytes"])
    assert outbox.records() == []


def test_case_updates_are_stored_with_their_cursor(outbox):
    rec = outbox.put("case", case_body(1))
    n = outbox.add_updates(
        [
            {"record_id": rec.id, "case_number": "N1", "status": "accepted", "at": 10.0},
            {"record_id": rec.id, "case_number": "N1", "status": "done", "at": 20.0},
        ],
        "20.0",
    )
    assert n == 2 and outbox.get_state("updates_since") == "20.0"
    outbox.add_updates([{"record_id": rec.id, "case_number": "N1", "status": "done", "at": 20.0}])  # repeat
    assert [u["status"] for u in outbox.case_status("N1")] == ["accepted", "done"]
    assert outbox.case_status("NOPE") == []


def test_no_personal_data_in_any_file_of_the_data_dir(tmp_path, clock):
    rng = random.Random(7)
    data = tmp_path / "data"
    with Outbox(data, clock=clock) as box:
        ids = [
            box.put(
                "case", case_body(i), personal={"applicant", "form"}, blobs=[image_with_personal_data(rng, 30_000)]
            ).id
            for i in range(20)
        ]
        for rid in ids[:10]:
            box.mark_sent(rid, {"case_number": "N"})
        clock.t += 100
        box.purge(10)
        box.mark_dead(ids[10], {"key": "hub.rejected"})
        # While open, too: the WAL and shm files are part of the scan.
        assert scan_for_citizen(data) == []
        summaries = [r.summary for r in box.records()]
    assert scan_for_citizen(data) == []
    assert all(s["name"] == "欧阳**" for s in summaries)
    # The check itself finds plaintext when it is there.
    (data / "leak.txt").write_bytes(CITIZEN["address"].encode("gb18030"))
    assert scan_for_citizen(data) == [(str(data / "leak.txt"), "address", "gb18030")]


def test_secure_delete_is_on_so_freed_pages_are_zeroed(outbox):
    assert outbox.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert outbox.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert outbox.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert outbox.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_tampered_body_does_not_open(outbox):
    rec = outbox.put("case", case_body(1))
    other = outbox.put("case", case_body(2))
    # Moving another record's sealed body onto this one is refused (associated data = id + kind).
    outbox.conn.execute(
        "UPDATE records SET sealed = (SELECT sealed FROM records WHERE id = ?) WHERE id = ?", (other.id, rec.id)
    )
    with pytest.raises(StorageError) as err:
        outbox.open(rec.id)
    assert err.value.key == "storage.unsealable"


def test_a_tampered_blob_does_not_open(outbox):
    rec = outbox.put("case", case_body(1), blobs=[b"page one"])
    path = outbox.blobs.path(rec.blobs[0])
    sealed = bytearray(path.read_bytes())
    sealed[-1] ^= 1
    path.write_bytes(bytes(sealed))
    with pytest.raises(StorageError) as err:
        outbox.open(rec.id)
    assert err.value.key == "storage.unsealable"


def test_the_blob_table_refuses_a_row_for_a_missing_record(outbox):
    with pytest.raises(sqlite3.IntegrityError):
        outbox.conn.execute(
            "INSERT INTO blobs (record_id, idx, sha256, size) VALUES (?, 0, ?, 1)", ("0" * 32, "a" * 64)
        )


def test_discard_drops_the_personal_data_of_a_dead_letter_only(outbox):
    dead = outbox.put("case", case_body(1), blobs=[b"dead scan"])
    alive = outbox.put("case", case_body(2), blobs=[b"alive scan"])
    assert outbox.discard(dead.id) is False  # still pending: nothing happens
    outbox.mark_dead(dead.id, {"key": "hub.rejected"})
    assert outbox.discard(dead.id) is True
    gone = outbox.get(dead.id)
    assert gone.state == "dead" and gone.purged and gone.blobs == ()
    assert os.listdir(outbox.blobs.folder) == [sha256_hex(b"alive scan")]
    assert outbox.requeue(dead.id) is False  # nothing left to send
    assert outbox.open(alive.id)[1] == [b"alive scan"]
