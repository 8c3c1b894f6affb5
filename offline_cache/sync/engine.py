"""The sync engine: pushes the outbox to the hub in order, sends heartbeats, pulls.

Pure logic driven by :meth:`SyncEngine.step` (clock, randomness and transport injected,
no threads, no sleeping), plus :class:`SyncRunner`, the thread that calls ``step`` and
sleeps until the next thing is due. All durable state is in the outbox, so a restart
resumes where the last run stopped.

Pushing, one record at a time, in ``seq`` order per stream:

    2xx                         mark_sent(reply)               next record
    409, other 4xx              mark_dead(error)               next record (no blocking)
    401/403 (token), 408, 429   mark_failed + backoff          same record later
    5xx, unreachable, timeout,
    garbage                     mark_failed + backoff          same record later

The record's id is the idempotency key: a try whose answer was lost is sent again with
the same id, and the hub answers with what it stored the first time. Backoff is
exponential with full jitter (``rng() * min(cap, base * 2**(tries-1))``), and while it
runs no record is pushed (the hub is away for all of them).

Heartbeats (every 30 s) are *not* queued behind the backlog and never stored: a terminal
with 1,000 cases waiting must still show up as alive on the hub's status page. Only the
newest snapshot matters, so a failed heartbeat is dropped, not retried; the next one
carries fresh health. Pulls (case status changes every 60 s, catalog versions every
300 s) run on their own timers; what they bring is stored in the outbox with its cursor
in one transaction. Given a retention period, the engine also purges the personal data
of sent records hourly (a terminal may run for months without a restart).
"""

from __future__ import annotations

import logging
import math
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from common.errors import key_of
from offline_cache.db import StorageError
from offline_cache.outbox import Outbox, Record
from offline_cache.sync.errors import HubRejected, HubUnavailable
from offline_cache.sync.push_paths import PUSH_PATHS

log = logging.getLogger("kiosk.sync")

RETRYABLE_4XX = frozenset({401, 403, 408, 425, 429})  # the record is fine; the moment or token is not


class Transport(Protocol):
    """What the engine needs of the hub (the real one is ``offline_cache.sync.client``).

    Every method raises :class:`HubUnavailable` (try later) or :class:`HubRejected`
    (the hub said no, with its status and code).
    """

    def push(self, kind: str, record_id: str, body: dict[str, Any], blobs: Sequence[bytes] = ()) -> dict[str, Any]:
        """Send one record with ``Idempotency-Key: record_id``; the hub's answer."""
        ...

    def heartbeat(self, body: dict[str, Any]) -> None:
        """Send the terminal's health snapshot."""
        ...

    def catalog_changes(self, since: str | None) -> Any:
        """What changed in the catalog since version ``since`` (None: nothing new)."""
        ...

    def case_updates(self, since: str | None) -> list[dict[str, Any]]:
        """Status changes of this terminal's cases after cursor ``since``."""
        ...


@dataclass(frozen=True)
class SyncState:
    """What every screen shows about the link to the hub."""

    online: bool
    last_contact: datetime | None
    waiting: int
    dead: int
    last_error_key: str | None


@dataclass(frozen=True)
class Timing:
    """Intervals and backoff, in seconds (defaults as the brief of issue 8)."""

    heartbeat_s: float = 30.0
    updates_s: float = 60.0
    catalog_s: float = 300.0
    base_s: float = 1.0
    cap_s: float = 60.0
    batch: int = 50  # records pushed per step before timers get a look again
    purge_s: float = 3600.0  # how often sent records past their retention lose their personal data


