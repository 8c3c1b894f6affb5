"""Idempotency keys: a push is stored once, whatever the network did to its answer.

The terminal sends each outbox record with ``Idempotency-Key: RECORD_ID``. The hub
claims ``(terminal, key)`` in the *same* transaction that stores the record, together
with a hash of the request and the answer it gave:

- a new key: the record is stored and the answer remembered (both or neither);
- the same key with the same request: the remembered answer again (200), nothing stored;
- the same key with another request: 409 ``idempotency.mismatch`` (the terminal turns it
  into a dead letter for a technician).

Two copies of one request racing each other: on SQLite every write transaction starts
with ``BEGIN IMMEDIATE``, so the second sees the first's claim; on PostgreSQL the second
insert of the claim waits for the first transaction and then fails on the primary key,
and :func:`once` reads the remembered answer in a fresh transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import Any, overload

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from hub import db
from hub.errors import ApiError
from hub.tables import idempotency

HEADER = "Idempotency-Key"


@overload
def check_key(key: str | None) -> str: ...
@overload
def check_key(key: str | None, *, required: bool) -> str | None: ...


def check_key(key: str | None, *, required: bool = True) -> str | None:
    """The header's value, checked (1-64 letters and digits, as the outbox's record ids).

    Raises:
        ApiError: 400 ``idempotency.missing`` / ``idempotency.bad_key``.
    """
    if key is None or key == "":
        if required:
            raise ApiError(400, "idempotency.missing", f"send an {HEADER} header (the record's id)")
        return None
    if len(key) > 64 or not key.isascii() or not key.isalnum():
        raise ApiError(400, "idempotency.bad_key", f"{HEADER} must be 1-64 letters and digits")
    return key


def digest(kind: str, body: Any, blobs: Iterable[str] = ()) -> str:
    """The request's fingerprint: kind, canonical JSON of the body, blob hashes in order."""
    h = hashlib.sha256(kind.encode())
    h.update(b"\0" + json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode())
    for sha in blobs:
        h.update(b"\0" + sha.encode())
    return h.hexdigest()


def once(
    engine: Engine,
    terminal: str,
    key: str,
    kind: str,
    fingerprint: str,
    work: Callable[[Connection], tuple[int, dict[str, Any]]],
    *,
    now: float,
) -> tuple[int, dict[str, Any], bool]:
    """Run ``work(conn)`` once per ``(terminal, key)``; (status, answer, fresh).

    ``work`` stores the record in the transaction it is given and returns the HTTP
    status and the answer; an exception from it rolls everything back (the key stays
    free, so the same request may be sent again).

    Raises:
        ApiError: 409 ``idempotency.mismatch`` for a key already used with another request.
    """
    for attempt in range(3):
        try:
            with db.write(engine) as conn:
                stored = _stored(conn, terminal, key, fingerprint)
                if stored is not None:
                    return stored[0], stored[1], False
                # The claim first: on PostgreSQL a concurrent twin blocks here, not later.
                conn.execute(
                    idempotency.insert().values(
                        terminal=terminal,
                        key=key,
                        kind=kind,
                        body_hash=fingerprint,
                        status=0,
                        answer="{}",
                        created_at=now,
                    )
                )
                status, answer = work(conn)
                conn.execute(
                    idempotency.update()
                    .where(idempotency.c.terminal == terminal, idempotency.c.key == key)
                    .values(status=status, answer=json.dumps(answer, ensure_ascii=False))
                )
                return status, answer, True
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _stored(conn: Connection, terminal: str, key: str, fingerprint: str) -> tuple[int, dict] | None:
    row = conn.execute(
        sa.select(idempotency.c.body_hash, idempotency.c.status, idempotency.c.answer, idempotency.c.kind).where(
            idempotency.c.terminal == terminal, idempotency.c.key == key
        )
    ).first()
    if row is None:
        return None
    if row.body_hash != fingerprint:
        raise ApiError(
            409,
            "idempotency.mismatch",
            f"{HEADER} {key} was already used for another {row.kind} request; send a changed record under a new id",
        )
    # A repeat is answered 200 (the stored record), never 201 again.
    return 200, json.loads(row.answer)
