"""The queue's database layer: each operation is one short transaction that asks
``hub.queue.QueueRules`` what to do and writes the ticket and its event together.

Locking, so that two windows never get the same ticket and no number is skipped or
given twice (the same on every worker process):

- SQLite: every write transaction is ``BEGIN IMMEDIATE`` (``hub.db``): writers queue up.
- PostgreSQL: the service-day counter row is locked by its upsert
  (``INSERT .. ON CONFLICT DO UPDATE .. RETURNING``), like novosga locks its
  ``contador`` row; call-next locks the window's row, then the head tickets with
  ``FOR UPDATE SKIP LOCKED``; actions lock their ticket ``FOR UPDATE``.
- Both: events get their sequence numbers from the one ``meta.event_seq`` row,
  incremented last in the transaction; its lock orders the commits, so a reader polling
  ``events`` never sees seq 12 before seq 11 appears.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from hub import db
from hub.notify import notify
from hub.queue import ACTIVE, LEASE_BAND_END, LEASE_BAND_START, Candidate, Pick, QueueRuleError, QueueRules
from hub.tables import counters, events, meta, tickets, windows
from offline_cache.wire import QueueCall, QueueEvent, QueueSnapshot, Ticket

RECENT_CALLS = 10
P = sa.bindparam

# Statements built once: composing SQLAlchemy constructs per request costs more CPU than
# running them (bench/hub.py).
_PERSON_ACTIVE = sa.select(tickets).where(
    tickets.c.person == P("person"),
    tickets.c.day == P("day"),
    tickets.c.service == P("service"),
    tickets.c.status.in_(ACTIVE),
)
_INSERT_TICKET = tickets.insert()
_BY_ID = sa.select(tickets).where(tickets.c.id == P("id"))
_BY_ID_LOCK = _BY_ID.with_for_update()
_BUMP_SEQ = (
    meta.update()
    .where(meta.c.key == "event_seq")
    .values(value=meta.c.value + P("n", type_=sa.BigInteger))
    .returning(meta.c.value)
)
_INSERT_EVENTS = events.insert()
_EARLIER = sa.or_(
    tickets.c.queued_at < P("queued_at"), sa.and_(tickets.c.queued_at == P("queued_at"), tickets.c.n < P("n"))
)
_SAME_QUEUE = (tickets.c.day == P("day"), tickets.c.service == P("service"), tickets.c.status == "waiting")
_AHEAD = {  # by whether the ticket has a priority class
    True: sa.select(sa.func.count()).where(*_SAME_QUEUE, tickets.c.priority.is_not(None), _EARLIER),
    False: sa.select(sa.func.count()).where(*_SAME_QUEUE, sa.or_(tickets.c.priority.is_not(None), _EARLIER)),
}
_STREAK = sa.select(windows.c.streak).where(windows.c.number == P("w")).with_for_update()
_SET_STREAK = windows.update().where(windows.c.number == P("w")).values(streak=P("new_streak"))
_CALL = (
    tickets.update()
    .where(tickets.c.id == P("tid"), tickets.c.status == "waiting")
    .values(status="called", window=P("w"), called_at=P("t_now"), staff=P("t_staff"))
    .returning(*tickets.c)
)
_HEAD_BASE = (
    sa.select(tickets.c.id, tickets.c.priority, tickets.c.queued_at, tickets.c.n)
    .where(tickets.c.day == P("day"), tickets.c.status == "waiting", tickets.c.service.in_(P("serves", expanding=True)))
    .order_by(tickets.c.queued_at, tickets.c.n)
    .limit(1)
)
_HEAD = {
    prio: _HEAD_BASE.where(tickets.c.priority.is_not(None) if prio else tickets.c.priority.is_(None))
    for prio in (True, False)
}
_HEAD_LOCK = {prio: stmt.with_for_update(skip_locked=True) for prio, stmt in _HEAD.items()}
_counter_upserts: dict[str, Any] = {}
_JUMP_COUNTER = (
    counters.update()
    .where(counters.c.service == sa.bindparam("b_service"), counters.c.day == sa.bindparam("b_day"))
    .values(last_number=sa.bindparam("b_n"))
)


def counter_upsert(conn: Connection):
    """``INSERT .. ON CONFLICT (service, day) DO UPDATE last_number + 1 RETURNING``."""
    name = conn.dialect.name
    if name not in _counter_upserts:
        stmt = upsert(conn, counters).values(service=P("service"), day=P("day"), last_number=1)
        _counter_upserts[name] = stmt.on_conflict_do_update(
            index_elements=["service", "day"],
            set_={"last_number": counters.c.last_number + 1},
        ).returning(counters.c.last_number)
    return _counter_upserts[name]


def upsert(conn: Connection, table: sa.Table):
    """The dialect's INSERT with ``on_conflict_*`` (SQLite and PostgreSQL spell it alike)."""
    return postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)


