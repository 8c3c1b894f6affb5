"""The core the screens are given: settings, the visit (or the clerk), devices and services.

Built and filled by ``kiosk.bootstrap``, the one place where services are made; the
screens receive the core in their constructor and call its services, so a screen can be
built in a test with a core of fakes. Services arrive after the first screen (their
libraries are slow to import, most wait for the hub connection): until then the field
is ``None`` and a screen shows only what exists. Each arrival is announced as a
``Service``, typed, never by a name in a string.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.card_return import CardReturn
from kiosk.clerk_session import ClerkSession
from kiosk.config import Settings
from kiosk.devices import DeviceManager
from kiosk.ports import Ports
from kiosk.visit import Visit

if TYPE_CHECKING:
    from kiosk.assist import AssistDesk
    from kiosk.cases.service import CaseDesk
    from kiosk.catalog.notice_printer import NoticePrinter
    from kiosk.catalog.service import CatalogService
    from kiosk.demo import DemoControls
    from kiosk.guidance import VoiceGuidance
    from kiosk.guidance.headset import Headset
    from kiosk.problems import ServiceProblem
    from kiosk.queue.board import HallBoard
    from kiosk.queue.calling import WindowDesk
    from kiosk.queue.connection import HubConnection
    from kiosk.queue.ticketing import TicketDesk
    from kiosk.speech import CallAnnouncer
    from kiosk.unresolved import UnresolvedDesk


class Service(enum.Enum):
    """A service that has arrived on the core; its value is the field that holds it."""

    DEMO = "demo"
    DEVICES_READY = "devices_ready"
    HUB = "hub"
    CATALOG = "catalog"
    CATALOG_PROBLEM = "catalog_problem"
    CASES = "cases"
    ASSIST = "assist"
    GUIDANCE = "guidance"
    TICKETS = "tickets"
    WINDOW_DESK = "window_desk"
    HALL_BOARD = "hall_board"


ServiceListener = Callable[[Service], None]


@dataclass
class Core:
    settings: Settings
    visit: Visit
    devices: DeviceManager
    clerk: ClerkSession | None = None  # the window role's signed-in clerk and its lock
    card_return: CardReturn | None = None  # the kiosk's: a card left on the reader never counts again
    ports: Ports = field(default_factory=Ports)  # what only the UI can give the services
    catalog: CatalogService | None = None
    notices: NoticePrinter | None = None  # 打印一次性告知单 (arrives with the catalog)
    catalog_problem: ServiceProblem | None = None  # why there is no catalog (read-only disk, ...)
    demo: DemoControls | None = None  # demo mode: what the visitor may do to the simulators
    devices_ready: bool = False  # the devices run (in the demo: the simulators are up)
    hub: HubConnection | None = None  # where the hall's hub answers, with this terminal's token
    cases: CaseDesk | None = None  # 自助申报 / 综合受理 / 办件查询 / 好差评 (needs the catalog and the outbox)
    assist: AssistDesk | None = None  # the kiosk's 呼叫帮助 and helper mode (帮办代办)
    unresolved: UnresolvedDesk | None = None  # the kiosk's 办不成事 reports
    guidance: VoiceGuidance | None = None  # the kiosk's voice guidance (语音播报)
    headset: Headset | None = None  # the jack the guidance follows
    tickets: TicketDesk | None = None  # the kiosk's 取号 (needs the hub)
    window_desk: WindowDesk | None = None  # the window's calling desk (needs the hub)
    hall_board: HallBoard | None = None  # the display's board (needs the hub)
    announcer: CallAnnouncer | None = None  # speaks the board's calls
    stopped: bool = False  # stop() ran: its services are closed, nothing may use them
    _listeners: list[ServiceListener] = field(default_factory=list, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, devices: DeviceManager | None = None) -> Core:
        visit = Visit(timeout_s=settings.idle_timeout_s, warning_s=settings.idle_warning_s)
        # The window's lock counts the same idle time as a kiosk visit (90 s in the demo).
        clerk = ClerkSession(settings.idle_timeout_s) if settings.role == "window" else None
        card_return = CardReturn() if settings.role == "kiosk" else None
        if card_return is not None:
            visit.on_wipe(card_return.visit_ended)  # first of the wipe hooks: before any screen's
        devices = devices or DeviceManager(settings.devices)
        return cls(settings, visit, devices, clerk=clerk, card_return=card_return)

    def listen(self, listener: ServiceListener) -> None:
        """Call ``listener(service)`` whenever a service becomes available.

        Thread: the listener runs on the thread that provides the service (the bring-up
        thread); the UI passes a bridge signal's ``emit``.
        """
        self._listeners.append(listener)

    def announce(self, service: Service) -> None:
        """Tell the listeners that ``service`` (its field already set) has arrived."""
        for listener in list(self._listeners):
            listener(service)

    def start(self) -> None:
        self.devices.start()

    def stop(self) -> None:
        """End the visit, stop the devices and close every service (each once)."""
        if self.stopped:
            return
        self.stopped = True
        self.visit.end()
        if self.hall_board is not None:
            self.hall_board.stop()
        if self.announcer is not None:
            self.announcer.close(timeout=5.0)
        if self.window_desk is not None:
            self.window_desk.close()
        if self.tickets is not None:
            self.tickets.close()
        if self.guidance is not None:
            self.guidance.close()
        self.devices.stop()
        if self.cases is not None:
            self.cases.close()
        if self.catalog is not None:
            self.catalog.close()
