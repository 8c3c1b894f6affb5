"""Typed device handles: ``devices.submit(PRINTER, job)`` hands the job a ReceiptPrinter.

The handle's type is a promise about the registry (every backend of the kind implements
the interface) that mypy cannot see; these tests hold the registry to it, run a job
through a handle, and show mypy refusing a job that asks a device for what its kind
cannot do.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from drivers import registry
from drivers.device import Device
from drivers.health import Health
from kiosk.config.settings import DeviceSettings
from kiosk.devices import CAMERA, DEVICE_KINDS, PRINTER, DeviceKind, DeviceManager
from tests.helpers import REPO


def interface(kind: DeviceKind) -> type:
    module, name = kind.interface.split(":")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize("kind", DEVICE_KINDS, ids=str)
def test_every_backend_of_a_kind_implements_its_handles_interface(kind: DeviceKind) -> None:
    backends = list(registry.BACKENDS[kind.name])  # without "none", the kind not fitted
    assert backends, f"no backend of {kind.name}"
    for backend in backends:
        assert issubclass(registry.backend_class(kind.name, backend), interface(kind)), (kind.name, backend)


def test_the_handles_are_the_registrys_kinds() -> None:
    assert sorted(k.name for k in DEVICE_KINDS) == sorted(registry.KINDS)


class Counter(Device):
    """A device that counts the jobs it ran and where (subclasses the real ABC)."""

    kind = "printer"

    def __init__(self) -> None:
        self.threads: list[str] = []

    def probe(self) -> Health:
        return Health.ok()

    def work(self) -> int:
        self.threads.append(threading.current_thread().name)
        return len(self.threads)


def test_a_job_given_a_handle_runs_on_that_kinds_worker() -> None:
    m = DeviceManager({"printer": DeviceSettings("printer", "test")}, factory=lambda s: Counter(), probe_interval_s=5)
    m.start()
    try:
        # The job is typed for a ReceiptPrinter; the test's device only counts.
        assert m.submit(PRINTER, lambda d: d.work()).result(timeout=5) == 1  # type: ignore[attr-defined]
        assert m.submit("printer", lambda d: d.threads).result(timeout=5) == ["device-printer"]
        assert m.has(PRINTER) and not m.has(CAMERA)
    finally:
        m.stop()


@pytest.mark.slow
@pytest.mark.xdist_group("mypy")
@pytest.mark.timeout(300)  # mypy over kiosk.devices and the driver interfaces (the session's cache)
def test_mypy_knows_the_device_a_handle_gives(tmp_path: Path, mypy_cache: Path) -> None:
    code = (
        "from concurrent.futures import Future\n"
        "from kiosk.devices import ID_READER, PRINTER, DeviceManager\n"
        "def jobs(devices: DeviceManager) -> None:\n"
        "    ok: Future[object] = devices.submit(ID_READER, lambda reader: reader.read_card(timeout_s=1))\n"
        "    devices.submit(PRINTER, lambda printer: printer.read_card(timeout_s=1))\n"
    )
    jobs = tmp_path / "jobs.py"
    jobs.write_text(code, encoding="utf-8")
    mypy = Path(sys.executable).parent / "mypy"
    out = subprocess.run(  # a file, not -c: [tool.mypy] names files, and mypy takes one or the other
        [str(mypy), "--cache-dir", str(mypy_cache), str(jobs)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and '"ReceiptPrinter" has no attribute "read_card"' in errors[0], out.stdout
