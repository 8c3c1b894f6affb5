"""Which class implements each (kind, backend) pair, imported only when asked for.

``kiosk`` builds devices through here so that it never imports a concrete backend or
a third-party device library itself (ARCHITECTURE.md, import rules).
"""

from __future__ import annotations

import importlib
from typing import Any

from drivers.device import Device
from drivers.errors import DeviceUnavailable

# kind -> backend name -> "module:Class". Backends whose kind is not built yet are absent.
BACKENDS: dict[str, dict[str, str]] = {
    "id_reader": {
        "serial": "drivers.id_reader.serial_backend:SerialIdCardReader",
        "fake": "drivers.id_reader.fake:FakeIdCardReader",
        "vendor_sdk": "drivers.id_reader.sdk_backend:VendorSdkIdCardReader",
    },
    "smartcard": {
        "pcsc": "drivers.smartcard.pcsc_backend:PcscSocialSecurityCardReader",
        "fake": "drivers.smartcard.fake:FakeSocialSecurityCardReader",
    },
    "printer": {
        "network": "drivers.printer.backends:NetworkReceiptPrinter",
        "serial": "drivers.printer.backends:SerialReceiptPrinter",
        "usb": "drivers.printer.backends:UsbReceiptPrinter",
        "file": "drivers.printer.backends:FileReceiptPrinter",
        "fake": "drivers.printer.fake:FakeReceiptPrinter",
    },
    "camera": {
        "opencv": "drivers.camera.opencv_backend:OpenCvCamera",
        "fake": "drivers.camera.fake:FakeCamera",
    },
    "queue_bus": {
        "modbus": "drivers.queue_bus.modbus_backend:ModbusQueueBus",
        "fake": "drivers.queue_bus.fake:FakeQueueBus",
    },
}

# Backends that talk to something at an address and so need `url` in the configuration.
NEEDS_URL: dict[str, set[str]] = {
    "id_reader": {"serial"},
    "printer": {"network", "serial", "usb", "file"},
    "queue_bus": {"modbus"},
}

KINDS: tuple[str, ...] = tuple(BACKENDS)


def backend_names(kind: str) -> list[str]:
    """The backend names configurable for ``kind`` (plus ``none`` = not fitted)."""
    return [*BACKENDS.get(kind, {}), "none"]


def backend_class(kind: str, backend: str) -> type[Device]:
    """Import and return the class for ``kind``/``backend``.

    Raises:
        DeviceUnavailable: unknown pair, or its module cannot be imported here.
    """
    try:
        target = BACKENDS[kind][backend]
    except KeyError:
        raise DeviceUnavailable("device.unknown_backend", kind=kind, backend=backend) from None
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise DeviceUnavailable("device.backend_missing", kind=kind, backend=backend,
                                reason=str(exc)) from exc
    return getattr(module, class_name)


def create(kind: str, backend: str, options: dict[str, Any]) -> Device:
    """Build a device from its configuration section (``options`` without ``backend``)."""
    cls = backend_class(kind, backend)
    if not cls.is_usable():
        raise DeviceUnavailable("device.backend_unusable", kind=kind, backend=backend)
    return cls(**options)
