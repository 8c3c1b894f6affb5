"""The composition root: every service of the core is built here, when its inputs exist.

The launcher parses the command line and hands over settings plus, in demo mode, a
starter for the simulators (only the launcher may import ``drivers.sim``); everything
the terminal runs on is decided here, once, and held in the core's typed fields:

    add_visit_services   the kiosk's assist and 办不成事 desks, voice guidance (no inputs but the core)
    bring_up             demo simulators, devices, then the hub, the catalog, the cases
    offer_hub            the hub connection, and what the role runs on it: the kiosk's
                         TicketDesk, the window's WindowDesk, the display's HallBoard
    offer_catalog        the catalog and its NoticePrinter (tests hand over a catalog of their own)

The UI never builds a service: it reads the core's fields and follows ``core.listen``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.core import Core, Service
from kiosk.demo import DemoDevices
from kiosk.logs import log_event, log_fields
from kiosk.queue.connection import HubConnection, HubStarter

if TYPE_CHECKING:
    from kiosk.catalog.service import CatalogService

Stopper = Callable[[], None]


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
    add_visit_services(core)
    if demo_devices is not None:
        started = demo_devices(core.settings)
        stoppers.append(started.stop)
        core.devices.configure(started.devices)
        core.demo = started.controls
        core.announce(Service.DEMO)
        notes: dict[str, Any] = {k.replace(" ", "_"): v for k, v in started.controls.notes.items()}
        log_event("demo_devices_started", **notes)
    core.start()
    core.devices_ready = True
    core.announce(Service.DEVICES_READY)  # screens now greet and probe real devices
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
        offer_hub(core, HubConnection(hub.url, hub.token, hub.person_key))
        return
    if embedded_hub is None:
        return  # a core built without a launcher (tests): no hub unless one is provided
    try:
        connection, stop = embedded_hub(core.settings)
    except Exception as exc:  # the terminal works on without the queue and says so
        log_event("embedded_hub_failed", error=f"{type(exc).__name__}: {exc}")
        return
    stoppers.append(stop)
    offer_hub(core, connection)


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
        core.catalog_problem = ServiceProblem("catalog", exc.key, exc.data)
        core.announce(Service.CATALOG_PROBLEM)
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
        core.catalog_problem = ServiceProblem.of("catalog", "catalog.missing", path=str(path))
        core.announce(Service.CATALOG_PROBLEM)
        return
    service.warm()  # pypinyin loads here, in the bring-up thread, not at the first search
    offer_catalog(core, service)
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
    core.cases = desk
    core.announce(Service.CASES)
    log_event("service_ready", service="cases", sync=transport is not None)


def offer_catalog(core: Core, catalog: CatalogService) -> None:
    """Hold ``catalog`` on the core, with the printer of its guides' notices, and announce it."""
    from kiosk.catalog.notice_printer import NoticePrinter

    ports = core.ports
    core.notices = NoticePrinter(
        core.devices, core.settings.hall, lambda: ports.text, lambda: ports.language() if ports.language else ""
    )
    core.catalog = catalog
    core.announce(Service.CATALOG)


# ---- the visit's services (the kiosk's) ---------------------------------------------------------
def add_visit_services(core: Core) -> None:
    """The kiosk's 呼叫帮助 / helper desk, its 办不成事 desk and its voice guidance.

    They need nothing but the core: what they store goes through ``core.cases`` and the
    helper's sign-in through ``core.hub``, both looked up when used (and refused with
    ``assist.unavailable`` while missing). Built once; other roles get none.

    Thread: any (the bring-up thread; a test's).
    """
    if core.settings.role != "kiosk" or core.assist is not None:
        return
    from kiosk.assist import AssistDesk
    from kiosk.unresolved import UnresolvedDesk

    hall = core.settings.hall
    core.unresolved = UnresolvedDesk(
        lambda *a, **kw: _put(core, *a, **kw), hall_code=hall.code, zone=hall.timezone, devices=core.devices
    )
    core.assist = AssistDesk(
        core.visit,
        put=lambda *a, **kw: _put(core, *a, **kw),
        sign_in=lambda staff, pin: _hub_sign_in(core, staff, pin),
        hall_code=hall.code,
    )
    core.announce(Service.ASSIST)
    _add_guidance(core)


