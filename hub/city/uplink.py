"""The hall hub's task that pushes its city outbox up and pulls official numbers down.

The same discipline as a terminal's sync engine (offline_cache/sync/engine.py): records
go one at a time in ``seq`` order, each with its outbox id as the Idempotency-Key; a try
whose answer was lost is sent again with the same key and the city answers with what it
stored the first time. 5xx, 401/403/408/429 and no answer back the whole stream off
(exponential, full jitter); another 4xx makes the record a dead letter and the stream
goes on. The backoff and the cursor live in the ``city_link`` row, so a SIGKILLed hub
resumes where it stopped; one lease in that row keeps several workers from pushing
side by side.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import random
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import NoResultFound

from hub import db
from hub.city import catalog_hall, http
from hub.city.tables import city_link, city_outbox
from hub.city.uplink_store import Link, apply_updates, load_link
from hub.tables import case_blobs, cases, evaluations, heartbeats, tickets, unresolved_reports

log = logging.getLogger("hub.city.uplink")

RETRYABLE = frozenset({401, 403, 408, 425, 429})
PATHS = {"case": "/api/v1/city/cases", "evaluation": "/api/v1/city/evaluations", "report": "/api/v1/city/reports"}
CATALOG_TIMEOUT_S = 120.0  # a whole catalog (100,000 items) is far more than one record
UP_S = 90.0  # a terminal heard within three of its 30 s heartbeats is up
SNAPSHOT_S = 30.0  # like a terminal's heartbeat: only the newest matters, a failed one is dropped


def seconds_from_env(name: str, default: float) -> float:
    """A duration from the hub's environment (a technician's knob, docs/city.md)."""
    try:
        return max(0.1, float(os.environ.get(name, default)))
    except ValueError:
        return default


class HallUplink:
    """One round per ``step``: push what is due, pull updates when due.

    Thread: one worker thread calls ``step`` (``hub.city.tasks``).
    """

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        base_s: float = 1.0,
        cap_s: float | None = None,
        lease_s: float = 5.0,
        pull_s: float = 2.0,
        timeout_s: float = 10.0,
        batch: int = 50,
        service_day: Callable[[], str] | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.rng = rng
        self.base_s = base_s
        self.cap_s = seconds_from_env("KIOSK_CITY_RETRY_CAP_S", 60.0) if cap_s is None else cap_s
        self.snapshot_s = seconds_from_env("KIOSK_CITY_SNAPSHOT_S", SNAPSHOT_S)
        self.lease_s, self.pull_s, self.timeout_s, self.batch = lease_s, pull_s, timeout_s, batch
        self._lease = 0.0
        self._next_pull = 0.0
        self._next_snapshot = 0.0
        self.catalog = catalog_hall.CatalogState()
        self.service_day = service_day  # the hall's queue day now (QueueRules.service_day)

    def step(self) -> float:
        """One round; the seconds to wait before the next."""
        now = self.clock()
        with db.read(self.engine) as conn:  # a hall not linked never takes SQLite's write lock here
            if load_link(conn) is None:
                return 2.0  # not linked (yet): look again now and then
        with db.write(self.engine) as conn:
            link = load_link(conn)
            if link is None:
                return 2.0
            took = conn.execute(
                city_link.update()
                .where(
                    city_link.c.id == 1, sa.or_(city_link.c.lease_until <= now, city_link.c.lease_until == self._lease)
                )
                .values(lease_until=now + self.lease_s)
            ).rowcount
        if not took:
            return self.lease_s / 2
        self._lease = now + self.lease_s
        wait = 0.5
        if link.next_at <= now:
            wait = self._push(link)
        if now >= self._next_pull:
            self._pull(link)
            self._pull_catalog(link)
            self._next_pull = now + self.pull_s
        if now >= self._next_snapshot:
            self._snapshot(link)
            self._next_snapshot = now + self.snapshot_s
        return min(wait, max(0.05, self._next_pull - self.clock()))

    def _call(
        self, link: Link, method: str, path: str, body: Any = None, key: str | None = None, timeout_s: float = 0.0
    ) -> Any:
        headers = {"Authorization": f"Bearer {link.credential}"}
        if key:
            headers["Idempotency-Key"] = key
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return http.request(method, link.city_url + path, data, headers=headers, timeout_s=timeout_s or self.timeout_s)

    def _push(self, link: Link) -> float:
        with db.read(self.engine) as conn:
            rows = conn.execute(
                sa.select(city_outbox)
                .where(city_outbox.c.state == "pending")
                .order_by(city_outbox.c.seq)
                .limit(self.batch)
            ).all()
        for row in rows:
            try:
                body = self._body(row.kind, row.ref)
            except NoResultFound:  # its record is gone (restored from an older backup?): never sendable
                self._mark(row.seq, "dead", f"city.record_missing: no {row.kind} {row.ref}")
                continue
            try:
                self._call(link, "POST", PATHS[row.kind], body, row.id)
            except http.Unreachable as exc:
                return self._failed(link, str(exc))
            except http.Answered as exc:
                if exc.status >= 500 or exc.status in RETRYABLE:
                    return self._failed(link, f"{exc.status} {exc.code}")
                self._mark(row.seq, "dead", f"{exc.status} {exc.code}: {exc.message}")
                log.warning("city_dead_letter", extra={"fields": {"kind": row.kind, "code": exc.code}})
                continue
            self._mark(row.seq, "sent", None)
        return 0.05 if len(rows) == self.batch else 0.5

    def _body(self, kind: str, ref: str) -> dict[str, Any]:
        with db.read(self.engine) as conn:
            if kind == "report":
                row = conn.execute(sa.select(unresolved_reports).where(unresolved_reports.c.reference == ref)).one()
                return {"report": _report(row)}
            if kind == "evaluation":
                record = conn.execute(sa.select(evaluations.c.record).where(evaluations.c.id == ref)).scalar_one()
                return {"record": json.loads(record)}
            case = conn.execute(sa.select(cases.c.body, cases.c.submitted_at).where(cases.c.case_number == ref)).one()
            blobs = conn.execute(
                sa.select(case_blobs).where(case_blobs.c.case_number == ref).order_by(case_blobs.c.idx)
            ).all()
        return {
            "reference": ref,
            "submitted_at": case.submitted_at,
            "case": json.loads(case.body),
            "materials": [
                {"sha256": b.sha256, "media_type": b.media_type, "data": base64.b64encode(b.data).decode("ascii")}
                for b in blobs
            ],
        }

    def _mark(self, seq: int, state: str, error: str | None) -> None:
        now = self.clock()
        with db.write(self.engine) as conn:
            conn.execute(
                city_outbox.update()
                .where(city_outbox.c.seq == seq)
                .values(state=state, sent_at=now, error=error[:200] if error else None)
            )
            conn.execute(
                city_link.update()
                .where(city_link.c.id == 1)
                .values(tries=0, next_at=0, last_error=None, last_contact=now)
            )

    def _failed(self, link: Link, error: str) -> float:
        with db.read(self.engine) as conn:
            tries = conn.execute(sa.select(city_link.c.tries).where(city_link.c.id == 1)).scalar() or 0
        delay = self.rng() * min(self.cap_s, self.base_s * 2**tries)
        with db.write(self.engine) as conn:
            conn.execute(
                city_link.update()
                .where(city_link.c.id == 1)
                .values(tries=tries + 1, next_at=self.clock() + delay, last_error=error[:200])
            )
        log.info("city_unavailable", extra={"fields": {"error": error[:120], "retry_s": round(delay, 2)}})
        return max(delay, 0.05)

    def _pull(self, link: Link) -> None:
        try:
            got = self._call(link, "GET", f"/api/v1/city/updates?since={link.updates_since}&limit=500")
        except (http.Unreachable, http.Answered):
            return  # the push's backoff says the city is away; the next pull tries again
        if isinstance(got, list):
            apply_updates(self.engine, got, self.clock())

    def _pull_catalog(self, link: Link) -> None:
        """The city's newest catalog version, published here once (docs/city.md)."""
        try:
            version = (self._call(link, "GET", "/api/v1/city/catalog/head") or {}).get("version")
            if not isinstance(version, int) or version == self.catalog.handled:
                return
            if catalog_hall.has_version(self.engine, version):  # applied before this process started
                self.catalog.handled, self.catalog.refused = version, None
                return
            doc = self._call(link, "GET", "/api/v1/city/catalog", timeout_s=CATALOG_TIMEOUT_S)
        except (http.Unreachable, http.Answered, AttributeError):
            return  # the next pull tries again
        done = catalog_hall.apply(self.engine, self.catalog, version, doc, self.clock())
        log.info("city_catalog", extra={"fields": {"version": version, "applied": done}})
        self._next_snapshot = 0.0  # the city learns at once what the hall did with it

    def _snapshot(self, link: Link) -> None:
        try:
            body = {
                **snapshot(self.engine, self.clock(), self.service_day() if self.service_day else None),
                "catalog": self.catalog.summary(self.engine),
            }
            self._call(link, "POST", "/api/v1/city/snapshot", body)
        except (http.Unreachable, http.Answered) as exc:
            log.info("city_snapshot_dropped", extra={"fields": {"error": str(exc)[:120]}})


