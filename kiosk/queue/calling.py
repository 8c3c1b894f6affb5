"""The clerk's desk at a window: sign in, call, serve, finish, rate, lock. No Qt.

    signed out --sign_in(staff, PIN) at the hub--> free
    free --call_next--> serving(called) --recall--> serving   (LED shows the number each time)
    serving --hold--> serving(held) --resume--> serving(called)
    serving --skip | transfer(service)--> free
    serving --finish--> free + the pad asked for a rating --tap--> a 好差评 record to the hub
    free (no ticket, no case open) --idle_lock_s without touch()--> locked  [the visit is wiped]
    locked --unlock(the clerk's PIN)--> as before; 5 wrong PINs --> signed out

Who is signed in and whether the window is locked is the :class:`ClerkSession`'s
(kiosk/clerk_session.py): the desk tells it when a ticket is at the window and asks it
before every action; the lock never falls while a citizen is served.

Every hub call runs on the desk's own worker thread (never the GUI thread) and returns a
Future; listeners get a :class:`DeskView` after every change, on whatever thread made it
(a Qt UI hops to its GUI thread through a bridge signal). Errors reach the view as a
message key plus data. The LED display and the pad are asked through the device
workers: an unplugged LED or a silent pad never stops a call, the device's health
says what broke. The event stream keeps the waiting counts live and, after every
reconnect, the desk fetches its ticket and the queue again (the hub may have restarted).

``tick()`` drives time (the idle lock, the pad's polling): call it a few times a second.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from typing import Any

from kiosk import counter
from kiosk.clerk_session import MAX_UNLOCK_TRIES, ClerkSession, ClerkState, UnlockResult
from kiosk.devices import DeviceManager
from kiosk.logs import log_event
from kiosk.queue.connection import HubConnection
from kiosk.queue.desk_view import DeskError, DeskTicket, DeskView
from kiosk.queue.evaluation_record import RatedVisit, pad_evaluation
from kiosk.speech.words import CallWords
from offline_cache.sync.errors import HubError, HubUnavailable
from offline_cache.wire import Evaluation, Ticket

RATING_TIMEOUT_S = 120.0  # the pad's lamp goes off when nobody taps for this long
RATING_POLL_S = 0.4
RESYNC_S = 60.0  # the queue is fetched again this often even without events (a failed refresh, a day's end)
ACTIVE = ("called", "held")
__all__ = ["DeskError", "DeskTicket", "DeskView", "WindowDesk"]


class WindowDesk:
    """The desk of window ``window_no``.

    Args:
        connection: the hub (``core.hub``) with this window's token.
        devices: the terminal's devices (``queue_bus``: the LED display and the pad).
        window_no: this window's number (the token's window).
        clock: epoch seconds, injectable for tests (the idle lock, waited times, records).
        idle_lock_s: lock after this long without ``touch()`` (when no ``session`` is given).
        hall_code, area_code: what the 好差评 records carry.
        idle_led: the LED's text while nobody is called (the UI's words; default: the
            window's number).
        on_wipe: called when the citizen's time at the window ends and their data must
            go (finish, skip, transfer: on the desk's worker; the lock, sign-out: on the
            caller's thread). A Qt UI passes a signal's ``emit``.
        session: the signed-in clerk (``core.clerk``); a new one on ``clock`` by default.

    Thread: any; hub calls run on the desk's worker, listeners run where the change is.
    """

    def __init__(
        self,
        connection: HubConnection,
        devices: DeviceManager,
        window_no: int,
        clock: Callable[[], float] = time.time,
        *,
        idle_lock_s: float = 120.0,
        hall_code: str = "",
        area_code: str = "",
        idle_led: str = "",
        on_wipe: Callable[[], None] = lambda: None,
        session: ClerkSession | None = None,
    ) -> None:
        self.connection = connection
        self.devices = devices
        self.window_no = window_no
        self.clock = clock
        self.session = session if session is not None else ClerkSession(idle_lock_s, clock)
        self.session.attended = True  # a hub checks PINs: nothing until a clerk signs in
        self.session.listen(self._session_changed)
        self.hall_code, self.area_code = hall_code, area_code
        self.on_wipe = on_wipe
        self.idle_led = idle_led or str(window_no)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=f"window-{window_no}-desk")
        self._client = connection.client()
        self._lock = threading.RLock()
        self._listeners: list[Callable[[DeskView], None]] = []
        self._view = DeskView()
        self._ticket: Ticket | None = None
        self._rated: RatedVisit | None = None  # whose rating the pad is asked for
        self._asked_at = 0.0
        self._polling = False
        self._last_poll = 0.0
        self._last_second = 0
        self._called_seen = 0.0  # when this desk called its ticket (its clock)
        self._unsent: list[Evaluation] = []
        self._stream: Any = None
        self._refresh_queued = False
        self._refresh_services = False
        self._resynced_at = clock()

    @property
    def idle_lock_s(self) -> float:
        return self.session.idle_lock_s

    @idle_lock_s.setter
    def idle_lock_s(self, seconds: float) -> None:
        self.session.idle_lock_s = seconds

    def may(self, action: str) -> bool:
        """Whether the clerk may do ``action`` now (the session decides)."""
        return self.session.may(action)

    # ---- listening ----------------------------------------------------------------------
    def listen(self, listener: Callable[[DeskView], None]) -> None:
        self._listeners.append(listener)

    @property
    def view(self) -> DeskView:
        with self._lock:
            return self._view

    def _set(self, **changes: Any) -> None:
        with self._lock:  # listeners hear the views in the order they were made
            changes.setdefault("ticket", self._desk_ticket(self._ticket))
            self._view = view = replace(self._view, **changes)
            for listener in list(self._listeners):
                listener(view)

    def _desk_ticket(self, t: Ticket | None) -> DeskTicket | None:
        if t is None:
            return None
        # The wait in the queue on the hub's clock; the time at the window on the desk's
        # own (so a terminal whose clock is off still counts its service right).
        issued, called = _epoch(t.issued_at), _epoch(t.called_at)
        waited = (called - issued) if issued is not None and called is not None else 0.0
        return DeskTicket(
            t.id,
            t.number,
            t.service,
            self._view.service_names.get(t.service, t.service),
            t.status,
            int(max(0.0, waited)),
            int(max(0.0, self.clock() - self._called_seen)),
            t.recalls,
        )

    # ---- signing in and out ---------------------------------------------------------------
    def sign_in(self, staff: str, pin: str) -> Future:
        """Check the clerk's PIN at the hub; then follow the queue. The Future's
        exception is the hub's refusal (``hub.staff_wrong_pin`` ...)."""

        def run() -> DeskView:
            answer = self._hub(lambda c: c.sign_in(staff, pin))
            with self._lock:
                self._ticket = None
            self.session.sign_in(str(answer["staff"]), answer["name"], pin)
            self._set(
                signed_in=True,
                staff_number=str(answer["staff"]),
                staff_name=answer["name"],
                locked=False,
                message="",
                message_data={},
            )
            log_event("clerk_signed_in", window=self.window_no, staff=answer["staff"])
            try:
                self._refresh()
            except HubError:
                pass  # signed in; the event stream fetches the queue once the hub answers
            self._follow_events()
            self._show_led(None)
            return self.view

        return self._submit(run)

    def sign_out(self) -> None:
        """Forget the clerk (the ticket stays called at the hub). Thread: any."""
        self._stop_events()
        self._cancel_rating()
        with self._lock:
            self._ticket = None
        self.session.sign_out()
        self.on_wipe()
        log_event("clerk_signed_out", window=self.window_no)
        self._set(
            signed_in=False,
            staff_number="",
            staff_name="",
            locked=False,
            ticket=None,
            rating="none",
            message="",
            message_data={},
        )

    # ---- the queue --------------------------------------------------------------------------
    def call_next(self) -> Future:
        """F1 叫号: the next ticket for this window (``queue.desk.nobody_waiting`` when none)."""

        def run() -> DeskView:
            self._ready(free=True)
            self._cancel_rating()  # a new citizen: the previous one's pad question ends
            ticket = self._hub(lambda c: c.call_next(self.window_no, staff=self._view.staff_number))
            if ticket is None:
                self._set(message="queue.desk.nobody_waiting", message_data={})
                return self.view
            with self._lock:
                self._ticket, self._called_seen = ticket, self.clock()
            self.session.set_ticket(True)
            self._set(message="", message_data={}, rating="none")
            self._show_led(ticket.number)
            log_event("ticket_called", window=self.window_no, number=ticket.number)
            return self.view

        return self._submit(run)

    def recall(self) -> Future:
        """F2 重呼: call the same number again (the LED shows it again)."""
        return self._act("recall", led=True)

    def skip(self) -> Future:
        """F3 过号: the citizen did not come."""
        return self._act("skip", ends=True)

    def transfer(self, service: str) -> Future:
        """F4 转移: back to the end of ``service``'s queue with the same number."""
        return self._act("transfer", ends=True, service=service)

    def toggle_hold(self) -> Future:
        """F5 暂停/恢复: put the ticket aside, or take it up again."""
        with self._lock:
            held = self._ticket is not None and self._ticket.status == "held"
        return self._act("resume" if held else "hold")

    def finish(self) -> Future:
        """F6 办结: the ticket ends, the citizen's data is wiped, the pad asks for a rating."""

        def done(ticket: Ticket) -> None:
            self._ask_rating(ticket)

        return self._act("finish", ends=True, then=done)

    def ask_rating(self) -> None:
        """Light the pad for the citizen being served (only then). Thread: any.

        Raises:
            DeskError: ``queue.desk.no_citizen`` when nobody is being served.
        """
        with self._lock:
            ticket = self._ticket
        if ticket is None:
            raise DeskError("queue.desk.no_citizen")
        self._ask_rating(ticket)

    def refresh(self) -> Future:
        """Fetch the ticket and the queue again (after a reconnect)."""
        return self._submit(self._refresh)

    def services(self) -> dict[str, str]:
        """Service code -> name (for the transfer choice)."""
        return dict(self.view.service_names)

    # ---- time, the lock -------------------------------------------------------------------------
    def touch(self) -> None:
        """The clerk pressed a key or tapped: not idle."""
        self.session.touch()

    def tick(self) -> None:
        """Lock when idle; poll the pad; time its question out. Thread: the UI's timer."""
        now = self.clock()
        view = self.view
        if view.ticket is not None and not view.locked and int(now) != self._last_second:
            self._last_second = int(now)
            self._set()  # the ticket's times move on
        self.session.tick()  # locks a truly idle window (never while serving)
        if view.signed_in and now - self._resynced_at >= RESYNC_S:
            self._resynced_at = now  # a refresh that failed is not left standing until the next event
            self._queue_refresh(services=False)
        if self._rated is not None:
            if now - self._asked_at >= RATING_TIMEOUT_S:
                self._cancel_rating("timed_out")
            elif not self._polling and now - self._last_poll >= RATING_POLL_S:
                self._polling, self._last_poll = True, now
                try:
                    counter.poll_rating(self.devices, self._rating_polled)
                except Exception:  # the pad vanished (no queue bus any more): stop asking
                    self._polling = False
                    self._cancel_rating("unavailable")

    def lock(self) -> None:
        """Lock now: the citizen's data (the visit) is wiped, the screen shows nothing."""
        self.session.lock()

    def unlock(self, pin: str) -> bool:
        """Open the lock with the signed-in clerk's PIN (checked on the terminal: works
        without the hub). Five wrong PINs sign the clerk out."""
        result = self.session.unlock(pin)
        if result is UnlockResult.OPENED:
            self._set(locked=False, message="", message_data={})
            return True
        if result is UnlockResult.SIGNED_OUT:
            if self._view.signed_in:
                self.sign_out()
                self._set(message="queue.desk.signed_out_after_tries", message_data={"tries": MAX_UNLOCK_TRIES})
            return False
        self._set(message="queue.desk.wrong_pin", message_data={"left": self.session.tries_left})
        return False

    def _session_changed(self, state: ClerkState) -> None:
        """The session locked (idle, or on purpose): wipe the citizen, show the lock."""
        if state is ClerkState.LOCKED:
            self.on_wipe()
            log_event("window_locked", window=self.window_no)
            self._set(locked=True, message="", message_data={})

    def close(self) -> None:
        self._stop_events()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._client.close()

    # ---- inside ---------------------------------------------------------------------------------
    def _submit(self, fn: Callable[[], Any]) -> Future:
        self.touch()
        return self._pool.submit(self._guard, fn)

    def _guard(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except (HubError, DeskError) as exc:
            self._set(message=exc.key, message_data=dict(exc.data))
            raise

    def _hub(self, call: Callable[[Any], Any]) -> Any:
        """One hub call; the hub's state follows what happened."""
        try:
            result = call(self._client)
        except HubUnavailable:
            self._set(hub="offline")
            raise
        if self._view.hub != "online":
            self._set(hub="online")
        return result

    def _ready(self, *, free: bool = False) -> Ticket | None:
        if not self.session.signed_in:
            raise DeskError("queue.desk.signed_out")
        if self.session.locked:
            raise DeskError("queue.desk.locked")
        with self._lock:
            ticket = self._ticket
        if free and ticket is not None:
            raise DeskError("queue.desk.finish_first", number=ticket.number)
        if not free and ticket is None:
            raise DeskError("queue.desk.no_citizen")
        return ticket

    def _act(
        self,
        action: str,
        *,
        led: bool = False,
        ends: bool = False,
        then: Callable[[Ticket], None] | None = None,
        **body: Any,
    ) -> Future:
        def run() -> DeskView:
            ticket = self._ready()
            assert ticket is not None  # _ready() without free=True refuses an empty desk
            after = self._hub(lambda c: c.act(ticket.id, action, staff=self._view.staff_number, **body))
            with self._lock:
                self._ticket = None if ends else after
            self.session.set_ticket(not ends)
            if ends:
                self.on_wipe()  # the citizen's card data goes with the ticket
            self._set(message="", message_data={}, **({"ticket": None} if ends else {}))
            if led:
                self._show_led(after.number)
            elif ends:
                self._show_led(None)
            log_event("ticket_" + action, window=self.window_no, number=after.number)
            if then is not None:
                then(after)
            return self.view

        return self._submit(run)

    def _show_led(self, number: str | None) -> None:
        """The call on the LED display (``A001 3``), or the window's number when free.
        An unplugged display fails on its own worker; the call has happened anyway."""
        text = CallWords.of(number, self.window_no).led if number else self.idle_led
        if self.devices.has("queue_bus"):
            counter.show_on_display(self.devices, text)
        self._set(led=text)

    def _refresh(self, *, services: bool = True) -> DeskView:
        with self._lock:
            ticket = self._ticket
        if services or not self._view.service_names:
            names = {s.code: s.name for s in self._hub(lambda c: c.services())}
            self._set(service_names=names)
        snapshot = self._hub(lambda c: c.queue())
        self._set(waiting=dict(snapshot.waiting))
        if ticket is not None:
            now = self._hub(lambda c: c.get_ticket(ticket.id))
            with self._lock:  # finished or moved elsewhere meanwhile (an admin, a restart)
                self._ticket = now if now.status in ACTIVE and now.window == self.window_no else None
            self.session.set_ticket(self._ticket is not None)
            self._set(ticket=self._desk_ticket(self._ticket))
        self._send_unsent()
        return self.view

    # ---- the event stream ------------------------------------------------------------------------
    def _follow_events(self) -> None:
        if self._stream is None:
            self._stream = self.connection.events(self._on_event, self._on_stream_state)
            self._stream.start()

    def _stop_events(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop()

    def _on_stream_state(self, state: str) -> None:
        if state == "connected":  # maybe a restarted hub: fetch everything again
            self._set(hub="online")
            self._queue_refresh(services=True)
        else:
            self._set(hub="offline")

    def _on_event(self, event: Any) -> None:
        self._queue_refresh(services=False)

    def _queue_refresh(self, *, services: bool) -> None:
        """One refresh for a burst of events (they arrive faster than the hub answers)."""
        with self._lock:
            self._refresh_services = self._refresh_services or services
            if self._refresh_queued:
                return
            self._refresh_queued = True

        def run() -> None:
            with self._lock:
                self._refresh_queued = False
                full, self._refresh_services = self._refresh_services, False
            try:
                self._refresh(services=full)
            except HubError:
                pass  # the stream reconnects and asks again

        self._pool.submit(run)

    # ---- the evaluation pad -------------------------------------------------------------------------
    def _ask_rating(self, ticket: Ticket) -> None:
        if not self.devices.has("queue_bus"):
            self._set(rating="unavailable")
            return
        with self._lock:
            self._rated = rated = RatedVisit(ticket.number, ticket.id, self.window_no, self._view.staff_number)
            self._asked_at = self.clock()
        self._set(rating="asking")

        def asked(fut: Future) -> None:
            if fut.exception() is not None:  # a dead bus: stop asking; the health says why
                with self._lock:
                    if self._rated is not rated:
                        return
                    self._rated = None
                self._set(rating="unavailable")

        counter.ask_for_rating(self.devices).add_done_callback(asked)

    def _cancel_rating(self, state: str = "none") -> None:
        with self._lock:
            asked, self._rated = self._rated, None
        if asked is not None and self.devices.has("queue_bus"):
            self.devices.submit("queue_bus", lambda bus: bus.set_rate_lamp(None, False))
        if asked is not None or state != "none":
            self._set(rating=state)

    def _rating_polled(self, fut: Future) -> None:
        """On the pad's worker: a tap becomes a record sent from the desk's worker."""
        self._polling = False
        if fut.exception() is not None or fut.result() is None:
            return
        with self._lock:
            rated, self._rated = self._rated, None
        if rated is None:
            return  # asked for someone else meanwhile
        record = pad_evaluation(
            rated, fut.result(), hall_code=self.hall_code, area_code=self.area_code, at=self.clock()
        )
        self._set(rating="received")
        self._pool.submit(self._send, record)

    def _send(self, record: Evaluation) -> None:
        try:
            self._hub(lambda c: c.send_evaluation(record))
            log_event("evaluation_sent", window=self.window_no, ticket=record.ticket)
        except HubError as exc:  # kept, sent again when the hub is back (same id: once)
            with self._lock:
                self._unsent.append(record)
            log_event("evaluation_kept", window=self.window_no, error=exc.key)

    def _send_unsent(self) -> None:
        with self._lock:
            unsent, self._unsent = self._unsent, []
        for record in unsent:
            self._send(record)


def _epoch(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return None
