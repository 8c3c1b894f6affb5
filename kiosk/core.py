"""The core the screens are given: settings, the visit, devices and services.

Built by the launcher (the composition root); screens receive it in their constructor
and call its services, so a screen can be built in a test with a core of fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import Settings
from kiosk.devices import DeviceManager
from kiosk.visit import Visit


@dataclass
class Core:
    settings: Settings
    visit: Visit
    devices: DeviceManager
    services: dict[str, Any] = field(default_factory=dict)  # "catalog" -> CatalogService ...
    service_listeners: list[Callable[[str], None]] = field(default_factory=list)

    @classmethod
    def from_settings(cls, settings: Settings, devices: DeviceManager | None = None) -> "Core":
        visit = Visit(timeout_s=settings.idle_timeout_s, warning_s=settings.idle_warning_s)
        return cls(settings, visit, devices or DeviceManager(settings.devices))

    def service(self, name: str) -> Any | None:
        """A service if this terminal has it (screens show only what exists)."""
        return self.services.get(name)

    def add_service(self, name: str, service: Any) -> None:
        """Make a service available (services load after the first screen; screens
        listening through ``service_listeners`` then show what it offers)."""
        self.services[name] = service
        for listener in list(self.service_listeners):
            listener(name)

    def start(self) -> None:
        self.devices.start()

    def stop(self) -> None:
        self.visit.end()
        self.devices.stop()
        for service in self.services.values():
            close = getattr(service, "close", None)
            if close is not None:
                close()
