"""The city's outbox to the platform, and :class:`PlatformPusher`, the task that drains
it and reads the platform's status changes.

A message row is written in the transaction that stores what it carries (a hall's case,
evaluation, or a closed rectification), so nothing stored is ever left unsent. The
pusher sends rows in ``seq`` order with the row's id as ``messageId``; a send whose
answer was lost (timeout, SIGKILL before the row was marked) is sent again with the same
id and the platform answers as the first time, so the platform gets every record exactly
once. Backoff while the platform fails: exponential with full jitter, as the terminals'
sync engine. Several city processes share the work through one lease row: one pushes.

Official numbers and statuses go down the tree as ``city_updates`` rows for the halls
to pull; a status change older (``seq``) than the one applied is ignored (the platform
may deliver out of order, or twice).
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db
from hub.city.bell import ring_at_commit
from hub.city.platform import messages
from hub.city.platform.base import Ack, PlatformAdapter, PlatformRejected, PlatformUnavailable, StatusChange
from hub.city.tables import city_cases, city_updates, platform_outbox, platform_state
from hub.store import upsert

log = logging.getLogger("hub.city.platform")


def enqueue(conn: Connection, kind: str, hall_code: str, ref: str, now: float) -> str:
    """A message for the platform, in the caller's transaction; its messageId."""
    message_id = uuid.uuid4().hex
    conn.execute(
        platform_outbox.insert().values(
            id=message_id, kind=kind, hall_code=hall_code, ref=ref, state="pending", created_at=now
        )
    )
    ring_at_commit(conn)  # the pusher sends it now, not at its next poll
    return message_id


def tell_hall(
    conn: Connection, hall_code: str, reference: str, official: str | None, status: str | None, now: float
) -> None:
    """Queue the case's official number and status for its hall to pull."""
    if conn.dialect.name == "postgresql":
        # Held to commit: ids are then committed in their order, and a hall's cursor
        # (the newest id it saw) never skips a row that commits later with a lower id.
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('city_updates'))"))
    conn.execute(
        city_updates.insert().values(
            hall_code=hall_code, reference=reference, official_number=official, platform_status=status, at=now
        )
    )


