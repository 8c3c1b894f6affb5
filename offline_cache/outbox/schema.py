"""The outbox's tables (one SQLite file, ``outbox.sqlite``) and its record types.

``seq`` is the row id with AUTOINCREMENT: assigned in the insert transaction, monotonic,
never reused even after purges, so it is the terminal's order of records. ``sealed`` is
NULL once the retention period has purged the personal data.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

APPLICATION_ID = 0x4F425831  # "OBX1": an outbox file, not another program's
SCHEMA_VERSION = 1

PENDING, SENT, DEAD = "pending", "sent", "dead"

# Kinds are open-ended (case, evaluation, help_request, ticket, issue_report...): the sync
# engine dead-letters one the hub has no route for (sync/push_paths.py).
KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

# Always sealed and never in a summary, whatever the caller names (STANDARDS.md §4).
DEFAULT_PERSONAL = frozenset({"id_number", "name", "phone", "mobile", "address", "ssn"})

# Records of one stream go out strictly in seq order. All records of a terminal share one
# stream (an evaluation names the case it rates, so it must not overtake it).
DEFAULT_STREAM = "terminal"

DDL = (
    """CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS records (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE CHECK (length(id) = 32),
        kind TEXT NOT NULL,
        stream TEXT NOT NULL,
        created_at REAL NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL,
        last_error TEXT,
        reply TEXT,
        finished_at REAL,
        summary TEXT NOT NULL,
        sealed BLOB
    )""",
    """CREATE INDEX IF NOT EXISTS records_by_state ON records (state, seq)""",
    """CREATE TABLE IF NOT EXISTS blobs (
        record_id TEXT NOT NULL REFERENCES records (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        PRIMARY KEY (record_id, idx)
    )""",
    """CREATE INDEX IF NOT EXISTS blobs_by_sha ON blobs (sha256)""",
    # Case status changes pulled from the hub (办件查询); no personal data.
    """CREATE TABLE IF NOT EXISTS updates (
        record_id TEXT NOT NULL,
        case_number TEXT NOT NULL,
        status TEXT NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (record_id, at, status)
    )""",
    """CREATE INDEX IF NOT EXISTS updates_by_number ON updates (case_number, at)""",
    # Cursors and last contact of the sync engine (all its state lives in this file).
    """CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    # Ticket leases from the hub (offline_cache/outbox/leases.py): ``next`` is the next
    # number to hand out, moved in the transaction that stores the ticket's record.
    """CREATE TABLE IF NOT EXISTS leases (
        id TEXT PRIMARY KEY,
        service TEXT NOT NULL,
        prefix TEXT NOT NULL,
        day TEXT NOT NULL,
        first INTEGER NOT NULL,
        last INTEGER NOT NULL,
        next INTEGER NOT NULL,
        expires_at REAL NOT NULL,
        CHECK (first <= next AND next <= last + 1)
    )""",
    # The tickets this terminal issued offline (the person key is the hub's opaque hash).
    """CREATE TABLE IF NOT EXISTS offline_tickets (
        record_id TEXT PRIMARY KEY,
        lease TEXT NOT NULL,
        service TEXT NOT NULL,
        day TEXT NOT NULL,
        number TEXT NOT NULL,
        person TEXT,
        issued_at REAL NOT NULL,
        UNIQUE (day, number)
    )""",
)


def migrate(conn: sqlite3.Connection) -> None:
    """Create the tables (idempotent); refuse a file made by a newer version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        from offline_cache.db import StorageError

        raise StorageError("storage.too_new", version=version, supported=SCHEMA_VERSION)
    conn.execute("BEGIN IMMEDIATE")
    try:
        for ddl in DDL:
            conn.execute(ddl)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@dataclass(frozen=True)
class Record:
    """One row of the outbox, without its sealed body.

    ``last_error`` is ``{"key": ..., "data": {...}}`` (no personal data); ``reply`` is what
    the hub answered (e.g. ``{"case_number": ...}``); ``blobs`` the sha256 of each blob.
    """

    id: str
    kind: str
    seq: int
    stream: str
    created_at: float
    state: str
    attempts: int
    next_attempt_at: float
    last_error: dict[str, Any] | None
    reply: dict[str, Any] | None
    finished_at: float | None
    summary: dict[str, Any]
    blobs: tuple[str, ...]
    purged: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row, blobs: tuple[str, ...]) -> Record:
        return cls(
            id=row["id"],
            kind=row["kind"],
            seq=row["seq"],
            stream=row["stream"],
            created_at=row["created_at"],
            state=row["state"],
            attempts=row["attempts"],
            next_attempt_at=row["next_attempt_at"],
            last_error=json.loads(row["last_error"]) if row["last_error"] else None,
            reply=json.loads(row["reply"]) if row["reply"] else None,
            finished_at=row["finished_at"],
            summary=json.loads(row["summary"]),
            blobs=blobs,
            purged=row["has_body"] == 0,
        )


@dataclass(frozen=True)
class Stats:
    """What the maintenance screen and the status bar show about the outbox."""

    waiting: int
    oldest_waiting_s: float | None
    dead: int
    sent: int
    last_contact: float | None


RECORD_COLUMNS = (
    "seq, id, kind, stream, created_at, state, attempts, next_attempt_at, last_error, "
    "reply, finished_at, summary, sealed IS NOT NULL AS has_body"
)
