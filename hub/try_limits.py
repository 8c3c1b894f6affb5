"""Wrong-try limits kept in the database (PINs, pairing codes, the status password).

Each limit is a row of ``try_limits`` under a key such as ``staff|<token id>|3001``.
A try is *counted before it is checked* (``take``), inside one write transaction that
also refuses a locked key, so parallel tries, other worker processes and a restart
cannot win extra guesses; a right answer gives the try back (``forgive``).

Escalation (``Policy``): after ``tries`` counted tries the key locks for ``lock_s``;
every further lock doubles, up to ``max_lock_s``; ``daily`` counted tries in 24 hours
lock the key until those 24 hours are over. A right answer resets the escalation but
not the day's count.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hub.tables import try_limits

DAY_S = 86_400.0


@dataclass(frozen=True)
class Policy:
    """How many wrong tries a key gets (see the module's docstring)."""

    tries: int
    lock_s: float
    max_lock_s: float
    daily: int


@dataclass(frozen=True)
class Taken:
    """The outcome of ``take``: ``wait_s`` > 0 when a key was locked already (the try was
    not counted); else ``tries_left`` before a lock, and ``locks_s`` > 0 when this try
    locked a key (if it turns out wrong, the caller waits that long)."""

    wait_s: int = 0
    tries_left: int = 0
    locks_s: int = 0


def _ceil(seconds: float) -> int:
    return max(1, math.ceil(seconds))


def _ensure(conn: Connection, key: str, now: float) -> bool:
    """Make ``key``'s row if it has none; True when it was made.

    INSERT ... ON CONFLICT DO NOTHING: two workers may meet a new key at once."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    made = conn.execute(
        insert(try_limits)
        .values(key=key, failures=0, locks=0, day_start=now, day_failures=0, updated_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    ).rowcount
    return made == 1


def take(conn: Connection, limits: Sequence[tuple[str, Policy]], now: float) -> Taken:
    """Count one try against every key of ``limits`` (call inside ``db.write``).

    Returns:
        ``Taken(wait_s=N)`` without counting when any key is locked; else the tries left
        (the fewest of all keys) and how long this try locked a key for (0: none).
    """
    rows = {}
    for key, _ in limits:
        if _ensure(conn, key, now):
            forget_old(conn, now)  # a new guesser: the moment to drop the long-quiet ones
        rows[key] = conn.execute(sa.select(try_limits).where(try_limits.c.key == key).with_for_update()).one()
    wait = max((r.locked_until - now for r in rows.values() if r.locked_until and r.locked_until > now), default=0)
    if wait > 0:
        return Taken(wait_s=_ceil(wait))
    left, locked_for = None, 0.0
    for key, policy in limits:
        row = rows[key]
        day_start, day_failures = row.day_start, row.day_failures
        if now - day_start >= DAY_S:
            day_start, day_failures = now, 0
        failures, locks, until = row.failures + 1, row.locks, None
        day_failures += 1
        if day_failures >= policy.daily:
            until, locks, failures = day_start + DAY_S, locks + 1, 0
        elif failures >= policy.tries:
            until = now + min(policy.lock_s * 2**locks, policy.max_lock_s)
            locks, failures = locks + 1, 0
        if until is not None:
            locked_for = max(locked_for, until - now)
        key_left = 0 if until is not None else min(policy.tries - failures, policy.daily - day_failures)
        left = key_left if left is None else min(left, key_left)
        conn.execute(
            try_limits.update()
            .where(try_limits.c.key == key)
            .values(
                failures=failures,
                locks=locks,
                locked_until=until,
                day_start=day_start,
                day_failures=day_failures,
                updated_at=now,
            )
        )
    return Taken(tries_left=left or 0, locks_s=_ceil(locked_for) if locked_for > 0 else 0)


def forgive(conn: Connection, keys: Sequence[str], now: float) -> None:
    """The try was right: give it back and end any lock and escalation of ``keys`` (the
    day's count stays, so right answers cannot buy an attacker more guesses a day than
    ``daily``)."""
    conn.execute(
        try_limits.update()
        .where(try_limits.c.key.in_(list(keys)))
        .values(failures=0, locks=0, locked_until=None, updated_at=now)
    )


def locked_keys(conn: Connection, pattern: str, now: float) -> list[str]:
    """Keys LIKE ``pattern`` locked at ``now`` (for ``kiosk hub staff list``)."""
    return list(
        conn.execute(
            sa.select(try_limits.c.key).where(try_limits.c.key.like(pattern), try_limits.c.locked_until > now)
        ).scalars()
    )


def forget_old(conn: Connection, now: float) -> int:
    """Delete rows quiet for two days and not locked (keeps the table as small as the
    set of recent guessers)."""
    return conn.execute(
        try_limits.delete().where(
            try_limits.c.updated_at < now - 2 * DAY_S,
            sa.or_(try_limits.c.locked_until.is_(None), try_limits.c.locked_until < now),
        )
    ).rowcount