class PlatformPusher:
    """Sends the outbox and reads status changes; ``step`` does one round.

    Args:
        engine: the city's database.
        adapter: the platform.
        clock, rng: injectable for tests.
        base_s, cap_s: backoff (full jitter).
        lease_s: how long one process holds the pushing after its last round.
        poll_s: how often status changes are read.

    Thread: one worker thread calls ``step`` (``hub.city.tasks``).
    """

    def __init__(
        self,
        engine: Engine,
        adapter: PlatformAdapter,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        base_s: float = 1.0,
        cap_s: float = 60.0,
        lease_s: float = 5.0,
        poll_s: float = 2.0,
        batch: int = 50,
    ) -> None:
        self.engine = engine
        self.adapter = adapter
        self.clock = clock
        self.rng = rng
        self.base_s, self.cap_s, self.lease_s, self.poll_s, self.batch = base_s, cap_s, lease_s, poll_s, batch
        self._lease = 0.0
        self._next_poll = 0.0
        self._not_mine_until = 0.0  # another process holds the lease: no need to ask before this

    def _take_lease(self, now: float) -> bool:
        with db.write(self.engine) as conn:
            conn.execute(upsert(conn, platform_state).values(id=1).on_conflict_do_nothing(index_elements=["id"]))
            took = conn.execute(
                platform_state.update()
                .where(
                    platform_state.c.id == 1,
                    sa.or_(platform_state.c.lease_until <= now, platform_state.c.lease_until == self._lease),
                )
                .values(lease_until=now + self.lease_s)
            ).rowcount
        if took:
            self._lease = now + self.lease_s
        return bool(took)

    def step(self) -> float:
        """One round: push what is due, read status changes when due; seconds to wait."""
        now = self.clock()
        if now < self._not_mine_until:  # woken by a record another worker pushes: nothing to do here
            return self._not_mine_until - now
        if not self._take_lease(now):
            self._not_mine_until = now + self.lease_s / 2
            return self.lease_s / 2
        with db.read(self.engine) as conn:
            state = conn.execute(sa.select(platform_state).where(platform_state.c.id == 1)).one()
        wait = 0.5
        if state.next_at <= now:
            wait = self._push(state.tries)
        if now >= self._next_poll:
            self._poll(state.status_cursor)
            self._next_poll = now + self.poll_s
        return min(wait, max(0.05, self._next_poll - self.clock()))

    def _push(self, tries: int) -> float:
        with db.read(self.engine) as conn:
            rows = conn.execute(
                sa.select(platform_outbox)
                .where(platform_outbox.c.state == "pending")
                .order_by(platform_outbox.c.seq)
                .limit(self.batch)
            ).all()
        for row in rows:
            now = self.clock()
            with db.read(self.engine) as conn:
                message = messages.build(conn, row.kind, row.hall_code, row.ref, row.id, now)
            try:
                ack = self.adapter.send(row.kind, message)
            except PlatformUnavailable as exc:
                return self._failed(tries, str(exc))
            except PlatformRejected as exc:
                self._dead(row.seq, str(exc))
                log.warning("platform_rejected", extra={"fields": {"kind": row.kind, "code": exc.code}})
                continue
            self._sent(row, ack)
            tries = 0
        return 0.05 if len(rows) == self.batch else 0.5

    def _failed(self, tries: int, error: str) -> float:
        delay = self.rng() * min(self.cap_s, self.base_s * 2**tries)
        with db.write(self.engine) as conn:
            conn.execute(
                platform_state.update()
                .where(platform_state.c.id == 1)
                .values(tries=tries + 1, next_at=self.clock() + delay, last_error=error[:200])
            )
        return max(delay, 0.05)

    def _dead(self, seq: int, error: str) -> None:
        with db.write(self.engine) as conn:
            conn.execute(
                platform_outbox.update().where(platform_outbox.c.seq == seq).values(state="dead", error=error[:200])
            )

    def _sent(self, row, ack: Ack) -> None:
        now = self.clock()
        with db.write(self.engine) as conn:
            done = conn.execute(
                platform_outbox.update()
                .where(platform_outbox.c.seq == row.seq, platform_outbox.c.state == "pending")
                .values(state="sent", sent_at=now, answer=json.dumps(ack.__dict__))
            ).rowcount
            conn.execute(
                platform_state.update()
                .where(platform_state.c.id == 1)
                .values(tries=0, next_at=0, last_error=None, last_contact=now)
            )
            if done and row.kind == "case" and ack.project_no:
                self._official(conn, row.hall_code, row.ref, ack.project_no, ack.status, now)

    @staticmethod
    def _official(conn: Connection, hall: str, reference: str, number: str, status: str | None, now: float) -> None:
        case = conn.execute(
            sa.select(city_cases.c.official_number, city_cases.c.platform_status).where(
                city_cases.c.hall_code == hall, city_cases.c.reference == reference
            )
        ).one()
        status = case.platform_status or status
        if case.official_number == number and case.platform_status == status:
            return  # a duplicate acknowledgement: nothing new for the hall
        conn.execute(
            city_cases.update()
            .where(city_cases.c.hall_code == hall, city_cases.c.reference == reference)
            .values(official_number=number, platform_status=status)
        )
        tell_hall(conn, hall, reference, number, status, now)

    def _poll(self, cursor: int) -> None:
        try:
            changes, after = self.adapter.status_changes(cursor)
        except (PlatformUnavailable, PlatformRejected) as exc:
            log.info("platform_status_unavailable", extra={"fields": {"error": str(exc)[:120]}})
            return
        now = self.clock()
        with db.write(self.engine) as conn:
            for change in changes:
                self._apply(conn, change, now)
            conn.execute(platform_state.update().where(platform_state.c.id == 1).values(status_cursor=after))

    @staticmethod
    def _apply(conn: Connection, change: StatusChange, now: float) -> None:
        hall, _, reference = change.provisional_no.partition(":")
        case = conn.execute(
            sa.select(city_cases.c.platform_seq, city_cases.c.official_number)
            .where(city_cases.c.hall_code == hall, city_cases.c.reference == reference)
            .with_for_update()
        ).first()
        if case is None or change.seq <= case.platform_seq:
            return  # not ours, or older than what we have (out of order / repeated)
        conn.execute(
            city_cases.update()
            .where(city_cases.c.hall_code == hall, city_cases.c.reference == reference)
            .values(platform_seq=change.seq, platform_status=change.status, official_number=change.project_no)
        )
        tell_hall(conn, hall, reference, change.project_no, change.status, now)
