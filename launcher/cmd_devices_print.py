"""``kiosk devices print-test URL``: print the test receipt on a printer at URL.

The backend follows from the URL: ``tcp://HOST:PORT`` or ``HOST:PORT`` network,
``usb://VID:PID`` USB, ``file:///dev/usb/lp0`` or ``/dev/usb/lp*`` file, anything
``serial_for_url`` takes (``/dev/ttyUSB0``, ``COM3``, ``socket://``, ``spy://``) serial;
``--backend`` overrides the guess.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from drivers.errors import DeviceError

BACKENDS = ("network", "serial", "usb", "file")


def add_print_test(dsub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``print-test`` to the ``devices`` subparsers; returns its parser."""
    p = dsub.add_parser("print-test", help="print a test receipt (Chinese text, ：, ¥, QR code) "
                        "on the printer at URL")
    p.add_argument("url", help="tcp://HOST:9100, /dev/ttyUSB0, COM3, socket://HOST:PORT, "
                   "file:///dev/usb/lp0 or usb://VID:PID")
    p.add_argument("--backend", choices=BACKENDS, help="override the backend guessed from URL")
    p.add_argument("--encoding", default="gb18030", choices=["gb18030", "gbk", "utf-8"],
                   help="the printer's text encoding (default gb18030)")
    p.add_argument("--width", type=int, default=80, choices=[58, 80], help="paper width in mm")
    p.add_argument("--baud", type=int, default=9600, help="serial line speed (default 9600)")
    p.add_argument("--profile", default="default", help="python-escpos printer profile")
    p.add_argument("--raster-qr", action="store_true",
                   help="send the QR code as an image (for printers without native QR)")
    p.add_argument("--png", type=Path, metavar="OUT", help="also write what was sent as a PNG")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=print_test)
    return p


def guess_backend(url: str) -> str:
    """Which printer backend a URL means (see the module docstring)."""
    u = url.strip()
    if u.startswith(("tcp://", "raw://")):
        return "network"
    if u.startswith("usb://"):
        return "usb"
    if u.startswith("file:") or u.startswith("/dev/usb/lp") or u.startswith("/dev/lp"):
        return "file"
    if re.fullmatch(r"(?i)com\d+", u) or u.startswith(("/dev/tty", "/dev/serial", "/dev/pts",
                                                      "socket://", "spy://", "loop://", "rfc2217://")):
        return "serial"
    if re.fullmatch(r"[A-Za-z0-9_.-]+:\d{1,5}", u):
        return "network"
    return "file"


def print_test(args: argparse.Namespace) -> int:
    """Handler: build the printer, print ``test_receipt(now)``, report one line."""
    from drivers.printer import backends
    from drivers.printer import png_render
    from drivers.printer import testpage

    backend = args.backend or guess_backend(args.url)
    cls = {"network": backends.NetworkReceiptPrinter, "serial": backends.SerialReceiptPrinter,
           "usb": backends.UsbReceiptPrinter, "file": backends.FileReceiptPrinter}[backend]
    receipt = testpage.test_receipt(dt.datetime.now())
    printer = None
    try:
        if not cls.is_usable():
            raise DeviceError("device.backend_unusable", kind="printer", backend=backend)
        printer = cls(args.url, baud=args.baud, encoding=args.encoding, profile=args.profile,
                      paper_width_mm=args.width, native_qr=not args.raster_qr)
        if args.png:
            png_render.job_to_png(printer.render(receipt), args.png, encoding=args.encoding,
                                  paper_width_mm=args.width)
        result = printer.print_receipt(receipt)
        status = printer.status()
    except DeviceError as exc:
        if args.json:
            print(json.dumps({"ok": False, "error": exc.key, "data": exc.data}, ensure_ascii=False,
                             default=str))
        else:
            print(f"error: {exc.key} {json.dumps(exc.data, ensure_ascii=False, default=str)}",
                  file=sys.stderr)
        return 1
    finally:
        if printer is not None:
            printer.close()
    out = {"ok": True, "backend": backend, "bytes": result.bytes_sent,
           "ms": round(result.seconds * 1000, 1), "confirmed": result.confirmed,
           "paper": status.paper.value, "png": str(args.png) if args.png else None}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"printed test receipt via {backend}: {out['bytes']} bytes in {out['ms']} ms"
              f" ({'confirmed' if result.confirmed else 'not confirmed: printer gave no status'}),"
              f" paper {out['paper']}" + (f", preview {args.png}" if args.png else ""))
    return 0
