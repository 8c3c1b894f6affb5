"""The core the screens are given: settings, the visit (or the clerk), devices and services.

Built by ``kiosk.bootstrap`` (the launcher only parses and wires); screens receive it in
their constructor and call its services, so a screen can be built in a test with a core
of fakes. Services arrive after the first screen (their libraries are slow to import):
until then the attribute is ``None`` and a screen shows only what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.card_return import CardReturn
from kiosk.clerk_session import ClerkSession
from kiosk.config import Settings
from kiosk.devices import DeviceManager
from kiosk.visit import Visit

if TYPE_CHECKING:
    from kiosk.cases.service import CaseDesk
    from kiosk.catalog.service import CatalogService
    from kiosk.demo import DemoControls
    from kiosk.problems import ServiceProblem
    from kiosk.queue.connection import HubConnection

# The services a core can offer, by the attribute that holds each.
SERVICES = ("catalog", "catalog_problem", "demo", "devices_ready", "hub", "cases")

ServiceListener = Callable[[str], None]


@dataclass
class Core:
    settings: Settings
    visit: Visit
    devices: DeviceManager
    clerk: ClerkSession | None = None  # the window role's signed-in clerk and its lock
    card_return: CardReturn | None = None  # the kiosk's: a card left on the reader never counts again
    catalog: CatalogService | None = None
    catalog_problem: ServiceProblem | None = None  # why there is no catalog (read-only disk, ...)
    demo: DemoControls | None = None  # demo mode: what the visitor may do to the simulators
    devices_ready: bool = False  # the devices run (in the demo: the simulators are up)
    hub: HubConnection | None = None  # where the hall's hub answers, with this terminal's token
    cases: CaseDesk | None = None  # 自助申报 / 综合受理 / 办件查询 / 好差评 (needs the catalog and the outbox)
    stopped: bool = False  # stop() ran: its catalog and cases are closed, nothing may use them
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
        """Call ``listener(name)`` whenever a service becomes available.

        Thread: the listener runs on the thread that provides the service (the bring-up
        thread); the UI passes a bridge signal's ``emit``.
        """
        self._listeners.append(listener)

    def provide(self, name: str, value: object) -> None:
        """Make a service available under its attribute ``name`` and tell the listeners."""
        if name not in SERVICES:
            raise ValueError(f"unknown service {name!r} (one of {', '.join(SERVICES)})")
        setattr(self, name, value)
        for listener in list(self._listeners):
            listener(name)

    def start(self) -> None:
        self.devices.start()

    def stop(self) -> None:
        self.stopped = True
        self.visit.end()
        self.devices.stop()
        if self.cases is not None:
            self.cases.close()
        if self.catalog is not None:
            self.catalog.close()
