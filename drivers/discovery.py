"""What devices this machine can see, for ``kiosk devices check`` and the technician
screen: serial ports, PC/SC readers, printer device files, video devices. Each lister
answers quickly and never raises (a missing library or service is reported as such)."""

from __future__ import annotations

import glob
from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    kind: str  # serial | pcsc | printer | camera
    where: str  # the URL or name to put in the configuration
    detail: str = ""  # vendor/product text, or why nothing could be listed


def serial_ports() -> list[Found]:
    try:
        from serial.tools import list_ports
    except ImportError:
        return [Found("serial", "", "pyserial is not installed")]
    return [
        Found("serial", p.device, " ".join(x for x in (p.manufacturer, p.product, p.hwid) if x))
        for p in sorted(list_ports.comports(), key=lambda p: p.device)
    ]


def pcsc_readers() -> list[Found]:
    try:
        from smartcard.pcsc.PCSCExceptions import EstablishContextException, ListReadersException
        from smartcard.System import readers
    except ImportError:
        return [Found("pcsc", "", "pyscard is not installed")]
    try:
        return [Found("pcsc", str(r)) for r in readers()]
    except (EstablishContextException, ListReadersException) as exc:
        return [Found("pcsc", "", f"pcscd does not answer ({type(exc).__name__})")]


def printer_files() -> list[Found]:
    return [Found("printer", f"file://{p}", "USB printer class device") for p in sorted(glob.glob("/dev/usb/lp*"))]


def video_devices() -> list[Found]:
    return [Found("camera", p.removeprefix("/dev/video"), p) for p in sorted(glob.glob("/dev/video*"))]


def everything() -> list[Found]:
    return serial_ports() + pcsc_readers() + printer_files() + video_devices()
