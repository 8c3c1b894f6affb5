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
from hub.queue import ACTIVE, Candidate, QueueRuleError, QueueRules
from hub.tables import counters, events, meta, tickets, windows
from offline_cache.wire import QueueCall, QueueEvent, QueueSnapshot, Ticket

RECENT_CALLS = 10


def upsert(conn: Connection, table: sa.Table):  # noqa: ANN201 - a dialect Insert
    """The dialect's INSERT with ``on_conflict_*`` (SQLite and PostgreSQL spell it alike)."""
    return (postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table))


class QueueStore:
    """Queue operations on the database.

    Args:
        engine: the hub's engine (``hub.db.make_engine``).
        rules: the hall's rules with the clock.
        on_commit: called after a transaction that wrote events (wakes this process's
            event streams at once; other processes find them by polling).
    """

    def __init__(self, engine: Engine, rules: QueueRules,
                 on_commit: Callable[[], None] = lambda: None) -> None:
        self.engine = engine
        self.rules = rules
        self.on_commit = on_commit
        self._expired_before: str = ""

    # ---- setup ------------------------------------------------------------------------
    def ensure_windows(self) -> None:
        """A row per window of the hall (idempotent)."""
        with db.write(self.engine) as conn:
            for number in self.rules.hall.windows:
                conn.execute(upsert(conn, windows).values(number=number, streak=0)
                             .on_conflict_do_nothing())

    # ---- issuing ----------------------------------------------------------------------
    def issue(self, service_code: str, *, priority: str | None = None, person: str | None = None,
              issued_by: str | None = None, appointment: str | None = None,
              conn: Connection | None = None) -> Ticket:
        """A new ticket (QueueRuleError: unknown/closed service, ``ticket.exists``)."""
        service = self.rules.service(service_code)
        self.rules.check_open(service)
        if conn is not None:
            return self._issue(conn, service, priority, person, issued_by, appointment)
        with db.write(self.engine) as conn:
            ticket = self._issue(conn, service, priority, person, issued_by, appointment)
        self.on_commit()
        return ticket

    def _issue(self, conn: Connection, service, priority, person, issued_by, appointment) -> Ticket:  # noqa: ANN001
        now = self.rules.clock()
        day = self.rules.service_day()
        # The counter first: on PostgreSQL its row lock serializes issuing per service,
        # so the person check below sees a concurrent twin's committed ticket.
        stmt = upsert(conn, counters).values(service=service.code, day=day, last_number=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=["service", "day"],
            set_={"last_number": counters.c.last_number + 1},
        ).returning(counters.c.last_number)
        n = conn.execute(stmt).scalar_one()
        if person:
            existing = conn.execute(
                sa.select(tickets).where(tickets.c.person == person, tickets.c.day == day,
                                         tickets.c.service == service.code,
                                         tickets.c.status.in_(ACTIVE))).first()
            if existing is not None:
                # Raising rolls the counter back: no number is lost to a refused request.
                raise QueueRuleError("ticket.exists", "this person already holds an active "
                                     f"ticket for service {service.code}", 409,
                                     ticket=self._ticket(conn, existing._mapping).to_dict())
        row = {"id": uuid.uuid4().hex, "day": day, "service": service.code,
               "number": self.rules.number(service.prefix, n), "n": n, "status": "waiting",
               "priority": priority, "person": person, "appointment": appointment,
               "issued_at": now, "queued_at": now, "recalls": 0, "issued_by": issued_by}
        conn.execute(tickets.insert().values(**row))
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
            streak = conn.execute(sa.select(windows.c.streak).where(windows.c.number == window)
                                  .with_for_update()).scalar()
            if streak is None:
                conn.execute(upsert(conn, windows).values(number=window, streak=0)
                             .on_conflict_do_nothing())
                streak = 0
            base = (sa.select(tickets.c.id, tickets.c.priority, tickets.c.queued_at, tickets.c.n)
                    .where(tickets.c.day == day, tickets.c.status == "waiting",
                           tickets.c.service.in_(serves))
                    .order_by(tickets.c.queued_at, tickets.c.n).limit(1)
                    .with_for_update(skip_locked=True))
            heads = [conn.execute(base.where(tickets.c.priority.is_not(None))).first(),
                     conn.execute(base.where(tickets.c.priority.is_(None))).first()]
            pick = self.rules.pick([Candidate(r.id, r.priority is not None, r.queued_at, r.n)
                                    for r in heads if r is not None], streak)
            if pick is None:
                return None
            now = self.rules.clock()
            done = conn.execute(tickets.update().where(tickets.c.id == pick.ticket_id,
                                                       tickets.c.status == "waiting")
                                .values(status="called", window=window, called_at=now,
                                        staff=staff))
            if done.rowcount != 1:  # cannot happen under the locks above; refuse loudly
                raise RuntimeError(f"ticket {pick.ticket_id} changed under its lock")
            conn.execute(windows.update().where(windows.c.number == window)
                         .values(streak=pick.streak))
            ticket = self._load(conn, pick.ticket_id)
            self._emit(conn, [("ticket.called", ticket)])
        self.on_commit()
        return ticket

    def _expire_old(self, conn: Connection, day: str) -> None:
        """Open tickets of earlier service days expire (once per day and process)."""
        if self._expired_before == day:
            return
        conn.execute(tickets.update().where(tickets.c.day < day, tickets.c.status.in_(ACTIVE))
                     .values(status="expired", ended_at=self.rules.clock()))
        self._expired_before = day

    # ---- actions on one ticket --------------------------------------------------------
    def act(self, ticket_id: str, action: str, *, window: int | None = None,
            staff: str | None = None, service: str | None = None) -> Ticket:
        """recall|skip|hold|resume|finish|transfer a ticket.

        Args:
            window: the acting window (None: an admin, who may act on any ticket); a
                window may act only on tickets it called.
            service: the target service of ``transfer``.
        """
        target = self.rules.service(service) if action == "transfer" else None
        if action == "transfer" and service is None:
            raise QueueRuleError("request.invalid", "transfer needs {\"service\": CODE}", 422)
        with db.write(self.engine) as conn:
            row = conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)
                               .with_for_update()).first()
            if row is None:
                raise QueueRuleError("ticket.not_found", f"no ticket {ticket_id!r}", 404)
            row = row._mapping
            if window is not None and row["window"] != window:
                raise QueueRuleError("ticket.not_yours", f"ticket {row['number']} is not at "
                                     f"window {window}", 403)
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
            elif action == "transfer":
                if target.code == row["service"]:
                    raise QueueRuleError("ticket.same_service", "the ticket is already in "
                                         f"service {target.code}", 409)
                values.update(service=target.code, queued_at=now, window=None,
                              called_at=None, recalls=0)
            conn.execute(tickets.update().where(tickets.c.id == ticket_id).values(**values))
            ticket = self._load(conn, ticket_id)
            kind = {"recall": "recalled", "skip": "skipped", "hold": "held",
                    "resume": "resumed", "finish": "finished", "transfer": "transferred"}[action]
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
            with db.read(self.engine) as conn:
                return self.snapshot(conn)
        day = self.rules.service_day()
        seq = conn.execute(sa.select(meta.c.value).where(meta.c.key == "event_seq")).scalar_one()
        counts = dict(conn.execute(
            sa.select(tickets.c.service, sa.func.count()).where(
                tickets.c.day == day, tickets.c.status == "waiting").group_by(tickets.c.service)).all())
        waiting = {code: int(counts.get(code, 0)) for code in self.rules.hall.service_codes}
        calls = conn.execute(
            sa.select(tickets.c.number, tickets.c.service, tickets.c.window, tickets.c.called_at)
            .where(tickets.c.day == day, tickets.c.called_at.is_not(None),
                   tickets.c.window.is_not(None))
            .order_by(tickets.c.called_at.desc()).limit(RECENT_CALLS)).all()
        return QueueSnapshot(seq=int(seq), waiting=waiting, recent_calls=[
            QueueCall(r.number, r.service, r.window, self.rules.local(r.called_at)) for r in calls])

    def last_seq(self) -> int:
        with db.read(self.engine) as conn:
            return int(conn.execute(sa.select(meta.c.value).where(meta.c.key == "event_seq"))
                       .scalar_one())

    def events_after(self, seq: int, limit: int = 500) -> tuple[list[QueueEvent], int | None]:
        """Events after ``seq`` (oldest first) and the oldest seq still stored."""
        with db.read(self.engine) as conn:
            rows = conn.execute(sa.select(events).where(events.c.seq > seq)
                                .order_by(events.c.seq).limit(limit)).all()
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
        top = conn.execute(meta.update().where(meta.c.key == "event_seq")
                           .values(value=meta.c.value + len(items))
                           .returning(meta.c.value)).scalar_one()
        now = time.time()
        conn.execute(events.insert(), [
            {"seq": top - len(items) + 1 + i, "at": now, "kind": kind,
             "data": json.dumps(ticket.to_dict(), ensure_ascii=False)}
            for i, (kind, ticket) in enumerate(items)])

    def _load(self, conn: Connection, ticket_id: str) -> Ticket:
        row = conn.execute(sa.select(tickets).where(tickets.c.id == ticket_id)).first()
        return self._ticket(conn, row._mapping)

    def _ticket(self, conn: Connection, row: Any) -> Ticket:
        ahead = 0
        if row["status"] == "waiting":
            earlier = sa.or_(tickets.c.queued_at < row["queued_at"],
                             sa.and_(tickets.c.queued_at == row["queued_at"], tickets.c.n < row["n"]))
            cond = [tickets.c.day == row["day"], tickets.c.service == row["service"],
                    tickets.c.status == "waiting"]
            if row["priority"]:
                cond += [tickets.c.priority.is_not(None), earlier]
            else:
                cond.append(sa.or_(tickets.c.priority.is_not(None), earlier))
            ahead = int(conn.execute(sa.select(sa.func.count()).where(*cond)).scalar_one())
        service = self.rules.hall.service(row["service"])
        return Ticket(
            id=row["id"], number=row["number"], service=row["service"], status=row["status"],
            priority=row["priority"], ahead=ahead,
            estimated_wait_s=self.rules.estimate_s(service, ahead) if service else 0,
            issued_at=self.rules.local(row["issued_at"]), window=row.get("window"),
            called_at=self.rules.local(row.get("called_at")), recalls=row.get("recalls") or 0,
            staff=row.get("staff"))
