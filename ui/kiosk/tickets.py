"""取号 on the kiosk: the services to take a number for, 预约签到 by QR code, the ticket
printed; the ID reader read in short waits meanwhile (a card identifies the citizen),
and after a visit until the last citizen's card is taken (``core.card_return``)."""

from __future__ import annotations

import time
from concurrent.futures import Future
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from common.errors import key_of
from kiosk.logs import log_event
from ui import i18n
from ui.i18n import error_text, tr
from ui.kiosk.room import KioskHost, Room

if TYPE_CHECKING:
    from kiosk.queue.ticketing import TicketDesk
    from ui.screens.ticket_done import TicketDoneScreen
    from ui.screens.ticket_services import TicketServicesScreen

SCAN_S = 20.0  # how long 预约签到 looks for the appointment's QR code


class TicketsRoom(Room):
    """The services screen and the ticket's screen over the core's ``TicketDesk``."""

    SCREENS = ("ticket_services", "ticket_done")

    def __init__(self, window: KioskHost) -> None:
        super().__init__(window)
        self.ticket_services: TicketServicesScreen | None = None
        self.ticket_done: TicketDoneScreen | None = None
        self._card_polling = False
        self._scan_until = 0.0
        if self.core.card_return is not None:  # reported on the GUI thread: the visit's tick, the reader's callbacks
            self.core.card_return.listen(lambda _state: self._card_return_changed())

    def wipe(self) -> None:
        if self.ticket_services is not None:
            self.ticket_services.reset()

    def desk(self) -> TicketDesk:
        desk = self.core.tickets
        assert desk is not None, "the 取号 tile shows only once the desk is there"
        return desk

    def _on_services(self) -> bool:
        return self.ticket_services is not None and self.stack.currentWidget() is self.ticket_services

    def open(self) -> None:
        """The services to take a number for; the ID reader listens meanwhile."""
        self.core.visit.begin()
        if self.ticket_services is None or self.ticket_done is None:
            from ui.screens.ticket_done import TicketDoneScreen
            from ui.screens.ticket_services import TicketServicesScreen

            services = self.ticket_services = TicketServicesScreen(can_check_in=self.core.devices.has("camera"))
            services.service_chosen.connect(self.take_ticket)
            services.check_in_requested.connect(self.scan_appointment)
            services.home_requested.connect(self.go_home)
            done = self.ticket_done = TicketDoneScreen()
            done.reprint_requested.connect(lambda: self._print_ticket(done.ticket, True))
            done.done_requested.connect(self.core.visit.end)  # done: forget this citizen
            self.stack.addWidget(services)
            self.stack.addWidget(done)
        self.ticket_services.reset()
        self.window.home_room.show_take_card()  # the last citizen's card, if still there, does not count
        self.ticket_services.show_loading()
        self.show(self.ticket_services)
        self.desk().submit(lambda desk: desk.services(), self.bridge.on_job_done(self._services_loaded))
        self.poll_card()

    def _services_loaded(self, fut: Future) -> None:
        if self.ticket_services is None:
            return  # dropped meanwhile (another language)
        exc = fut.exception()
        if exc is not None:
            self.ticket_services.set_message(error_text(exc), "offline")
            log_event("ticket_services_unavailable", reason=key_of(exc, default=type(exc).__name__))
        else:
            services = fut.result()
            self.ticket_services.show_services(services)
            log_event("ticket_services_shown", services=len(services), open=sum(s.open_now for s in services))

    # ---- the ID reader ---------------------------------------------------------------------------
    def poll_card(self) -> None:
        """Read the ID reader in short waits while the services screen shows (a card
        identifies the citizen for the ticket they take next), and after a visit until
        the reader is seen empty (the last citizen's card is asked back and never
        counts for the next one)."""
        if self._card_polling or not self.core.devices.has("id_reader"):
            return
        returning = self.core.card_return is not None and self.core.card_return.watching
        identifying = self._on_services() and "ticket_identity" not in self.core.visit.data
        if not (returning or identifying):
            return
        from kiosk.counter import read_identity

        self._card_polling = True
        # One look while checking for a card left behind; short waits while identifying.
        wait_s = 0.0 if returning else 1.0
        read_identity(self.core.devices, self.bridge.on_job_done(self._card_polled), timeout_s=wait_s)

    def _card_polled(self, fut: Future) -> None:
        self._card_polling = False
        returns = self.core.card_return
        exc = fut.exception()
        if exc is None:
            if returns is not None and not returns.observed_card():
                QTimer.singleShot(300, self.poll_card)  # the last citizen's: until it is taken
                return
            if self._on_services() and "ticket_identity" not in self.core.visit.data:
                who = self.desk().identify(fut.result())
                self.core.visit.data["ticket_identity"] = who  # wiped with the visit
                assert self.ticket_services is not None
                self.ticket_services.show_identity(who.masked_name, who.suggest_elderly)
            return
        no_card = key_of(exc, default="") == "device.id_reader.no_card"
        if no_card and returns is not None:
            returns.observed_empty()
        QTimer.singleShot(200 if no_card else 2000, self.poll_card)

    def _card_return_changed(self) -> None:
        """请取走身份证 while the last citizen's card lies on the reader; watch until it is gone."""
        self.window.home_room.show_take_card()
        self.poll_card()

    # ---- a ticket --------------------------------------------------------------------------------
    def take_ticket(self, code: str) -> None:
        screen = self.ticket_services
        assert screen is not None
        screen.set_busy(True)
        screen.set_message(tr("ticket.taking"), "unknown")
        priority, who = screen.priority, self.core.visit.data.get("ticket_identity")
        self.desk().submit(lambda desk: desk.take(code, priority, who), self.bridge.on_job_done(self._ticket_taken))

    def _ticket_taken(self, fut: Future) -> None:
        services, done = self.ticket_services, self.ticket_done
        if services is None or done is None:
            return  # dropped meanwhile (another language)
        services.set_busy(False)
        exc = fut.exception()
        if exc is not None:
            services.set_message(error_text(exc), "offline")
            self.show(services)
            return
        taken = fut.result()
        who = self.core.visit.data.get("ticket_identity")
        self.window.assist.record(
            "ticket.taken", number=taken.number, service=taken.service_name, citizen=getattr(who, "masked_name", "")
        )
        services.set_message("")
        done.show_ticket(taken)
        self.show(done)
        if not taken.already_held:  # a held ticket is reprinted only when asked
            self._print_ticket(taken)

    def _print_ticket(self, taken: Any, reprint: bool = False) -> None:
        assert self.ticket_done is not None
        self.ticket_done.show_ticket(replace(taken, print_state="printing"))
        desk = self.desk()
        (desk.reprint if reprint else desk.print_ticket)(
            taken,
            tr,
            self.bridge.on_job_done(self._ticket_printed),
            helper=self.window.assist.helper_value(),
            english=i18n.language() == "en",
        )

    def _ticket_printed(self, fut: Future) -> None:
        taken = fut.result()  # never raises: a failed print is a state of the ticket
        done = self.ticket_done
        if done is not None and done.ticket is not None and done.ticket.id == taken.id:
            done.show_ticket(taken)

    # ---- 预约签到 ----------------------------------------------------------------------------------
    def scan_appointment(self) -> None:
        """Look for an appointment QR code in front of the camera for up to ``SCAN_S``."""
        assert self.ticket_services is not None
        self.ticket_services.set_message(tr("ticket.scan_prompt"), "unknown")
        self._scan_until = time.monotonic() + SCAN_S
        self.ticket_services.check_in_button.setEnabled(False)
        self.desk().scan_appointment(self.bridge.on_job_done(self._scanned))

    def _scanned(self, fut: Future) -> None:
        services = self.ticket_services
        if services is None or not self._on_services():
            return
        exc = fut.exception()
        payload = None if exc is not None else fut.result()
        if payload is None and exc is None and time.monotonic() < self._scan_until:
            QTimer.singleShot(150, lambda: self.desk().scan_appointment(self.bridge.on_job_done(self._scanned)))
            return
        services.check_in_button.setEnabled(True)
        if exc is not None or payload is None:
            services.set_message(error_text(exc) if exc else tr("ticket.scan_none"), "offline")
            return
        services.set_busy(True)
        services.set_message(tr("ticket.taking"), "unknown")
        self.desk().submit(lambda desk: desk.check_in(payload), self.bridge.on_job_done(self._ticket_taken))