class SyncEngine:
    """Moves records from the outbox to the hub and news from the hub to the terminal.

    Args:
        outbox: the terminal's outbox.
        transport: the hub (see :class:`Transport`).
        clock: wall-clock seconds (epoch), the same clock as the outbox's.
        rng: uniform [0, 1) for the jitter.
        health: the device health snapshot for heartbeats.
        apply_catalog: applies what ``catalog_changes`` returned, returns the new version
            (None: the terminal does not pull the catalog).
        timing: intervals and backoff.
        retention_s: sent records keep their personal data this long (None: never purge
            here; a terminal runs for months, so the engine's thread does it hourly).

    Thread: one thread calls ``step`` (the runner); ``state``/``listen`` from any.
    """

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        *,
        clock: Callable[[], float] = time.time,
        rng: Callable[[], float] = random.random,
        health: Callable[[], dict[str, Any]] = dict,
        apply_catalog: Callable[[Any], str] | None = None,
        timing: Timing | None = None,
        retention_s: float | None = None,
    ) -> None:
        self.outbox = outbox
        self.retention_s = retention_s
        self.transport = transport
        self.clock = clock
        self.rng = rng
        self.health = health
        self.apply_catalog = apply_catalog
        self.timing = timing or Timing()
        self._listeners: list[Callable[[SyncState], None]] = []
        self._online = False
        self._last_error_key: str | None = None
        self._catalog_refused: dict[str, Any] | None = None  # the last version refused, for heartbeats
        stored = outbox.get_state("last_contact")
        self._last_contact: float | None = float(stored) if stored else None
        self._contact_saved = self._last_contact or 0.0
        self._paused_until = 0.0  # no push before this (backoff while the hub is away)
        self._next_heartbeat = self._next_updates = self._next_catalog = self._next_purge = 0.0
        self._published: SyncState | None = None

    # ---- the screens' side -------------------------------------------------------------

    def listen(self, callback: Callable[[SyncState], None]) -> None:
        """Call ``callback(state)`` whenever the state changes (on the engine's thread)."""
        self._listeners.append(callback)

    def state(self) -> SyncState:
        stats = self.outbox.stats()
        contact = datetime.fromtimestamp(self._last_contact, tz=UTC) if self._last_contact is not None else None
        return SyncState(
            online=self._online,
            last_contact=contact,
            waiting=stats.waiting,
            dead=stats.dead,
            last_error_key=self._last_error_key,
        )

    # ---- one turn ---------------------------------------------------------------------

    def step(self) -> float:
        """Do whatever is due now; the seconds until something is due again."""
        now = self.clock()
        if now >= self._next_heartbeat:
            self._next_heartbeat = now + self.timing.heartbeat_s
            self._heartbeat(now)
        if now >= self._next_updates:
            self._next_updates = now + self.timing.updates_s
            self._pull_updates()
        if self.apply_catalog is not None and now >= self._next_catalog:
            self._next_catalog = now + self.timing.catalog_s
            self._pull_catalog()
        if self.retention_s is not None and now >= self._next_purge:
            self._next_purge = now + self.timing.purge_s
            self.outbox.purge(self.retention_s, now)
        more = self._push_some()
        self._save_contact()
        self._publish()
        now = self.clock()
        due = [self._next_heartbeat, self._next_updates]
        if self.apply_catalog is not None:
            due.append(self._next_catalog)
        if more:
            due.append(now)
        else:
            head = self.outbox.next_due()
            if head is not None:
                due.append(max(head, self._paused_until))
        return max(0.0, min(due) - now)

    def backoff(self, tries: int) -> float:
        """Seconds to wait after the ``tries``-th failed try (full jitter)."""
        ceiling = min(self.timing.cap_s, self.timing.base_s * 2.0 ** max(0, min(tries - 1, 30)))
        return self.rng() * ceiling

    # ---- pushing ----------------------------------------------------------------------

    def _push_some(self) -> bool:
        """Push up to ``timing.batch`` records; True if more are ready right now."""
        for _ in range(self.timing.batch):
            now = self.clock()
            if now < self._paused_until:
                return False
            batch = self.outbox.next_batch(1, now)
            if not batch:
                return False
            self._push_one(batch[0], now)
        return True

    def _push_one(self, record: Record, now: float) -> None:
        if record.kind not in PUSH_PATHS:  # the hub has no route for it: waiting cannot help
            self._dead(record, "sync.no_route", kind=record.kind)
            return
        try:
            body, blobs = self.outbox.open(record.id)
        except StorageError as exc:  # tampered with, wrong key, purged: it can never go out
            self._dead(record, exc.key, **exc.data)
            return
        try:
            reply = self.transport.push(record.kind, record.id, body, blobs)
            if not isinstance(reply, dict):
                raise HubUnavailable("hub.bad_answer", error=type(reply).__name__)
        except HubRejected as exc:
            self._contact(now)  # the hub answered: it is there
            if exc.status in RETRYABLE_4XX:
                self._retry(record, exc.key, {"status": exc.status, "code": exc.code}, now)
            else:
                self._dead(record, exc.key, status=exc.status, code=exc.code)
            return
        except HubUnavailable as exc:
            self._offline(exc.key)
            self._retry(record, exc.key, exc.data, now)
            return
        except Exception as exc:  # a transport bug or an unmapped error: never lose the record
            self._offline("hub.unreachable")
            self._retry(record, "hub.unreachable", {"error": type(exc).__name__}, now)
            return
        self._contact(now)
        self.outbox.mark_sent(record.id, reply)
        self._last_error_key = None

    def _retry(self, record: Record, key: str, data: dict[str, Any], now: float) -> None:
        delay = self.backoff(record.attempts + 1)
        self._paused_until = now + delay
        self.outbox.mark_failed(record.id, {"key": key, "data": data}, now + delay)
        self._last_error_key = key
        log.info(
            "sync_retry",
            extra={
                "fields": {"record": record.id, "key": key, "tries": record.attempts + 1, "delay_s": round(delay, 2)}
            },
        )

    def _dead(self, record: Record, key: str, **data: Any) -> None:
        self.outbox.mark_dead(record.id, {"key": key, "data": data})
        self._last_error_key = key
        log.warning("sync_dead_letter", extra={"fields": {"record": record.id, "kind": record.kind, "key": key}})

    # ---- heartbeats and pulls ------------------------------------------------------------

    def _heartbeat(self, now: float) -> None:
        stats = self.outbox.stats(now)
        try:
            health = dict(self.health())
        except Exception as exc:  # a broken health source must not stop the heartbeat
            health = {"error": type(exc).__name__}
        if self._catalog_refused is not None:
            health["catalog"] = dict(self._catalog_refused)
        body = {
            "sent_at": now,
            "health": health,
            "outbox": {"waiting": stats.waiting, "dead": stats.dead, "oldest_waiting_s": stats.oldest_waiting_s},
        }
        if self._call(self.transport.heartbeat, body) is not _FAILED:
            self._contact(now)

    def _pull_updates(self) -> None:
        since = self.outbox.get_state("updates_since")
        updates = self._call(self.transport.case_updates, since)
        if updates is _FAILED:
            return
        checked = _check_updates(updates)
        if checked is None:
            self._offline("hub.bad_answer")
            return
        self._contact(self.clock())
        if checked:
            cursor = repr(max(u["at"] for u in checked))
            self.outbox.add_updates(checked, cursor)

    def _pull_catalog(self) -> None:
        assert self.apply_catalog is not None
        since = self.outbox.get_state("catalog_version")
        changes = self._call(self.transport.catalog_changes, since)
        if changes is _FAILED:
            return
        self._contact(self.clock())
        if changes is None:
            return
        try:
            version = self.apply_catalog(changes)
        except Exception as exc:  # a bad batch changes nothing (the store's own rule); try later
            self._last_error_key = key_of(exc, default="sync.catalog_failed")
            # Told to the hub with every heartbeat until a version is applied, so the
            # publisher sees it (`kiosk hub catalog status`, the status page).
            self._catalog_refused = {
                "state": "degraded",
                "key": self._last_error_key,
                "version": getattr(changes, "version", None),
            }
            log.warning("sync_catalog_refused", extra={"fields": {"key": self._last_error_key}})
            return
        self._catalog_refused = None
        self.outbox.set_state({"catalog_version": str(version)})

    def _call(self, fn: Callable[[Any], Any], arg: Any) -> Any:
        """``fn(arg)``, or ``_FAILED`` after noting why (the hub away or refusing)."""
        try:
            return fn(arg)
        except HubRejected as exc:
            self._contact(self.clock())
            self._last_error_key = exc.key
        except HubUnavailable as exc:
            self._offline(exc.key)
        except Exception as exc:  # a transport bug counts as the hub being away
            log.warning("sync_call_failed", extra={"fields": {"error": type(exc).__name__}})
            self._offline("hub.unreachable")
        return _FAILED

    # ---- state ------------------------------------------------------------------------

    def _contact(self, now: float) -> None:
        self._online = True
        self._last_contact = now

    def _offline(self, key: str) -> None:
        self._online = False
        self._last_error_key = key

    def _save_contact(self) -> None:
        # Not on every answer: one fsync per 10 s is plenty for "last seen".
        if self._last_contact is not None and self._last_contact - self._contact_saved >= 10.0:
            self.outbox.set_state({"last_contact": repr(self._last_contact)})
            self._contact_saved = self._last_contact

    def _publish(self) -> None:
        state = self.state()
        if state != self._published:
            self._published = state
            for callback in list(self._listeners):
                try:
                    callback(state)
                except Exception as exc:  # one broken screen must not stop syncing
                    log.warning("sync_listener_failed", extra={"fields": {"error": type(exc).__name__}})