def snapshot(engine: Engine, now: float | None = None, day: str | None = None) -> dict[str, Any]:
    """The hall's terminals with their devices' states and message keys (``printer.paper_low``)
    and whether each was heard within ``UP_S``, the newest service day's ticket counts by
    status (``day``, the hall's service day now; without it the newest day with tickets),
    and this outbox's pending and dead records (no personal data)."""
    now = time.time() if now is None else now
    with db.read(engine) as conn:
        terminals = [
            {
                "terminal": r.terminal,
                "role": r.role,
                "seen": r.received_at,
                "up": now - r.received_at <= UP_S,
                "devices": {name: d.get("state", "") for name, d in devices.items() if isinstance(d, dict)},
                "keys": sorted({str(d["key"])[:64] for d in devices.values() if isinstance(d, dict) and d.get("key")}),
            }
            for r in conn.execute(sa.select(heartbeats).order_by(heartbeats.c.terminal).limit(500)).all()
            for devices in [json.loads(r.devices)]
        ]
        if day is None:
            day = conn.execute(sa.select(sa.func.max(tickets.c.day))).scalar()
        counts: dict[str, int] = {
            str(status): int(n)
            for status, n in conn.execute(
                sa.select(tickets.c.status, sa.func.count()).where(tickets.c.day == day).group_by(tickets.c.status)
            ).all()
        }
        outbox: dict[str, int] = {
            str(state): int(n)
            for state, n in conn.execute(
                sa.select(city_outbox.c.state, sa.func.count())
                .where(city_outbox.c.state != "sent")
                .group_by(city_outbox.c.state)
            ).all()
        }
    return {
        "terminals": terminals,
        "queue": {"day": day, "counts": counts},
        "outbox": {"pending": outbox.get("pending", 0), "dead": outbox.get("dead", 0)},
    }


def _report(row) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "reported_at": row.reported_at,
        "tried": row.tried,
        "reasons": json.loads(row.reasons),
        "task_code": row.task_code,
        "text": row.text,
        "phone": row.phone,
        "hall_code": row.hall_code,
    }