class QueueStore:
    """Queue operations on the database.

    Args:
        engine: the hub's engine (``hub.db.make_engine``).
        rules: the hall's rules with the clock.
        on_commit: called after a transaction that wrote events (wakes this process's
            event streams at once; other processes: ``hub.notify`` or polling).
    """

    def __init__(self, engine: Engine, rules: QueueRules, on_commit: Callable[[], None] = lambda: None) -> None:
        self.engine = engine
        self.rules = rules
        self.on_commit = on_commit
        self._expired_before: str = ""

    # ---- setup ------------------------------------------------------------------------
    def ensure_windows(self) -> None:
        """A row per window of the hall (idempotent)."""
        with db.write(self.engine) as conn:
            for number in self.rules.hall.windows:
                conn.execute(upsert(conn, windows).values(number=number, streak=0).on_conflict_do_nothing())

    # ---- issuing ----------------------------------------------------------------------
    def issue(
        self,
        service_code: str,
        *,
        priority: str | None = None,
        person: str | None = None,
        issued_by: str | None = None,
        appointment: str | None = None,
        conn: Connection | None = None,
    ) -> Ticket:
        """A new ticket (QueueRuleError: unknown/closed service, ``ticket.exists``)."""
        service = self.rules.service(service_code)
        self.rules.check_open(service)
        if conn is not None:  # inside the caller's transaction (appointment check-in)
            return self._issue(conn, service, priority, person, issued_by, appointment)
        with db.write(self.engine) as tx:
            ticket = self._issue(tx, service, priority, person, issued_by, appointment)
        self.on_commit()
        return ticket

    def _issue(self, conn: Connection, service, priority, person, issued_by, appointment) -> Ticket:
        day = self.rules.service_day()
        # The counter first: on PostgreSQL its row lock serializes issuing per service,
        # so the person check below sees a concurrent twin's committed ticket.
        n = conn.execute(counter_upsert(conn), {"service": service.code, "day": day}).scalar_one()
        if LEASE_BAND_START <= n <= LEASE_BAND_END:  # a very busy day: step over the leases' band
            n = LEASE_BAND_END + 1
            conn.execute(_JUMP_COUNTER, {"b_service": service.code, "b_day": day, "b_n": n})
        # Read the clock under the counter's lock: within a service, queue order (queued_at)
        # is then number order is commit order, which first-come-first-served relies on.
        now = self.rules.clock()
        if person:
            existing = conn.execute(_PERSON_ACTIVE, {"person": person, "day": day, "service": service.code}).first()
            if existing is not None:
                # Raising rolls the counter back: no number is lost to a refused request.
                raise QueueRuleError(
                    "ticket.exists",
                    f"this person already holds an active ticket for service {service.code}",
                    409,
                    ticket=self._ticket(conn, existing._mapping).to_dict(),
                )
        row = {
            "id": uuid.uuid4().hex,
            "day": day,
            "service": service.code,
            "number": self.rules.number(service.prefix, n),
            "n": n,
            "status": "waiting",
            "priority": priority,
            "person": person,
            "appointment": appointment,
            "issued_at": now,
            "queued_at": now,
            "recalls": 0,
            "issued_by": issued_by,
        }
        conn.execute(_INSERT_TICKET, row)
        ticket = self._ticket(conn, row)
        self._emit(conn, [("ticket.issued", ticket)])
        return ticket

    # ---- calling ----------------------------------------------------------------------
    def call_next(self, window: int, *, staff: str | None = None) -> Ticket | None:
        """Call the next waiting ticket to ``window`` (None: nobody waits for it)."""
        serves = self.rules.serves(window)
        with db.write(self.engine) as conn:
            day = self.rules.service_day()
            self._expire_old(conn, day)
            streak = conn.execute(_STREAK, {"w": window}).scalar()
            if streak is None:
                conn.execute(upsert(conn, windows).values(number=window, streak=0).on_conflict_do_nothing())
                streak = 0
            pick = self._pick(conn, day, serves, streak)
            if pick is None:
                return None
            now = self.rules.clock()
            called = conn.execute(_CALL, {"tid": pick.ticket_id, "w": window, "t_now": now, "t_staff": staff}).first()
            if called is None:  # cannot happen under the locks above; refuse loudly
                raise RuntimeError(f"ticket {pick.ticket_id} changed under its lock")
            if pick.streak != streak:
                conn.execute(_SET_STREAK, {"w": window, "new_streak": pick.streak})
            ticket = self._ticket(conn, called._mapping)
            self._emit(conn, [("ticket.called", ticket)])
        self.on_commit()
        return ticket

    def _pick(self, conn: Connection, day: str, serves: tuple[str, ...], streak: int) -> Pick | None:
        """Choose and lock the ticket to call. The rule looks at both queues' heads; only
        the chosen head is locked (``FOR UPDATE SKIP LOCKED``: a head another window is
        calling right now is passed over, and the next one taken), so a window never
        holds a lock on a ticket it does not call."""
        params = {"day": day, "serves": list(serves)}
        heads = [conn.execute(_HEAD[prio], params).first() for prio in (True, False)]
        pick = self.rules.pick(
            [Candidate(r.id, r.priority is not None, r.queued_at, r.n) for r in heads if r is not None], streak
        )
        if pick is None or not db.is_postgres(self.engine):
            return pick  # SQLite: BEGIN IMMEDIATE already made this transaction the only writer
        chosen = next(r for r in heads if r is not None and r.id == pick.ticket_id)
        for want in (chosen.priority is not None, chosen.priority is None):
            row = conn.execute(_HEAD_LOCK[want], params).first()
            if row is not None:
                streak_after = pick.streak if want == (chosen.priority is not None) else (streak + 1 if want else 0)
                return Pick(row.id, streak_after)
        return None

    def _expire_old(self, conn: Connection, day: str) -> None:
        """Open tickets of earlier service days expire (once per day and process)."""
        if self._expired_before == day:
            return
        conn.execute(
            tickets.update()
            .where(tickets.c.day < day, tickets.c.status.in_(ACTIVE))
            .values(status="expired", ended_at=self.rules.clock())
        )
        self._expired_before = day

    # ---- actions on one ticket --------------------------------------------------------
    def act(
        self,
        ticket_id: str,
        action: str,
        *,
        window: int | None = None,
        staff: str | None = None,
        service: str | None = None,
    ) -> Ticket:
        """recall|skip|hold|resume|finish|transfer a ticket.

        Args:
            window: the acting window (None: an admin, who may act on any ticket); a
                window may act only on tickets it called.
            service: the target service of ``transfer``.
        """
        if action == "transfer" and service is None:
            raise QueueRuleError("request.invalid", 'transfer needs {"service": CODE}', 422)
        target = self.rules.service(service) if service is not None else None
        with db.write(self.engine) as conn:
            found = conn.execute(_BY_ID_LOCK, {"id": ticket_id}).first()
            if found is None:
                raise QueueRuleError("ticket.not_found", f"no ticket {ticket_id!r}", 404)
            row = found._mapping
            if window is not None and row["window"] != window:
                raise QueueRuleError("ticket.not_yours", f"ticket {row['number']} is not at window {window}", 403)
            status = row["status"]
            if row["day"] != self.rules.service_day() and status in ACTIVE:
                status = "expired"
            new = self.rules.transition(action, status, row["recalls"])
            now = self.rules.clock()
            values: dict[str, Any] = {"status": new}
            if staff:
                values["staff"] = staff
            if action == "recall":
                values.update(recalls=row["recalls"] + 1, called_at=now)
            elif action in ("skip", "finish"):
                values["ended_at"] = now
            elif target is not None:  # transfer
                if target.code == row["service"]:
                    raise QueueRuleError("ticket.same_service", f"the ticket is already in service {target.code}", 409)
                values.update(service=target.code, queued_at=now, window=None, called_at=None, recalls=0)
            conn.execute(tickets.update().where(tickets.c.id == ticket_id).values(**values))
            ticket = self._load(conn, ticket_id)
            kind = {
                "recall": "recalled",
                "skip": "skipped",
                "hold": "held",
                "resume": "resumed",
                "finish": "finished",
                "transfer": "transferred",
            }[action]
            self._emit(conn, [(f"ticket.{kind}", ticket)])
        self.on_commit()
        return ticket

    # ---- reading ----------------------------------------------------------------------
    def get(self, ticket_id: str) -> Ticket:
        with db.read(self.engine) as conn:
            row = conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()
            if row is None:
                raise QueueRuleError("ticket.not_found", f"no ticket {ticket_id!r}", 404)
            return self._ticket(conn, row._mapping)

    def snapshot(self, conn: Connection | None = None) -> QueueSnapshot:
        """Sequence number of the last event, waiting counts, the latest calls."""
        if conn is None:
            with db.read(self.engine) as tx:
                return self.snapshot(tx)
        day = self.rules.service_day()
        seq = conn.execute(sa.select(meta.c.value).where(meta.c.key == "event_seq")).scalar_one()
        counts: dict[str, int] = {
            r[0]: r[1]
            for r in conn.execute(
                sa.select(tickets.c.service, sa.func.count())
                .where(tickets.c.day == day, tickets.c.status == "waiting")
                .group_by(tickets.c.service)
            )
        }
        waiting = {code: int(counts.get(code, 0)) for code in self.rules.hall.service_codes}
        calls = conn.execute(
            sa.select(tickets.c.number, tickets.c.service, tickets.c.window, tickets.c.called_at, tickets.c.status)
            .where(tickets.c.day == day, tickets.c.called_at.is_not(None), tickets.c.window.is_not(None))
            .order_by(tickets.c.called_at.desc())
            .limit(RECENT_CALLS)
        ).all()
        return QueueSnapshot(
            seq=int(seq),
            waiting=waiting,
            recent_calls=[
                QueueCall(r.number, r.service, r.window, self.rules.local(r.called_at) or "", r.status) for r in calls
            ],
        )

    def last_seq(self) -> int:
        with db.read(self.engine) as conn:
            return int(conn.execute(sa.select(meta.c.value).where(meta.c.key == "event_seq")).scalar_one())

    def events_after(self, seq: int, limit: int = 500) -> tuple[list[QueueEvent], int | None]:
        """Events after ``seq`` (oldest first) and the oldest seq still stored."""
        with db.read(self.engine) as conn:
            rows = conn.execute(sa.select(events).where(events.c.seq > seq).order_by(events.c.seq).limit(limit)).all()
            oldest = conn.execute(sa.select(sa.func.min(events.c.seq))).scalar()
        return [QueueEvent(r.seq, r.kind, json.loads(r.data)) for r in rows], oldest

    def prune_events(self, keep: int) -> int:
        """Delete all but the newest ``keep`` events; returns how many went."""
        with db.write(self.engine) as conn:
            top = conn.execute(sa.select(meta.c.value).where(meta.c.key == "event_seq")).scalar_one()
            return conn.execute(events.delete().where(events.c.seq <= top - keep)).rowcount

    # ---- helpers ----------------------------------------------------------------------
    def _emit(self, conn: Connection, items: Iterable[tuple[str, Ticket]]) -> None:
        items = list(items)
        top = conn.execute(_BUMP_SEQ, {"n": len(items)}).scalar_one()
        now = time.time()
        conn.execute(
            _INSERT_EVENTS,
            [
                {
                    "seq": top - len(items) + 1 + i,
                    "at": now,
                    "kind": kind,
                    "data": json.dumps(ticket.to_dict(), ensure_ascii=False),
                }
                for i, (kind, ticket) in enumerate(items)
            ],
        )
        notify(conn)

    def _load(self, conn: Connection, ticket_id: str) -> Ticket:
        row = conn.execute(_BY_ID, {"id": ticket_id}).one()
        return self._ticket(conn, row._mapping)

    def _ticket(self, conn: Connection, row: Any) -> Ticket:
        ahead = 0
        if row["status"] == "waiting":
            ahead = int(
                conn.execute(
                    _AHEAD[bool(row["priority"])],
                    {"day": row["day"], "service": row["service"], "queued_at": row["queued_at"], "n": row["n"]},
                ).scalar_one()
            )
        service = self.rules.hall.service(row["service"])
        return Ticket(
            id=row["id"],
            number=row["number"],
            service=row["service"],
            status=row["status"],
            priority=row["priority"],
            ahead=ahead,
            estimated_wait_s=self.rules.estimate_s(service, ahead) if service else 0,
            issued_at=self.rules.local(row["issued_at"]) or "",
            window=row.get("window"),
            called_at=self.rules.local(row.get("called_at")),
            recalls=row.get("recalls") or 0,
            staff=row.get("staff"),
        )
