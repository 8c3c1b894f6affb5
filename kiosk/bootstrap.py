"""Building and starting the core: devices first, then the services that exist.

The launcher parses the command line and hands over settings plus, in demo mode, a
starter for the simulators (only the launcher may import ``drivers.sim``); everything
the terminal runs on is decided here, once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk.config import Settings
from kiosk.core import Core
from kiosk.demo import DemoDevices
from kiosk.logs import log_event, log_fields
from kiosk.queue.connection import HubConnection, HubStarter

Stopper = Callable[[], None]


def build_core(settings: Settings) -> Core:
    """The core for ``settings``: devices from the registry; services come in ``bring_up``."""
    return Core.from_settings(settings)


@dataclass
class BringUp:
    """What ``start`` began: the thread and what to stop when the terminal closes."""

    thread: threading.Thread
    stoppers: list[Stopper] = field(default_factory=list)

    def wait(self, timeout_s: float) -> None:
        self.thread.join(timeout=timeout_s)

    def stop(self) -> None:
        for stop in reversed(self.stoppers):
            stop()


def bring_up(
    core: Core,
    *,
    demo_devices: DemoDevices | None = None,
    embedded_hub: HubStarter | None = None,
    stoppers: list[Stopper] | None = None,
) -> None:
    """Start the demo simulators (demo only), the devices, the hub connection (starting
    the embedded hub when the settings ask for it), then the catalog.

    Thread: any; the bring-up thread in the terminal, the test's thread in tests.
    """
    stoppers = stoppers if stoppers is not None else []
    if demo_devices is not None:
        started = demo_devices(core.settings)
        stoppers.append(started.stop)
        core.devices.configure(started.devices)
        core.provide("demo", started.controls)
        notes: dict[str, Any] = {k.replace(" ", "_"): v for k, v in started.controls.notes.items()}
        log_event("demo_devices_started", **notes)
    core.start()
    core.provide("devices_ready", True)  # screens now greet and probe real devices
    connect_hub(core, embedded_hub, stoppers)
    load_catalog(core)
    start_cases(core, stoppers)


def start(core: Core, *, demo_devices: DemoDevices | None = None, embedded_hub: HubStarter | None = None) -> BringUp:
    """``bring_up`` on a thread of its own: the first screen paints meanwhile (the
    services' imports would otherwise hold the GIL while it does)."""
    stoppers: list[Stopper] = []

    def run() -> None:
        try:
            bring_up(core, demo_devices=demo_devices, embedded_hub=embedded_hub, stoppers=stoppers)
        except Exception as exc:  # the terminal stays up and says what failed
            log_event("bring_up_failed", error=f"{type(exc).__name__}: {exc}")

    thread = threading.Thread(target=run, name="bring-up", daemon=True)
    thread.start()
    return BringUp(thread, stoppers)


def connect_hub(core: Core, embedded_hub: HubStarter | None, stoppers: list[Stopper]) -> None:
    """Offer the hub connection: the configured URL and token, or the embedded hub."""
    hub = core.settings.hub
    if hub.url != "embedded":
        core.provide("hub", HubConnection(hub.url, hub.token, hub.person_key))
        return
    if embedded_hub is None:
        return  # a core built without a launcher (tests): no hub unless one is provided
    try:
        connection, stop = embedded_hub(core.settings)
    except Exception as exc:  # the terminal works on without the queue and says so
        log_event("embedded_hub_failed", error=f"{type(exc).__name__}: {exc}")
        return
    stoppers.append(stop)
    core.provide("hub", connection)


def load_catalog(core: Core) -> None:
    """Open the offline catalog; in demo mode, import the bundled demo catalog first
    when the database does not hold it yet. A catalog that cannot be used (read-only or
    full disk, another program's file) or is empty becomes a ``catalog_problem`` the
    screens show, and one log line with its key."""
    from kiosk.catalog.paths import DEMO_CATALOG, catalog_path, demo_source
    from kiosk.catalog.service import CatalogError, CatalogImportError, CatalogService
    from kiosk.problems import ServiceProblem

    path = catalog_path(core.settings.data_dir)
    try:
        service = CatalogService(path)  # makes the folder; a refusal changes nothing
    except CatalogError as exc:
        log_fields("catalog_unavailable", {"key": exc.key, **exc.data})
        core.provide("catalog_problem", ServiceProblem("catalog", exc.key, exc.data))
        return
    if core.settings.demo and DEMO_CATALOG.exists() and service.stats().source != demo_source():
        try:
            # The demo catalog is replaced on purpose, whatever it held before.
            counts: dict[str, Any] = service.import_file(DEMO_CATALOG, "feed", allow_shrink=True)
            log_event("demo_catalog_imported", **counts)
        except CatalogImportError as exc:
            log_event("demo_catalog_rejected", error=str(exc))
        except CatalogError as exc:  # disk full or read-only: the import changed nothing
            log_fields("demo_catalog_rejected", {"key": exc.key, **exc.data})
    if service.stats().items == 0:
        log_event("catalog_empty", path=str(path), hint="kiosk catalog import PATH")
        service.close()
        core.provide("catalog_problem", ServiceProblem.of("catalog", "catalog.missing", path=str(path)))
        return
    service.warm()  # pypinyin loads here, in the bring-up thread, not at the first search
    core.provide("catalog", service)
    log_event("service_ready", service="catalog", items=service.stats().items)


def start_cases(core: Core, stoppers: list[Stopper]) -> None:
    """Offer ``core.cases``: the outbox (under ``data_dir``) and the case desk over the
    catalog. The sync engine runs when the hub connection offers a transport that can
    push records; until then cases wait in the outbox (已保存，网络恢复后自动提交)."""
    if core.catalog is None:
        return  # nothing to apply for; the catalog problem is already on screen
    from kiosk.cases.licences import demo_e_id, demo_licences
    from kiosk.cases.service import CaseDesk
    from kiosk.sync import SyncService
    from offline_cache.outbox import StorageError

    transport: Any = core.hub.client() if core.hub is not None else None
    if transport is not None and not callable(getattr(transport, "push", None)):
        transport.close()  # this hub client cannot send records yet: cases wait in the outbox
        transport = None
    try:
        sync = SyncService(
            core.settings,
            transport=transport,
            catalog=core.catalog,
            health=lambda: {kind: h.as_dict() for kind, h in core.devices.health_snapshot().items()},
        )
    except StorageError as exc:
        log_fields("cases_unavailable", {"key": exc.key, **exc.data})
        if transport is not None:
            transport.close()
        return
    if transport is not None:
        sync.start()
        stoppers.append(transport.close)
    demo = core.settings.demo  # the hub's licence and e-ID lookups replace the demo tables
    desk = CaseDesk(
        core.catalog,
        sync,
        demo_licences if demo else (lambda _key: frozenset()),
        e_id_lookup=demo_e_id if demo else None,
        zone=core.settings.hall.timezone,
    )
    core.provide("cases", desk)
    log_event("service_ready", service="cases", sync=transport is not None)