def _put(core: Core, kind: str, body: dict[str, Any], *, personal: Any = ()) -> Any:
    """A record into the outbox, through the cases' sync (none yet: ``assist.unavailable``)."""
    from kiosk.assist import AssistError

    if core.cases is None:
        raise AssistError("assist.unavailable")
    return core.cases.sync.put_record(kind, body, personal=personal)


def _hub_sign_in(core: Core, staff: str, pin: str) -> dict[str, Any]:
    from kiosk.assist import AssistError

    if core.hub is None:
        raise AssistError("assist.unavailable")
    with core.hub.client() as client:
        result: dict[str, Any] = client.sign_in(staff, pin)
        return result


def _add_guidance(core: Core) -> None:
    """Voice guidance (语音播报) over the UI's speech engine, and the headset it follows."""
    from kiosk.guidance import GuidanceSpeaker, SilentOutput, VoiceGuidance, choose_output, make_headset

    settings = core.settings.guidance
    ports = core.ports
    core.headset = make_headset(settings.headset)
    core.guidance = VoiceGuidance(
        GuidanceSpeaker(SilentOutput()),
        enabled=settings.enabled,
        auto_on_headset=settings.auto_on_headset,
        private_without_headset=settings.private_without_headset,
        language=lambda: ports.language() if ports.language is not None else core.settings.language,
        output_for=lambda lang: choose_output(settings, ports.guidance_output, lang),
    )
    core.announce(Service.GUIDANCE)


# ---- the hub and what each role runs on it --------------------------------------------------------
def offer_hub(core: Core, connection: HubConnection) -> None:
    """Hold the hub connection, then build the role's services on it: the kiosk's
    ``TicketDesk`` (取号), the window's ``WindowDesk`` (calling), the display's
    ``HallBoard`` (started: it follows the hub's events from now on).

    Thread: any (the bring-up thread; a test's).
    """
    core.hub = connection
    core.announce(Service.HUB)
    role = core.settings.role
    if role == "kiosk" and core.tickets is None:
        from kiosk.queue.ticketing import TicketDesk

        core.tickets = TicketDesk(connection, core.devices, core.settings)
        core.announce(Service.TICKETS)
    elif role == "window" and core.window_desk is None:
        _add_window_desk(core, connection)
    elif role == "display" and core.hall_board is None:
        _add_hall_board(core, connection)


def _add_window_desk(core: Core, connection: HubConnection) -> None:
    from kiosk.clerk_session import ClerkSession
    from kiosk.queue.calling import WindowDesk

    s = core.settings
    if core.clerk is None:  # a core made for another role in a test
        core.clerk = ClerkSession(s.idle_timeout_s)
    core.window_desk = WindowDesk(
        connection,
        core.devices,
        s.hall.window_no,
        idle_lock_s=s.idle_timeout_s,
        hall_code=s.hall.code,
        area_code=s.hall.area_code,
        idle_led=core.ports.text("window.led_idle", window_no=s.hall.window_no),
        session=core.clerk,
    )
    core.announce(Service.WINDOW_DESK)


def _add_hall_board(core: Core, connection: HubConnection) -> None:
    from kiosk.queue.board import HallBoard
    from kiosk.speech import CallAnnouncer, choose_voice

    lang = core.settings.language
    voice = choose_voice(core.settings, core.ports.call_voice, lang)
    core.announcer = CallAnnouncer(voice, core.ports.player, lang=lang)
    core.hall_board = HallBoard(connection, core.announcer)
    core.hall_board.start()
    log_event("board_started", hub=connection.url)
    core.announce(Service.HALL_BOARD)
