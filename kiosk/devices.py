"""Device management: one worker thread per device, health snapshots for all.

Every device call runs on its device's own thread, never the GUI thread; the screens
submit a job and get a ``Future`` (and an optional callback, delivered on the worker
thread — ``ui/bridge.py`` re-posts it to the GUI thread). Each worker probes its device
every ``probe_interval_s`` when idle, so a pulled cable shows as offline within about
one interval, and the device is rebuilt automatically when it comes back.

A job names its device by a typed handle (``devices.submit(PRINTER, lambda printer:
printer.print_receipt(r))``): mypy then knows the job gets a ``ReceiptPrinter``. A kind
given as a bare string (``"printer"``) still works, with the device untyped.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from drivers import registry
from drivers.device import Device
from drivers.errors import DeviceError, DeviceUnavailable
from drivers.health import Health, HealthState
from kiosk.config.settings import DeviceSettings
from kiosk.logs import log_event

if TYPE_CHECKING:  # the interfaces name the handles' types; no driver module is loaded for them
    from drivers.camera.base import Camera
    from drivers.id_reader.base import IdCardReader
    from drivers.printer.base import ReceiptPrinter
    from drivers.queue_bus.base import QueueBus
    from drivers.smartcard.base import SocialSecurityCardReader

T = TypeVar("T")
D = TypeVar("D", bound=Device)
DeviceFactory = Callable[[], Device]
HealthListener = Callable[[str, Health], None]


@dataclass(frozen=True)
class DeviceKind(Generic[D]):
    """A device kind and, for mypy, the interface its jobs are handed.

    Args:
        name: the kind as the configuration and the registry name it (``printer``).
        interface: ``module:Class`` of that interface, the ABC every backend of the kind
            implements (tests/unit/kiosk/test_device_kinds.py holds the registry to it).
    """

    name: str
    interface: str

    def __str__(self) -> str:
        return self.name


ID_READER: DeviceKind[IdCardReader] = DeviceKind("id_reader", "drivers.id_reader.base:IdCardReader")
SMARTCARD: DeviceKind[SocialSecurityCardReader] = DeviceKind(
    "smartcard", "drivers.smartcard.base:SocialSecurityCardReader"
)
PRINTER: DeviceKind[ReceiptPrinter] = DeviceKind("printer", "drivers.printer.base:ReceiptPrinter")
CAMERA: DeviceKind[Camera] = DeviceKind("camera", "drivers.camera.base:Camera")
QUEUE_BUS: DeviceKind[QueueBus] = DeviceKind("queue_bus", "drivers.queue_bus.base:QueueBus")
DEVICE_KINDS: tuple[DeviceKind[Any], ...] = (ID_READER, SMARTCARD, PRINTER, CAMERA, QUEUE_BUS)

_STOP = object()


class DeviceWorker:
    """Owns one device and the thread that talks to it.

    Args:
        kind: device kind (``printer``...).
        factory: builds the device; called on the worker thread, again after failures.
        probe_interval_s: how often to ask the device how it is while idle.
        on_health: called (on the worker thread) whenever the health state or key changes.
    """

    def __init__(
        self,
        kind: str,
        factory: DeviceFactory,
        *,
        probe_interval_s: float = 1.0,
        on_health: HealthListener | None = None,
    ) -> None:
        self.kind = kind
        self._factory = factory
        self._interval = probe_interval_s
        self._on_health = on_health or (lambda kind, health: None)
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._device: Device | None = None
        self._health = Health.unknown("device.starting")
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"device-{kind}", daemon=True)

    @property
    def health(self) -> Health:
        with self._lock:
            return self._health

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        if self._thread.ident is None:  # never started
            return
        self._jobs.put(_STOP)
        self._thread.join(timeout_s)

    def submit(self, job: Callable[[Device], T], callback: Callable[[Future[T]], None] | None = None) -> Future[T]:
        """Run ``job(device)`` on the worker thread; returns its Future.

        Thread: any. The job raises ``DeviceUnavailable`` through the Future when the
        device cannot be built.
        """
        fut: Future[T] = Future()
        if callback is not None:
            fut.add_done_callback(callback)
        self._jobs.put((job, fut))
        return fut

    # -- worker thread -------------------------------------------------------------------
    def _run(self) -> None:
        self._probe()
        while True:
            try:
                item = self._jobs.get(timeout=self._interval)
            except queue.Empty:
                self._probe()
                continue
            if item is _STOP:
                break
            job, fut = item
            if fut.set_running_or_notify_cancel():
                self._run_job(job, fut)
        self._close()

    def _run_job(self, job: Callable[[Device], Any], fut: Future[Any]) -> None:
        try:
            device = self._ensure_device()
            fut.set_result(job(device))
        except DeviceError as exc:
            fut.set_exception(exc)
            self._probe()  # say at once what the failure means for the device
        except Exception as exc:  # a driver bug must not kill the worker thread
            log_event("device_job_crashed", kind=self.kind, error=type(exc).__name__)
            fut.set_exception(DeviceError("device.internal_error", kind=self.kind, error=type(exc).__name__))

    def _ensure_device(self) -> Device:
        if self._device is None:
            try:
                self._device = self._factory()
            except DeviceError:
                raise
            except Exception as exc:
                raise DeviceUnavailable("device.cannot_open", kind=self.kind, error=type(exc).__name__) from exc
        return self._device

    def _probe(self) -> None:
        try:
            health = self._ensure_device().probe()
        except DeviceError as exc:
            health = Health.offline(exc.key, **exc.data)
        except Exception as exc:
            health = Health.offline("device.internal_error", error=type(exc).__name__)
        self._set_health(health)

    def _set_health(self, health: Health) -> None:
        with self._lock:
            changed = (health.state, health.key) != (self._health.state, self._health.key)
            self._health = health
        if changed:
            log_event("device_health", kind=self.kind, state=health.state.value, key=health.key)
            self._on_health(self.kind, health)

    def _close(self) -> None:
        if self._device is not None:
            try:
                self._device.close()
            except Exception:
                pass
            self._device = None


class DeviceManager:
    """All devices of the terminal, each on its own worker.

    Args:
        devices: configuration per kind; ``backend = "none"`` ones are listed as disabled.
        factory: builds a device from its settings (default: the driver registry).
    """

    def __init__(
        self,
        devices: Mapping[str, DeviceSettings],
        *,
        factory: Callable[[DeviceSettings], Device] | None = None,
        probe_interval_s: float = 1.0,
    ) -> None:
        self._build = factory or (lambda s: registry.create(s.kind, s.backend, dict(s.options)))
        self._interval = probe_interval_s
        self._listeners: list[HealthListener] = []
        self._started = False
        self.configure(devices)

    def configure(self, devices: Mapping[str, DeviceSettings]) -> None:
        """Set which devices to run (before ``start``; the demo points them at simulators
        that start after the first screen)."""
        if self._started:
            raise RuntimeError("configure() must come before start()")
        self._workers: dict[str, DeviceWorker] = {}
        self._disabled = sorted(k for k, s in devices.items() if not s.enabled)
        for kind, s in devices.items():
            if s.enabled:
                self._workers[kind] = DeviceWorker(
                    kind, partial(self._build, s), probe_interval_s=self._interval, on_health=self._notify
                )

    def add_listener(self, listener: HealthListener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        self._started = True
        for w in self._workers.values():
            w.start()

    def stop(self) -> None:
        for w in self._workers.values():
            w.stop()

    def has(self, kind: str | DeviceKind[Any]) -> bool:
        return str(kind) in self._workers

    @overload
    def submit(
        self, kind: DeviceKind[D], job: Callable[[D], T], callback: Callable[[Future[T]], None] | None = None
    ) -> Future[T]: ...

    @overload
    def submit(
        self, kind: str, job: Callable[[Any], T], callback: Callable[[Future[T]], None] | None = None
    ) -> Future[T]: ...

    def submit(
        self,
        kind: DeviceKind[Any] | str,
        job: Callable[[Any], T],
        callback: Callable[[Future[T]], None] | None = None,
    ) -> Future[T]:
        """Run ``job`` on ``kind``'s worker; with a handle (``PRINTER``) the job's device is
        typed. Thread: any.

        Raises:
            DeviceUnavailable: no such device is configured.
        """
        worker = self._workers.get(str(kind))
        if worker is None:
            raise DeviceUnavailable("device.not_configured", kind=str(kind))
        return worker.submit(job, callback)

    def health_snapshot(self) -> dict[str, Health]:
        """Every device's latest health, disabled ones included."""
        snap = {kind: w.health for kind, w in self._workers.items()}
        for kind in self._disabled:
            snap[kind] = Health(HealthState.DISABLED, "device.disabled")
        return dict(sorted(snap.items()))

    def wait_until(self, kind: str, predicate: Callable[[Health], bool], timeout_s: float) -> Health:
        """Block until ``kind``'s health satisfies ``predicate`` (for CLI checks and tests)."""
        deadline = time.monotonic() + timeout_s
        while True:
            h = self._workers[kind].health
            if predicate(h) or time.monotonic() >= deadline:
                return h
            time.sleep(0.02)

    def _notify(self, kind: str, health: Health) -> None:
        for listener in list(self._listeners):
            listener(kind, health)
