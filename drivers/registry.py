"""Which class implements each (kind, backend) pair, imported only when asked for.

``kiosk`` builds devices through here so that it never imports a concrete backend or
a third-party device library itself (ARCHITECTURE.md, import rules).
"""

from __future__ import annotations

import importlib
import ipaddress
import re
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


_SERIAL_PREFIXES = ("/dev/tty", "/dev/serial", "/dev/pts", "socket://", "spy://", "loop://", "rfc2217://")
_HOSTNAME = re.compile(
    r"(?i)(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)


def printer_backend_for_url(url: str) -> str:
    """Which printer backend a ``url`` means; the one place that decides.

    ``tcp://HOST:PORT``, ``HOST:PORT``, or a bare IP address (``192.168.1.50``: port
    9100, the raw-printing port) or ``localhost`` are network; a bare name
    (``printer.local``, ``out.bin``) could be a host or a file and is refused; ``usb://VID:PID`` USB; an explicit ``file:`` URL, or a printer device node
    ``/dev/usb/lp*`` or ``/dev/lp*``, file; ``COM3``, ``/dev/tty*``, ``socket://``,
    ``spy://``... serial. Anything else (a bare word, a relative path) is refused rather
    than guessed: a typo must not become a file of that name.

    Raises:
        DeviceUnavailable: key ``device.printer.bad_url``.
    """
    u = url.strip()
    if u.startswith(("tcp://", "raw://")):
        return "network"
    if u.startswith("usb://"):
        return "usb"
    if u.startswith(("file:", "/dev/usb/lp", "/dev/lp")):
        return "file"
    if re.fullmatch(r"(?i)com\d+", u) or u.startswith(_SERIAL_PREFIXES):
        return "serial"
    if re.fullmatch(r"[^:/\s]+:\d{1,5}", u):
        host, _, port = u.rpartition(":")
        if (_is_ip(host) or _HOSTNAME.fullmatch(host) or host == "localhost") and 0 < int(port) < 65536:
            return "network"
    elif _is_ip(u) or u == "localhost":
        return "network"
    raise DeviceUnavailable("device.printer.bad_url", url=url)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text[1:-1] if text.startswith("[") and text.endswith("]") else text)
    except ValueError:
        return False
    return True


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
        raise DeviceUnavailable("device.backend_missing", kind=kind, backend=backend, reason=str(exc)) from exc
    return getattr(module, class_name)


def create(kind: str, backend: str, options: dict[str, Any]) -> Device:
    """Build a device from its configuration section (``options`` without ``backend``)."""
    cls = backend_class(kind, backend)
    if not cls.is_usable():
        raise DeviceUnavailable("device.backend_unusable", kind=kind, backend=backend)
    return cls(**options)
