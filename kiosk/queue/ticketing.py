"""取号 at the kiosk: the services to choose from, taking a number, printing it.

The ticket is committed at the hub first, then printed: a number that exists only on
paper would be called by nobody. ``TicketDesk`` turns every hub answer into values and
message keys the screens put into words:

    desk = TicketDesk(core.hub, core.devices, core.settings)
    desk.services()                -> [ServiceChoice]     (open or not, when it opens)
    desk.take("A", priority=None, identity=None) -> TakenTicket   (or a TicketingError)
    desk.print_ticket(taken, tr, callback)                 (on the printer's worker)

While the hub cannot be reached, ``take`` issues the next number of the kiosk's lease
(``kiosk.queue.offline``): the ticket is stored in the outbox (sent when the hub is
back, where it joins the queue by its issue time) and printed as issued offline. The
lease is topped up whenever the hub answers; with none left, ``queue.offline_exhausted``.

One person holds at most one active ticket per service; when the hub answers 409 with
that ticket, ``take`` returns it with ``already_held`` set, so the screen shows it
("您已取号 A003，前面还有 2 人") and offers to reprint it instead of an error.

The person is told apart by ``HubConnection.person_key`` (a keyed hash of the ID
number): the ID number itself never leaves the terminal, and nothing here logs it.

Hub calls block (up to the client's timeout): call them through ``submit`` from the GUI
thread, never directly.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar

from common.errors import KeyedError, key_of
from common.masking import mask_name
from drivers.errors import DeviceError
from kiosk.devices import DeviceManager
from kiosk.hall_time import DEFAULT_ZONE, hall_now
from kiosk.logs import log_event, log_fields
from kiosk.queue.connection import HubConnection
from kiosk.queue.offline import LeaseEmpty, OfflineTickets
from kiosk.queue.ticket_receipt import ticket_receipt
from kiosk.queue.tickets import (
    APPOINTMENT_PREFIXES,
    ELDER_AGE,  # noqa: F401 - re-exported: the screens ask the desk's module
    PRIORITY_CHOICES,
    Identified,
    ServiceChoice,
    TakenTicket,
    TicketingError,
    Words,
    appointment_code,
    is_elder,
    parse_time,
    service_choice,
    wait_minutes,
)

T = TypeVar("T")


class TicketDesk:
    """Taking queue numbers at this kiosk.

    Args:
        connection: the hub (``core.hub``).
        devices: the device manager (the printer, the ID reader).
        settings: the terminal's settings (the hall's name for the paper).
        clock: now, timezone-aware (tests pass a fixed one).
        offline: the leases and offline tickets: True (default) opens them on the outbox
            in ``settings.data_dir`` at first need; False: no tickets while the hub is away.

    Thread: ``services``, ``take``, ``check_in`` block on the hub: run them with
    ``submit``; the rest is quick and may run on any thread.
    """

    def __init__(
        self,
        connection: HubConnection,
        devices: DeviceManager,
        settings: Any,
        *,
        clock: Callable[[], dt.datetime] | None = None,
        timeout_s: float = 4.0,
        offline: OfflineTickets | bool = True,
    ) -> None:
        self.connection = connection
        self.devices = devices
        self.settings = settings
        # The hall's time, whatever zone this machine is set to (offline tickets read as online ones).
        zone = getattr(getattr(settings, "hall", None), "timezone", DEFAULT_ZONE)
        self._clock = clock or (lambda: hall_now(zone))
        self._timeout_s = timeout_s
        self._names: dict[str, str] = {}
        self._names_en: dict[str, str] = {}  # the hall file's English names, for English tickets
        self._lock = threading.Lock()
        self._client: Any = None
        self._codes: Any = None  # the camera's code reader, made on the camera's thread
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ticket-desk")
        # Tickets whose paper did not come out, by ticket id: a reprint needs only these
        # (kept with the ticket in this desk; ``ticket_print_failed`` is in the log).
        self.unprinted: dict[str, TakenTicket] = {}
        self._offline = offline if isinstance(offline, OfflineTickets) else None
        self._offline_own = offline is True

    # ---- running off the GUI thread -----------------------------------------------------
    def submit(self, job: Callable[[TicketDesk], T], callback: Callable[[Future[T]], None] | None = None) -> Future[T]:
        """Run ``job(desk)`` on the desk's own thread (one at a time: a second tap waits)."""
        fut = self._pool.submit(job, self)
        if callback is not None:
            fut.add_done_callback(callback)
        return fut

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
            if self._offline is not None and self._offline_own:
                self._offline.close()
                self._offline = None

    def offline(self) -> OfflineTickets | None:
        """The leases (opened on the terminal's outbox at first need; None when it cannot
        be opened: then no ticket is issued while the hub is away)."""
        with self._lock:
            if self._offline is None and self._offline_own:
                from offline_cache.outbox import StorageError

                data_dir = getattr(self.settings, "data_dir", None)
                if data_dir is None:
                    return None
                try:
                    self._offline = OfflineTickets.open(data_dir, clock=lambda: self._clock().timestamp())
                except StorageError as exc:
                    log_event("ticket_leases_unavailable", key=exc.key)
                    self._offline_own = False  # do not try on every tap
            return self._offline

    def _hub(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = self.connection.client(timeout_s=self._timeout_s)
            return self._client

    # ---- the hub --------------------------------------------------------------------------
    def services(self) -> list[ServiceChoice]:
        """The hall's services, open or not; the ones last seen when the hub is away (and
        the kiosk holds leases). Tops the leases of open services up. Raises TicketingError."""
        now = self._clock()
        offline = self.offline()
        try:
            answer = self._call(lambda hub: hub.services())
        except TicketingError as exc:
            known = offline.known_services() if offline is not None and exc.key == "queue.hub_unreachable" else []
            if not known:
                raise
            out = [
                service_choice(
                    s["code"], s["prefix"], s["name"], bool(s["open_now"]), None, now, str(s.get("name_en", ""))
                )
                for s in known
            ]
            self._names = {s.code: s.name for s in out}
            self._names_en = {s.code: s.name_en for s in out if s.name_en}
            return out
        out = [service_choice(s.code, s.prefix, s.name, s.open_now, s.opens_at, now, s.name_en) for s in answer]
        self._names = {s.code: s.name for s in out}
        self._names_en = {s.code: s.name_en for s in out if s.name_en}
        if offline is not None:
            offline.remember_services(
                [
                    {"code": s.code, "prefix": s.prefix, "name": s.name, "name_en": s.name_en, "open_now": s.open_now}
                    for s in answer
                ]
            )
            self.top_up([s.code for s in answer if s.open_now])
        return out

    def top_up(self, services: list[str]) -> int:
        """Lease more numbers of ``services`` where few are left (quietly nothing when the
        hub does not answer); how many leases were added."""
        offline = self.offline()
        if offline is None:
            return 0
        try:
            return offline.top_up(self._hub(), services)
        except Exception as exc:  # storage trouble: online tickets must still work
            log_event("ticket_lease_top_up_failed", reason=key_of(exc, default=type(exc).__name__))
            return 0

    def identify(self, card: Any) -> Identified:
        """What the ticket screen keeps of an ID card: the person key (never the number),
        the masked name, and whether the birth date suggests 长者 priority."""
        birth = getattr(card, "birth", None)
        elder = isinstance(birth, dt.date) and is_elder(birth, self._clock().date())
        return Identified(self.connection.person_key(card.id_number), mask_name(card.name), elder)

    def take(self, service: str, priority: str | None = None, identity: Identified | None = None) -> TakenTicket:
        """A number for ``service``, committed at the hub; the person's active ticket
        (``already_held``) when they hold one.

        Raises:
            TicketingError: hub unreachable, service closed or unknown, not authorised.
            ValueError: ``priority`` is not one of ``PRIORITY_CHOICES``.
        """
        if priority is not None and priority not in PRIORITY_CHOICES:
            raise ValueError(f"priority {priority!r} is not one of {', '.join(PRIORITY_CHOICES)}")
        from offline_cache.sync.errors import TicketExists

        person = identity.person_key if identity is not None else None
        try:
            ticket = self._call(
                lambda hub: hub.issue_ticket(service, priority=priority, person=person), passthrough=(TicketExists,)
            )
        except TicketExists as exc:
            held = self._taken(exc.ticket, already_held=True)
            log_event("ticket_already_held", number=held.number, service=held.service)
            return held
        except TicketingError as exc:
            if exc.key != "queue.hub_unreachable" or self.offline() is None:
                raise
            return self._take_offline(service, priority, person, exc)
        taken = self._taken(ticket)
        self.top_up([service])
        log_event(
            "ticket_taken",
            number=taken.number,
            service=taken.service,
            ahead=taken.ahead,
            priority=taken.priority or "",
            person=person is not None,
        )
        return taken

    def _take_offline(
        self, service: str, priority: str | None, person: str | None, away: TicketingError
    ) -> TakenTicket:
        """A number from the lease while the hub is away (its record in the outbox)."""
        from offline_cache.outbox import StorageError

        offline = self.offline()
        assert offline is not None
        if person is not None:
            held = offline.held(person, service)
            if held is not None:
                log_event("ticket_already_held", number=held.number, service=service, offline=True)
                return self._offline_taken(held.record_id, held.number, service, held.issued_at, None, True)
        try:
            issued = offline.issue(service, priority=priority, person=person)
        except LeaseEmpty as exc:
            log_event("ticket_offline_exhausted", service=service)
            raise TicketingError("queue.offline_exhausted") from exc
        except StorageError as exc:
            log_event("ticket_offline_failed", service=service, key=exc.key)
            raise away from exc
        log_event(
            "ticket_taken",
            number=issued.number,
            service=service,
            offline=True,
            priority=priority or "",
            person=person is not None,
        )
        return self._offline_taken(issued.record_id, issued.number, service, issued.issued_at, priority, False)

    def _offline_taken(
        self, record_id: str, number: str, service: str, at: float, priority: str | None, held: bool
    ) -> TakenTicket:
        now = self._clock()
        return TakenTicket(
            id=record_id,
            number=number,
            service=service,
            service_name=self._names.get(service, service),
            service_name_en=self._names_en.get(service, ""),
            status="waiting",
            ahead=0,
            wait_minutes=0,
            issued_at=dt.datetime.fromtimestamp(at, now.tzinfo),
            follow_url=self.follow_url(record_id),
            priority=priority,
            already_held=held,
            offline=True,
        )

    def check_in(self, code: str) -> TakenTicket:
        """Check in the appointment of a scanned QR payload (or a typed code): its ticket.

        Raises:
            TicketingError: bad code, no such appointment, used, not now, hub away.
        """
        appointment = appointment_code(code)
        ticket = self._call(lambda hub: hub.check_in(code=appointment))
        taken = self._taken(ticket)
        log_event("appointment_checked_in", number=taken.number, service=taken.service)
        return taken

    def scan_appointment(self, callback: Callable[[Future[str | None]], None] | None = None) -> Future[str | None]:
        """Grab one camera frame and look for an appointment QR code in it (on the
        camera's worker); the Future holds its payload, or None when there is none."""
        return self.devices.submit("camera", self._scan, callback)

    def _scan(self, camera: Any) -> str | None:
        """Thread: the camera's worker (the code reader is made there, once)."""
        if self._codes is None:
            from drivers.camera.codes import CodeReader

            self._codes = CodeReader(barcodes=False)
        for code in self._codes.decode(camera.read_frame()):
            if code.payload.upper().startswith(APPOINTMENT_PREFIXES):
                return code.payload
        return None

    def refresh(self, taken: TakenTicket) -> TakenTicket:
        """The ticket as the hub holds it now (people ahead change while one waits)."""
        if taken.offline:
            return taken  # the hub learns of it when the outbox sends it
        ticket = self._call(lambda hub: hub.get_ticket(taken.id))
        return replace(
            self._taken(ticket, already_held=taken.already_held),
            print_state=taken.print_state,
            print_error=taken.print_error,
            print_error_data=taken.print_error_data,
        )

    def _taken(self, ticket: Any, *, already_held: bool = False) -> TakenTicket:
        return TakenTicket(
            id=ticket.id,
            number=ticket.number,
            service=ticket.service,
            service_name=self._names.get(ticket.service, ticket.service),
            service_name_en=self._names_en.get(ticket.service, ""),
            status=ticket.status,
            ahead=ticket.ahead,
            wait_minutes=wait_minutes(ticket.estimated_wait_s),
            issued_at=parse_time(ticket.issued_at),
            follow_url=self.follow_url(ticket.id),
            priority=ticket.priority,
            already_held=already_held,
        )

    def follow_url(self, ticket_id: str) -> str:
        """The page a phone opens to follow the ticket (the hub's ``/q/{id}``)."""
        return f"{self.connection.url.rstrip('/')}/q/{ticket_id}"

    def _call(self, fn: Callable[[Any], T], passthrough: tuple[type[BaseException], ...] = ()) -> T:
        """``fn(client)``, with the hub's errors turned into TicketingError keys."""
        from offline_cache.sync.errors import (
            HubRejected,
            HubUnavailable,
            ServiceClosed,
            Unauthorized,
        )

        try:
            return fn(self._hub())
        except passthrough:
            raise
        except HubUnavailable as exc:
            log_fields(
                "queue_hub_unreachable", {"reason": exc.key, **{k: v for k, v in exc.data.items() if k != "url"}}
            )
            raise TicketingError("queue.hub_unreachable") from exc
        except ServiceClosed as exc:
            opens = parse_time(exc.opens_at)
            raise TicketingError("queue.service_closed", opens_at=f"{opens:%H:%M}" if opens else "") from exc
        except Unauthorized as exc:
            log_event("queue_not_authorised", code=exc.code)
            raise TicketingError("queue.not_authorised") from exc
        except HubRejected as exc:
            known = {
                "service.unknown": "queue.service_unknown",
                "appointment.not_found": "queue.appointment_not_found",
                "appointment.used": "queue.appointment_used",
                "appointment.not_now": "queue.appointment_not_now",
            }
            if exc.code in known:
                raise TicketingError(known[exc.code]) from exc
            log_event("queue_rejected", status=exc.status, code=exc.code)
            raise TicketingError("queue.rejected", code=exc.code) from exc

    # ---- paper ----------------------------------------------------------------------------
    def print_ticket(
        self,
        taken: TakenTicket,
        tr: Words,
        callback: Callable[[Future[TakenTicket]], None] | None = None,
        *,
        helper: str = "",
        english: bool = False,
    ) -> Future[TakenTicket]:
        """Print ``taken`` on the printer's worker; the Future holds the ticket with its
        ``print_state`` (``printed`` or ``failed`` with the error's key): it never raises
        for a printer fault, which is recorded with the ticket and in the log. ``helper``
        names the helper of an assisted visit on the ticket (帮办代办); ``english``
        prints the hall's and the service's English names (``name_en``) where given."""
        out: Future[TakenTicket] = Future()
        if callback is not None:
            out.add_done_callback(callback)
        settings_hall = getattr(self.settings, "hall", None)
        hall = getattr(settings_hall, "name", "")
        paper = taken
        if english:
            hall = getattr(settings_hall, "name_en", "") or hall
            paper = replace(taken, service_name=taken.service_name_en or taken.service_name)
        try:
            receipt = ticket_receipt(paper, hall_name=hall, now=self._clock(), tr=tr, helper=helper)
        except DeviceError as exc:  # a receipt the model refuses (ReceiptError): recorded like a fault
            out.set_result(self._print_done(taken, exc))
            return out
        if not self.devices.has("printer"):
            from kiosk.devices import DeviceUnavailable

            out.set_result(self._print_done(taken, DeviceUnavailable("device.not_configured", kind="printer")))
            return out

        def done(fut: Future) -> None:
            out.set_result(self._print_done(taken, fut.exception()))

        self.devices.submit("printer", lambda printer: printer.print_receipt(receipt), done)
        return out

    def reprint(
        self,
        taken: TakenTicket,
        tr: Words,
        callback: Callable[[Future[TakenTicket]], None] | None = None,
        *,
        helper: str = "",
        english: bool = False,
    ) -> Future[TakenTicket]:
        """Print the same ticket again (after paper came back, or a 409's ticket)."""
        log_event("ticket_reprint", number=taken.number, service=taken.service)
        return self.print_ticket(taken, tr, callback, helper=helper, english=english)

    def _print_done(self, taken: TakenTicket, exc: BaseException | None) -> TakenTicket:
        if exc is None:
            self.unprinted.pop(taken.id, None)
            log_event("ticket_printed", number=taken.number, service=taken.service)
            return replace(taken, print_state="printed", print_error=None, print_error_data={})
        key = key_of(exc, default="device.printer.error")
        data = exc.plain_data() if isinstance(exc, KeyedError) else {}
        failed = replace(taken, print_state="failed", print_error=key, print_error_data=data)
        self.unprinted[taken.id] = failed
        log_event("ticket_print_failed", number=taken.number, service=taken.service, reason=key)
        return failed