_FAILED = object()


class SyncRunner:
    """The thread that runs an engine: ``step``, then sleep until something is due.

    Args:
        engine: the engine to run.
        max_sleep_s: never sleep longer (a clock set forward is noticed within this).
        sleep: ``sleep(seconds, wake_event)`` — waits, returning early when the event is
            set; injectable for tests (default: ``wake_event.wait``).

    ``wake()`` (after a ``put``) makes the runner push at once instead of at its next due
    time; ``stop()`` ends the thread after the current step.
    """

    def __init__(
        self,
        engine: SyncEngine,
        *,
        max_sleep_s: float = 5.0,
        sleep: Callable[[float, threading.Event], Any] | None = None,
    ) -> None:
        self.engine = engine
        self.max_sleep_s = max_sleep_s
        self._sleep = sleep or (lambda seconds, event: event.wait(seconds))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                delay = self.engine.step()
            except Exception as exc:  # e.g. storage.disk_full on a mark: keep the thread, try later
                log.error("sync_step_failed", extra={"fields": {"error": key_of(exc, default=type(exc).__name__)}})
                delay = self.max_sleep_s
            if self._stop.is_set():
                break
            self._sleep(min(delay, self.max_sleep_s), self._wake)
            self._wake.clear()


def _check_updates(updates: Any) -> list[dict[str, Any]] | None:
    """The status changes, checked whole (None: the answer is garbage, nothing stored)."""
    if not isinstance(updates, list):
        return None
    out = []
    for u in updates:
        if not isinstance(u, dict):
            return None
        rid, number, status, at = u.get("record_id"), u.get("case_number"), u.get("status"), u.get("at")
        if not (
            isinstance(rid, str)
            and isinstance(number, str)
            and isinstance(status, str)
            and 0 < len(rid) <= 64
            and 0 < len(number) <= 64
            and 0 < len(status) <= 32
            and isinstance(at, (int, float))
            and not isinstance(at, bool)
            and math.isfinite(at)
        ):
            return None
        out.append({"record_id": rid, "case_number": number, "status": status, "at": float(at)})
    return out
