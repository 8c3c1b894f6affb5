"""The hall board's state, built from the hub's event stream. No Qt here.

::

    hub ──SSE──▶ EventStream ──(its thread)──▶ HallBoard ──▶ BoardModel.apply_event
                                                  │                 │ calls to speak
                                                  │                 ▼
                                                  │          CallAnnouncer.announce
                                                  └──▶ listeners(BoardView) ──▶ the screen

``BoardModel`` is pure (the caller passes the time): it applies events and snapshots,
drops events it has already seen (by ``seq``), keeps the latest calls, the waiting count
of each service, when it last heard from the hub and whether the screen must say it lost
the hub. ``HallBoard`` wires a hub connection's event stream, the announcer and a clock
to it.

What is spoken: only a *live* call — a ``ticket.called`` / ``ticket.recalled`` event
newer than anything the board has shown, made less than ``SPEAK_WITHIN_S`` ago. A
snapshot (a fresh board, or a board too far behind) is shown, never spoken; after a
reconnect the stream resumes with Last-Event-ID, so what the board already showed is
not sent again, and what was called while it was away is spoken only if still recent.

When the screen says the hub is lost: ``LOST_AFTER_S`` after the stream broke (or after
start, if it never opened), or when a connected stream has been silent for
``SILENT_AFTER_S`` — the hub sends a keep-alive comment at least every 15 s, and each one
counts as life, so a quiet hall is not mistaken for a dead link.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.logs import log_event

if TYPE_CHECKING:
    from kiosk.queue.connection import HubConnection
    from kiosk.speech import CallAnnouncer
    from offline_cache.sync.events import EventStream
    from offline_cache.wire.queue import QueueEvent, QueueSnapshot, Ticket

log = logging.getLogger("kiosk.queue.board")

AT_WINDOW = ("called", "held")  # a ticket in these is still being called or served
KEEP_CALLS = 10  # as many as the hub's snapshot holds (docs/hub-api.md, /queue)
LOST_AFTER_S = 3.0  # a reconnect within this is not worth alarming the hall
SILENT_AFTER_S = 25.0  # the hub's keep-alive period (15 s) plus a margin
RESYNC_S = 60.0  # a quiet board asks the hub for its counts this often (the day's end expires tickets unannounced)
SPEAK_WITHIN_S = 60.0  # an older call read out now would send people to the wrong window
CALL_KINDS = ("ticket.called", "ticket.recalled")
STATES = ("connecting", "connected", "lost")

Clock = Callable[[], float]  # seconds since the epoch (time.time)


@dataclass(frozen=True)
class BoardCall:
    """One call on the board: 请 A001 号到 3 号窗口."""

    number: str
    service: str
    window: int
    called_at: str  # ISO 8601, as the hub sent it
    live: bool = False  # arrived as it happened (flashed and spoken), not by a snapshot or catch-up
    at_window: bool = True  # still called or served; False once finished, skipped, moved on


@dataclass(frozen=True)
class WaitingCount:
    """How many wait for one service."""

    service: str  # its code (A)
    name: str  # its name from the hub (综合受理); "" until the hub has said
    waiting: int
    name_en: str = ""  # its English name from the hall file, "" when it has none


@dataclass(frozen=True)
class BoardView:
    """What the screen shows, at one moment."""

    calls: tuple[BoardCall, ...]  # newest first
    waiting: tuple[WaitingCount, ...]  # in the hall's order of services
    state: str  # connecting | connected | lost
    lost: bool  # say so on screen: the board may be stale
    last_update: float | None  # when the board last knew it was current (epoch s), None: never
    flash: int  # the number of live calls so far: the screen flashes when it grows
    synced: bool  # the board has had the hub's state at least once

    @property
    def current(self) -> BoardCall | None:
        """The newest call still at a window (正在呼叫); None when every call has ended."""
        return next((c for c in self.calls if c.at_window), None)


class BoardModel:
    """The board's state; pure: every method takes the time it is applied at.

    Args:
        now: when the board started (the lost banner counts from here until a stream opens).
        keep: how many calls to keep (newest first).

    Thread: not thread-safe; ``HallBoard`` holds a lock around it.
    """

    def __init__(
        self,
        now: float,
        *,
        keep: int = KEEP_CALLS,
        lost_after_s: float = LOST_AFTER_S,
        silent_after_s: float = SILENT_AFTER_S,
        speak_within_s: float = SPEAK_WITHIN_S,
    ) -> None:
        self.keep = keep
        self.lost_after_s = lost_after_s
        self.silent_after_s = silent_after_s
        self.speak_within_s = speak_within_s
        self.seq: int | None = None  # the last event applied
        self.state = "connecting"
        self.counts_uncertain = False  # a change whose effect on the counts is unknown: ask the hub
        self._since = now  # when the state last changed
        self._life: float | None = None  # the last time the hub was heard
        self._calls: list[BoardCall] = []
        self._waiting: dict[str, int] = {}
        self._names: dict[str, str] = {}
        self._names_en: dict[str, str] = {}
        self._tickets: dict[str, tuple[str, str]] = {}  # id -> (service, status) seen since the snapshot
        self._flash = 0

    # ---- what comes from the hub ---------------------------------------------------------
    def set_services(self, services: list[tuple[str, str]], names_en: dict[str, str] | None = None) -> None:
        """The hall's services as (code, name), in the hall's order; ``names_en`` their
        English names by code (the hall file's ``name_en``)."""
        self._names = dict(services)
        self._names_en = dict(names_en or {})
        self._waiting = {code: self._waiting.get(code, 0) for code, _ in services} | self._waiting

    def apply_event(self, event: QueueEvent, now: float) -> list[BoardCall]:
        """Apply one event; returns the calls to speak (live calls only).

        An event at or before the last one applied changes nothing (a replay). A
        ``snapshot`` always replaces the state, whatever its ``seq`` (a hub whose database
        was replaced starts counting again).
        """
        from offline_cache.wire import WireError

        self.alive(now)
        if event.kind == "snapshot":
            try:
                self.apply_snapshot(event.snapshot(), now)
            except WireError as exc:
                log.warning("board_bad_snapshot", extra={"fields": {"seq": event.seq, "error": str(exc)}})
            return []
        if self.seq is not None and event.seq <= self.seq:
            return []
        synced = self.seq is not None
        self.seq = event.seq
        try:
            ticket = event.ticket()
        except WireError as exc:
            log.warning("board_bad_event", extra={"fields": {"seq": event.seq, "kind": event.kind, "error": str(exc)}})
            return []
        self._count(event.kind, ticket)
        if ticket.status not in AT_WINDOW:  # finished, skipped, transferred ...: history now
            self._calls = [replace(c, at_window=False) if c.number == ticket.number else c for c in self._calls]
        if event.kind not in CALL_KINDS or ticket.window is None:
            return []
        call = BoardCall(
            ticket.number,
            ticket.service,
            ticket.window,
            ticket.called_at or "",
            live=synced and self._recent(ticket.called_at, now),
        )
        self._calls = [call, *(c for c in self._calls if c.number != call.number)][: self.keep]
        if not call.live:
            return []
        self._flash += 1
        return [call]

    def apply_snapshot(self, snapshot: QueueSnapshot, now: float) -> None:
        """Replace the state with the hub's: nothing in it is spoken or flashed."""
        self.alive(now)
        self.seq = snapshot.seq
        self._waiting = dict(snapshot.waiting)
        self._tickets.clear()
        self.counts_uncertain = False
        self._calls = [
            BoardCall(c.number, c.service, c.window, c.called_at, at_window=c.status in AT_WINDOW)
            for c in snapshot.recent_calls
        ][: self.keep]

    def refresh_waiting(self, snapshot: QueueSnapshot) -> bool:
        """Take the waiting counts of a snapshot fetched on the side, if it is of exactly
        the event the board is at (else the counts would mix two moments); True if taken.
        Calls the snapshot no longer holds as called (another service day, ended without
        an event) leave 正在呼叫; nothing is spoken or flashed."""
        if snapshot.seq != self.seq:
            return False
        self._waiting = dict(snapshot.waiting)
        self.counts_uncertain = False
        at_window = {c.number for c in snapshot.recent_calls if c.status in AT_WINDOW}
        self._calls = [c if c.number in at_window else replace(c, at_window=False) for c in self._calls]
        return True

    def set_state(self, state: str, now: float) -> None:
        """The stream's state: ``connected`` or ``lost``."""
        if state not in STATES:
            raise ValueError(f"unknown stream state {state!r}")
        if state != self.state:
            self.state = state
            self._since = now
        if state == "connected":
            self.alive(now)

    def alive(self, now: float) -> None:
        """The hub was heard (an event, a keep-alive comment, a stream opening)."""
        self._life = now

    # ---- what the screen shows ------------------------------------------------------------
    def view(self, now: float) -> BoardView:
        if self.state == "connected":
            lost = self._life is not None and now - self._life >= self.silent_after_s
        else:
            lost = now - self._since >= self.lost_after_s
        waiting = tuple(
            WaitingCount(code, self._names.get(code, ""), count, self._names_en.get(code, ""))
            for code, count in self._waiting.items()
        )
        return BoardView(
            calls=tuple(self._calls),
            waiting=waiting,
            state=self.state,
            lost=lost,
            last_update=self._life if self.seq is not None else None,
            flash=self._flash,
            synced=self.seq is not None,
        )

    # ---- inside -----------------------------------------------------------------------------
    def _recent(self, called_at: str | None, now: float) -> bool:
        try:
            when = datetime.fromisoformat(called_at or "")
        except ValueError:
            return False  # no time we can read: not worth the risk of a stale call
        if when.tzinfo is None:
            return False
        return now - when.timestamp() <= self.speak_within_s

    def _count(self, kind: str, ticket: Ticket) -> None:
        """Move the waiting counts by what this event did to its ticket."""
        prior = self._tickets.get(ticket.id)
        if prior is None:
            if kind == "ticket.called":
                prior = (ticket.service, "waiting")  # only a waiting ticket is called
            elif kind in ("ticket.transferred", "ticket.expired", "ticket.voided"):
                # From which service, and was it waiting? Only the hub knows now.
                self.counts_uncertain = True
        if prior is not None and prior[1] == "waiting" and self._waiting.get(prior[0], 0) > 0:
            self._waiting[prior[0]] -= 1
        if ticket.status == "waiting":
            self._waiting[ticket.service] = self._waiting.get(ticket.service, 0) + 1
        self._tickets[ticket.id] = (ticket.service, ticket.status)


Listener = Callable[[BoardView], None]


class HallBoard:
    """The board's model fed by the hub's event stream, speaking live calls.

    Args:
        connection: the hub (``core.hub``).
        announcer: speaks each live call (chime + sentence twice, queued); None = silent.
        clock: seconds since the epoch; tests pass a fake.

    Thread: ``start``/``stop``/``view`` from any thread; listeners run on the stream's
    thread (a Qt screen hops to its GUI thread with a signal).
    """

    def __init__(
        self,
        connection: HubConnection,
        announcer: CallAnnouncer | None = None,
        clock: Clock = time.time,
        *,
        model: BoardModel | None = None,
    ) -> None:
        self.connection = connection
        self.announcer = announcer
        self.clock = clock
        self.model = model or BoardModel(clock())
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._stream: EventStream | None = None
        self._services_known = False
        self._resynced_at = clock()

    def listen(self, listener: Listener) -> None:
        """Call ``listener(view)`` after every change (on the stream's thread)."""
        self._listeners.append(listener)

    def view(self) -> BoardView:
        """What the board shows now (the lost banner depends on the time, so ask often)."""
        with self._lock:
            return self.model.view(self.clock())

    def start(self) -> None:
        """Follow the hub's events, resuming after the last one the model applied."""
        if self._stream is not None:
            raise RuntimeError("HallBoard already started")
        self._stream = self.connection.events(
            self._on_event, self._on_state, last_event_id=self.model.seq, on_alive=self._on_alive
        )
        self._stream.start()

    def stop(self) -> None:
        """Stop following; the announcer finishes what it was saying (its owner closes it)."""
        if self._stream is not None:
            self._stream.stop()

    # ---- the stream's thread ------------------------------------------------------------------
    def _on_state(self, state: str) -> None:
        with self._lock:
            self.model.set_state(state, self.clock())
        log_event("board_hub_" + state)
        if state == "connected" and not self._services_known:
            self._fetch_services()
        self._notify()

    def _on_alive(self) -> None:
        """Every line, keep-alives included: in a quiet hall, now and then, check the
        counts and calls against the hub (a service day ends without events)."""
        now = self.clock()
        with self._lock:
            self.model.alive(now)
            due = now - self._resynced_at >= RESYNC_S and self.model.seq is not None
        if due:
            self._resynced_at = now
            self._refresh_counts()
            self._notify()

    def _on_event(self, event: QueueEvent) -> None:
        with self._lock:
            spoken = self.model.apply_event(event, self.clock())
            uncertain = self.model.counts_uncertain
        if uncertain:
            self._refresh_counts()
        for call in spoken:
            self._speak(call)
        self._notify()

    def _speak(self, call: BoardCall) -> None:
        if self.announcer is None:
            return
        from kiosk.speech import SpeechError

        try:
            self.announcer.announce(call.number, call.window)
        except SpeechError as exc:  # a number the caller cannot read: shown, not spoken
            log_event("board_call_unspoken", logging.WARNING, key=exc.key, window=call.window)

    def _fetch_services(self) -> None:
        from offline_cache.sync.errors import HubError

        client = self.connection.client()
        try:
            services = client.services()
        except HubError as exc:  # the next connection tries again
            log_event("board_services_unknown", logging.WARNING, key=exc.key)
            return
        finally:
            client.close()
        with self._lock:
            self.model.set_services([(s.code, s.name) for s in services], {s.code: s.name_en for s in services})
        self._services_known = True

    def _refresh_counts(self) -> None:
        from offline_cache.sync.errors import HubError

        client = self.connection.client()
        try:
            snapshot = client.queue()
        except HubError as exc:  # the counts stay approximate until the next try
            log_event("board_counts_stale", logging.WARNING, key=exc.key)
            return
        finally:
            client.close()
        with self._lock:
            self.model.refresh_waiting(snapshot)

    def _notify(self) -> None:
        view = self.view()
        for listener in list(self._listeners):
            try:
                listener(view)
            except Exception:  # a screen's bug must not end the stream
                log.exception("board listener failed")
