"""The outbox: the durable queue of records a terminal sends to the hub.

A record taken at a kiosk must never be lost, never arrive twice, and never leak:

- *never lost*: ``put`` returns only after the row is committed with
  ``synchronous=FULL`` (fsynced, survives a power cut); its blobs were fsynced and
  renamed before that commit, so a committed row never names a missing blob.
- *never twice*: the record's id (uuid4 hex) is its idempotency key on the hub; the
  engine sends the same id until the hub has answered it.
- *never leaks*: the body and the blobs are sealed (AES-GCM, ``sealing``); only a masked
  summary is readable; ``secure_delete`` zeroes freed pages; ``purge`` drops the sealed
  body and blobs of sent records after the retention period.

Thread: any; every call is serialised on one lock over one connection.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from offline_cache.db import (
    StorageError,
    Synchronous,
    connect,
    storage_error,
    transaction,
)
from offline_cache.outbox import schema
from offline_cache.outbox.blobs import BlobStore
from offline_cache.outbox.checks import (
    associated,
    check_record,
    error_json,
)
from offline_cache.outbox.schema import DEAD, PENDING, SENT, Record, Stats
from offline_cache.outbox.sealing import Sealer, load_or_create_key
from offline_cache.outbox.summary import make_summary

log = logging.getLogger("kiosk.outbox")

DB_NAME, KEY_NAME, BLOB_DIR = "outbox.sqlite", "outbox.key", "blobs"
_KEY_CHECK = b"hall-kiosk outbox key check"


class Outbox:
    """The outbox of one terminal, in ``data_dir``.

    Args:
        data_dir: folder for ``outbox.sqlite``, ``outbox.key`` and ``blobs/``.
        clock: wall-clock seconds (epoch), injectable for tests.
        synchronous: ``"FULL"`` (default: a committed record survives power loss).
        sweep: remove stray blob files at opening; False for a second handle on a folder
            another handle already sweeps (a stray there may be its put in progress).

    Raises:
        StorageError: the folder or file cannot be used (see ``offline_cache.db``), the
            key file is missing while sealed records exist (``storage.key_missing``),
            belongs to other records (``storage.key_mismatch``) or is unsafe.
    """

    def __init__(
        self,
        data_dir: str | Path,
        *,
        clock: Callable[[], float] = time.time,
        synchronous: Synchronous = "FULL",
        sweep: bool = True,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self._lock = threading.RLock()
        try:
            self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise storage_error(exc, self.data_dir) from None
        self.db_path = self.data_dir / DB_NAME
        self.conn = connect(
            self.db_path, application_id=schema.APPLICATION_ID, synchronous=synchronous, secure_delete=True
        )
        try:
            self.conn.row_factory = sqlite3.Row
            try:
                schema.migrate(self.conn)
            except sqlite3.Error as exc:
                raise storage_error(exc, self.db_path) from None
            self._sealer = self._open_key()
            self.blobs = BlobStore(self.data_dir / BLOB_DIR, self._sealer)
            if sweep:
                self.sweep()
        except BaseException:
            self.conn.close()
            raise

    def _open_key(self) -> Sealer:
        check = self.conn.execute("SELECT value FROM meta WHERE key = 'key_check'").fetchone()
        key = load_or_create_key(self.data_dir / KEY_NAME, create=check is None)
        sealer = Sealer(key)
        if check is None:
            with transaction(self.conn, self.db_path):
                self.conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('key_check', ?)", (sealer.seal(_KEY_CHECK, b"key_check"),)
                )
        else:
            try:
                sealer.open(check["value"], b"key_check")
            except StorageError:
                raise StorageError("storage.key_mismatch", path=str(self.data_dir / KEY_NAME)) from None
        return sealer

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ---- writing records ---------------------------------------------------------------

    def put(
        self,
        kind: str,
        body: dict[str, Any],
        *,
        personal: Iterable[str] = (),
        blobs: Sequence[bytes] = (),
        stream: str = schema.DEFAULT_STREAM,
        within: Callable[[sqlite3.Connection, str], None] | None = None,
    ) -> Record:
        """Store a record and its blobs durably, all or nothing.

        Args:
            kind: ``case``, ``evaluation``, ``help_request``, ``ticket``, ``issue_report``...
            body: JSON-able values (sealed whole).
            personal: the body's personal fields beyond the default set (never summarised).
            blobs: material images (sealed files).
            stream: the ordering stream (records of one stream are sent in seq order).
            within: ``within(conn, record_id)`` runs inside the record's transaction
                (a leased number marked used together with its ticket's record); if it
                raises, nothing is stored.

        Returns:
            the stored record (pending, ``seq`` assigned).

        Raises:
            OutboxInputError: bad kind, body not JSON-able, too large.
            StorageError: disk full / read-only / ...; nothing of the record is stored.
        """
        payload = check_record(kind, body, blobs)
        secret = frozenset(personal) | schema.DEFAULT_PERSONAL
        rid = uuid.uuid4().hex
        sealed = self._sealer.seal(payload, associated(rid, kind))
        summary = json.dumps(make_summary(kind, body, secret), ensure_ascii=False)
        with self._lock:
            now = self.clock()
            shas: list[str] = []
            try:
                for blob in blobs:
                    shas.append(self.blobs.write(bytes(blob)))
                if shas:
                    self.blobs.sync()
                with transaction(self.conn, self.db_path):
                    cur = self.conn.execute(
                        "INSERT INTO records (id, kind, stream, created_at, state, next_attempt_at, summary,"
                        " sealed) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
                        (rid, kind, stream, now, now, summary, sealed),
                    )
                    self.conn.executemany(
                        "INSERT INTO blobs (record_id, idx, sha256, size) VALUES (?, ?, ?, ?)",
                        [(rid, i, sha, len(b)) for i, (sha, b) in enumerate(zip(shas, blobs, strict=True))],
                    )
                    seq = cur.lastrowid
                    if within is not None:
                        within(self.conn, rid)
            except BaseException:
                self._drop_unreferenced(set(shas))  # a failed put leaves no files either
                raise
        log.info("outbox_put", extra={"fields": {"record": rid, "kind": kind, "seq": seq, "blobs": len(shas)}})
        return self._get(rid)

    # ---- the engine's side -------------------------------------------------------------

    def next_batch(self, limit: int = 1, now: float | None = None) -> list[Record]:
        """Pending records, in seq order, that may be sent now.

        A record waits while an earlier pending record of its stream waits (its retry time
        has not come): order within a stream is never broken, as long as the caller sends
        the batch in order and stops a stream at its first failure (the engine takes one
        record at a time). A retry time further away
        than an hour is treated as due (the wall clock was set back).
        """
        now = self.clock() if now is None else now
        out: list[Record] = []
        blocked: set[str] = set()
        with self._lock:
            rows = self.conn.execute(
                f"SELECT {schema.RECORD_COLUMNS} FROM records WHERE state = 'pending' ORDER BY seq"
            )
            for row in rows:
                if row["stream"] in blocked:
                    continue
                due = row["next_attempt_at"]
                if due > now and due <= now + 3600:
                    blocked.add(row["stream"])
                    continue
                out.append(self._record(row))
                if len(out) >= limit:
                    break
            rows.close()
        return out

    def next_due(self) -> float | None:
        """When the earliest pending record may be tried (None: nothing pending)."""
        with self._lock:
            return self.conn.execute("SELECT min(next_attempt_at) FROM records WHERE state = 'pending'").fetchone()[0]

    def open(self, record_id: str) -> tuple[dict[str, Any], list[bytes]]:
        """The unsealed body and blobs of a record (only for sending; never log them).

        Raises:
            KeyError: no such record.
            StorageError: ``storage.purged`` (retention period over), ``storage.unsealable``,
                ``storage.blob_missing``, ``storage.corrupt``.
        """
        with self._lock:
            row = self.conn.execute("SELECT kind, sealed FROM records WHERE id = ?", (record_id,)).fetchone()
            if row is None:
                raise KeyError(record_id)
            if row["sealed"] is None:
                raise StorageError("storage.purged", record=record_id)
            body = json.loads(self._sealer.open(row["sealed"], associated(record_id, row["kind"])))
            shas = [
                r[0]
                for r in self.conn.execute("SELECT sha256 FROM blobs WHERE record_id = ? ORDER BY idx", (record_id,))
            ]
            return body, [self.blobs.read(sha) for sha in shas]

    def mark_sent(self, record_id: str, reply: dict[str, Any] | None) -> bool:
        """The hub accepted the record; ``reply`` is its answer. False if not pending."""
        return self._finish(record_id, SENT, reply=reply)

    def mark_dead(self, record_id: str, error: dict[str, Any]) -> bool:
        """The hub refused the record for good (or it cannot be opened): a dead letter."""
        return self._finish(record_id, DEAD, error=error)

    def mark_failed(self, record_id: str, error: dict[str, Any], retry_at: float) -> int:
        """A try failed for a reason that may pass: try again at ``retry_at``.

        Returns:
            the record's number of failed tries so far (0 if it is not pending).
        """
        with self._lock, transaction(self.conn, self.db_path):
            self.conn.execute(
                "UPDATE records SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                " WHERE id = ? AND state = 'pending'",
                (float(retry_at), error_json(error), record_id),
            )
            row = self.conn.execute("SELECT attempts, state FROM records WHERE id = ?", (record_id,)).fetchone()
        return row["attempts"] if row is not None and row["state"] == PENDING else 0

    def _finish(
        self, record_id: str, state: str, *, reply: dict[str, Any] | None = None, error: dict[str, Any] | None = None
    ) -> bool:
        with self._lock, transaction(self.conn, self.db_path):
            cur = self.conn.execute(
                "UPDATE records SET state = ?, finished_at = ?, reply = coalesce(?, reply),"
                " last_error = coalesce(?, last_error), attempts = attempts + 1"
                " WHERE id = ? AND state = 'pending'",
                (
                    state,
                    self.clock(),
                    json.dumps(reply, ensure_ascii=False) if reply is not None else None,
                    error_json(error) if error is not None else None,
                    record_id,
                ),
            )
            done = cur.rowcount == 1
        if done:
            log.info("outbox_" + state, extra={"fields": {"record": record_id}})
        return done

    # ---- the maintenance screen's side --------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        with self._lock:
            row = self.conn.execute(
                f"SELECT {schema.RECORD_COLUMNS} FROM records WHERE id = ?", (record_id,)
            ).fetchone()
            return self._record(row) if row is not None else None

    def _get(self, record_id: str) -> Record:
        record = self.get(record_id)
        assert record is not None  # just committed under the lock's owner
        return record

    def records(self, state: str | None = None, limit: int = 1000) -> list[Record]:
        """Records in seq order (all, or those in ``state``)."""
        where, args = ("WHERE state = ?", (state,)) if state else ("", ())
        with self._lock:
            rows = self.conn.execute(
                f"SELECT {schema.RECORD_COLUMNS} FROM records {where} ORDER BY seq LIMIT ?", (*args, int(limit))
            ).fetchall()
            return [self._record(r) for r in rows]

    def dead_letters(self) -> list[Record]:
        """Records the hub refused, oldest first (shown on the maintenance screen)."""
        return self.records(DEAD)

    def requeue(self, record_id: str) -> bool:
        """Send a dead letter again (a technician fixed the cause). False if not dead."""
        with self._lock, transaction(self.conn, self.db_path):
            cur = self.conn.execute(
                "UPDATE records SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL"
                " WHERE id = ? AND state = 'dead' AND sealed IS NOT NULL",
                (self.clock(), record_id),
            )
            return cur.rowcount == 1

    def discard(self, record_id: str) -> bool:
        """Drop the personal data of a dead letter a technician gave up on (it stays listed,
        purged, so the maintenance screen can still say what happened). False if not dead."""
        with self._lock:
            with transaction(self.conn, self.db_path):
                shas = {
                    r[0]
                    for r in self.conn.execute(
                        "SELECT b.sha256 FROM blobs b JOIN records r ON r.id = b.record_id"
                        " WHERE r.id = ? AND r.state = 'dead'",
                        (record_id,),
                    )
                }
                cur = self.conn.execute(
                    "UPDATE records SET sealed = NULL WHERE id = ? AND state = 'dead' AND sealed IS NOT NULL",
                    (record_id,),
                )
                if cur.rowcount:
                    self.conn.execute("DELETE FROM blobs WHERE record_id = ?", (record_id,))
            self._drop_unreferenced(shas)
            if cur.rowcount:
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return cur.rowcount == 1

    def stats(self, now: float | None = None) -> Stats:
        now = self.clock() if now is None else now
        with self._lock:
            counts = dict(self.conn.execute("SELECT state, count(*) FROM records GROUP BY state").fetchall())
            oldest = self.conn.execute("SELECT min(created_at) FROM records WHERE state = 'pending'").fetchone()[0]
            contact = self.get_state("last_contact")
        return Stats(
            waiting=counts.get(PENDING, 0),
            dead=counts.get(DEAD, 0),
            sent=counts.get(SENT, 0),
            oldest_waiting_s=None if oldest is None else max(0.0, now - oldest),
            last_contact=float(contact) if contact is not None else None,
        )

    # ---- housekeeping ------------------------------------------------------------------

    def purge(self, retention_s: float, now: float | None = None) -> int:
        """Remove the personal data (body, blobs) of records sent before ``now - retention_s``.

        Id, kind, seq, reply and summary stay (the 办件 number can still be looked up).

        Returns:
            how many records lost their body.
        """
        now = self.clock() if now is None else now
        cutoff = now - float(retention_s)
        with self._lock:
            with transaction(self.conn, self.db_path):
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT id FROM records WHERE state = 'sent' AND sealed IS NOT NULL AND finished_at < ?",
                        (cutoff,),
                    )
                ]
                shas = {
                    r[0]
                    for r in self.conn.execute(
                        "SELECT b.sha256 FROM blobs b JOIN records r ON r.id = b.record_id"
                        " WHERE r.state = 'sent' AND r.sealed IS NOT NULL AND r.finished_at < ?",
                        (cutoff,),
                    )
                }
                self.conn.execute(
                    "UPDATE records SET sealed = NULL WHERE state = 'sent' AND sealed IS NOT NULL AND finished_at < ?",
                    (cutoff,),
                )
                self.conn.execute(
                    "DELETE FROM blobs WHERE record_id NOT IN (SELECT id FROM records WHERE sealed IS NOT NULL)"
                )
            self._drop_unreferenced(shas)
            if ids:  # old page images of the WAL hold the sealed bodies until checkpointed
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if ids:
            log.info("outbox_purged", extra={"fields": {"records": len(ids)}})
        return len(ids)

    def sweep(self) -> tuple[int, int]:
        """Remove blobs no row names and temp files (left by a crash mid-``put``).

        Returns:
            (orphan blobs removed, temp files removed).
        """
        with self._lock:
            stored, strays = self.blobs.listing()
            named = {r[0] for r in self.conn.execute("SELECT DISTINCT sha256 FROM blobs")}
            removed = self.blobs.remove(stored - named)
            for path in strays:
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise storage_error(exc, path) from None
        return removed, len(strays)

    def _drop_unreferenced(self, shas: set[str]) -> None:
        if not shas:
            return
        marks = ",".join("?" * len(shas))
        named = {
            r[0] for r in self.conn.execute(f"SELECT DISTINCT sha256 FROM blobs WHERE sha256 IN ({marks})", tuple(shas))
        }
        self.blobs.remove(shas - named)

    # ---- the engine's own state and what it pulled ---------------------------------------

    def get_state(self, key: str) -> str | None:
        with self._lock:
            row = self.conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
            return row[0] if row is not None else None

    def set_state(self, values: dict[str, str]) -> None:
        with self._lock, transaction(self.conn, self.db_path):
            self.conn.executemany(
                "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [(k, str(v)) for k, v in values.items()],
            )

    def add_updates(self, updates: Sequence[dict[str, Any]], cursor: str | None = None) -> int:
        """Store case status changes (checked by the caller) and the pull cursor, together."""
        with self._lock, transaction(self.conn, self.db_path):
            cur = self.conn.executemany(
                "INSERT OR IGNORE INTO updates (record_id, case_number, status, at) VALUES (?, ?, ?, ?)",
                [(u["record_id"], u["case_number"], u["status"], float(u["at"])) for u in updates],
            )
            if cursor is not None:
                self.conn.execute(
                    "INSERT INTO sync_state (key, value) VALUES ('updates_since', ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (cursor,),
                )
            return cur.rowcount

    def case_status(self, case_number: str) -> list[dict[str, Any]]:
        """The status changes of a case (办件查询), oldest first."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT record_id, case_number, status, at FROM updates WHERE case_number = ? ORDER BY at",
                (case_number,),
            ).fetchall()
        return [dict(r) for r in rows]

    # ---- rows -------------------------------------------------------------------------

    def _record(self, row: sqlite3.Row) -> Record:
        shas = tuple(
            r[0] for r in self.conn.execute("SELECT sha256 FROM blobs WHERE record_id = ? ORDER BY idx", (row["id"],))
        )
        return Record.from_row(row, shas)
