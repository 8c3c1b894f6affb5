"""``kiosk devices print-test URL``: print the test receipt on a printer at URL.

The backend follows from the URL (``drivers.registry.printer_backend_for_url`` decides):
``tcp://HOST:PORT``, ``HOST:PORT`` or a bare host / IP (port 9100) network,
``usb://VID:PID`` USB, an explicit ``file:`` URL or ``/dev/usb/lp*`` file, anything
``serial_for_url`` takes (``/dev/ttyUSB0``, ``COM3``, ``socket://``, ``spy://``) serial;
``--backend`` overrides the guess. A bare word is refused, never written as a file.

Exit status: 0 printed and confirmed by the printer (or written to a file, which
cannot confirm); 1 the printer failed or never confirmed the receipt; 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from drivers.errors import DeviceError
from launcher.terminal import safe_line

BACKENDS = ("network", "serial", "usb", "file")


def add_print_test(dsub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``print-test`` to the ``devices`` subparsers; returns its parser."""
    p = dsub.add_parser("print-test", help="print a test receipt (Chinese text, ：, ¥, QR code) on the printer at URL")
    p.add_argument(
        "url",
        help="tcp://HOST:9100 (a bare HOST or IP means the same), /dev/ttyUSB0, COM3, "
        "socket://HOST:PORT, usb://VID:PID, or file:///dev/usb/lp0 (only a file: URL or "
        "/dev/usb/lp* writes to a file). Exit 0: printed and confirmed; 1: the printer "
        "failed or never confirmed the receipt; 2: bad arguments",
    )
    p.add_argument("--backend", choices=BACKENDS, help="override the backend guessed from URL")
    p.add_argument(
        "--encoding",
        default="gb18030",
        choices=["gb18030", "gbk", "utf-8"],
        help="the printer's text encoding (default gb18030)",
    )
    p.add_argument("--width", type=int, default=80, choices=[58, 80], help="paper width in mm")
    p.add_argument("--baud", type=int, default=9600, help="serial line speed (default 9600)")
    p.add_argument("--profile", default="default", help="python-escpos printer profile")
    p.add_argument(
        "--raster-qr", action="store_true", help="send the QR code as an image (for printers without native QR)"
    )
    p.add_argument("--png", type=Path, metavar="OUT", help="also write what was sent as a PNG")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=print_test)
    return p


def guess_backend(url: str) -> str:
    """Which printer backend a URL means: :func:`drivers.registry.printer_backend_for_url`.

    Raises:
        DeviceUnavailable: ``device.printer.bad_url`` (a bare word, a relative path).
    """
    from drivers.registry import printer_backend_for_url

    return printer_backend_for_url(url)


def print_test(args: argparse.Namespace) -> int:
    """Handler: build the printer, print ``test_receipt(now)``, report one line."""
    from drivers.printer import backends, png_render, testpage

    try:
        backend = args.backend or guess_backend(args.url)
    except DeviceError:
        print(
            safe_line(
                f"kiosk devices print-test: {args.url!r} is not a printer address; give "
                "tcp://HOST:9100 (a bare HOST or IP means that), /dev/ttyUSB0, COM3, socket://HOST:PORT, "
                "usb://VID:PID or file:///PATH (only a file: URL writes a file)"
            ),
            file=sys.stderr,
        )
        return 2
    if backend == "file":
        refusal = file_target_refusal(args.url)
        if refusal:
            print(safe_line(f"kiosk devices print-test: {refusal}"), file=sys.stderr)
            return 2
    if args.png and not _writable_folder(args.png):
        print(
            safe_line(
                f"kiosk devices print-test: cannot write the preview {args.png}: "
                f"folder {args.png.parent} does not exist or is not writable"
            ),
            file=sys.stderr,
        )
        return 2
    cls = {
        "network": backends.NetworkReceiptPrinter,
        "serial": backends.SerialReceiptPrinter,
        "usb": backends.UsbReceiptPrinter,
        "file": backends.FileReceiptPrinter,
    }[backend]
    from kiosk.hall_time import hall_now  # zoneinfo: only when printing

    receipt = testpage.test_receipt(hall_now())  # the hall's (default) time, not the machine's zone
    printer = None
    try:
        if not cls.is_usable():
            raise DeviceError("device.backend_unusable", kind="printer", backend=backend)
        printer = cls(
            args.url,
            baud=args.baud,
            encoding=args.encoding,
            profile=args.profile,
            paper_width_mm=args.width,
            native_qr=not args.raster_qr,
        )
        if args.png:
            from common.safe_write import UnsafeWrite, new_file

            try:
                with new_file(args.png, overwrite=True) as tmp:  # never onto a device node or a pipe
                    png_render.job_to_png(
                        printer.render(receipt), tmp, encoding=args.encoding, paper_width_mm=args.width
                    )
            except (OSError, UnsafeWrite) as exc:
                why = exc.reason if isinstance(exc, UnsafeWrite) else exc.strerror or type(exc).__name__
                print(
                    safe_line(f"kiosk devices print-test: cannot write the preview {args.png}: {why}"),
                    file=sys.stderr,
                )
                return 2
        result = printer.print_receipt(receipt)
        if not result.confirmed and backend != "file":
            # The job went out but the printer never answered DLE EOT: a silent port, a
            # device that is not an ESC/POS printer, or one sending garbage. A technician
            # must not read "printed" here.
            raise DeviceError("device.printer.unconfirmed", bytes_sent=result.bytes_sent)
        status = printer.status()
    except DeviceError as exc:
        _report_error(exc, args.json)
        return 2 if exc.key.endswith(".bad_url") else 1  # a wrong address is the user's input
    finally:
        if printer is not None:
            printer.close()
    out = {
        "ok": True,
        "backend": backend,
        "bytes": result.bytes_sent,
        "ms": round(result.seconds * 1000, 1),
        "confirmed": result.confirmed,
        "paper": status.paper.value,
        "png": str(args.png) if args.png else None,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        how = "confirmed" if result.confirmed else "written to the file; a file cannot confirm"
        print(
            safe_line(
                f"printed test receipt via {backend}: {out['bytes']} bytes in {out['ms']} ms"
                f" ({how}), paper {out['paper']}" + (f", preview {args.png}" if args.png else "")
            )
        )
    return 0


def file_target_refusal(url: str) -> str | None:
    """Why the file backend must not write to ``url``, or None.

    What a technician means by a file: a printer's device node (``/dev/usb/lp0``, a
    serial node: any character device), a new file to capture the bytes in, or such a
    capture made before (it starts with ESC @, the printer reset every job begins with),
    which the test page is appended to. Anything else that exists is someone's: a
    document would get ESC/POS bytes appended, a disk (block device) would be damaged, a
    pipe without a reader would hang.
    """
    import os
    import stat
    from urllib.parse import unquote, urlparse

    path = unquote(urlparse(url).path) if url.startswith("file:") else url
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None  # a new capture file
    except OSError as exc:
        return f"{path}: {exc.strerror or type(exc).__name__}"
    if stat.S_ISCHR(mode):
        return None
    if stat.S_ISDIR(mode):
        return f"{path} is a folder; give a printer device (file:///dev/usb/lp0) or a new file name"
    if not stat.S_ISREG(mode):
        return f"{path} is a disk, pipe or socket, not a printer; give a printer device (file:///dev/usb/lp0)"
    try:
        with open(path, "rb") as f:
            head = f.read(2)
    except OSError as exc:
        return f"{path}: {exc.strerror or type(exc).__name__}"
    if head == b"\x1b@":
        return None
    return (
        f"{path} exists and is not a printer capture; it was not touched: give a printer device "
        "(file:///dev/usb/lp0) or a new file name"
    )


def _writable_folder(path: Path) -> bool:
    import os

    folder = path.parent if str(path.parent) else Path(".")
    return folder.is_dir() and os.access(folder, os.W_OK)


def _report_error(exc: DeviceError, as_json: bool) -> None:
    """One line: the key and its data, then the words (never personal data)."""
    if as_json:
        print(json.dumps({"ok": False, "error": exc.key, "data": exc.data}, ensure_ascii=False, default=str))
        return
    from ui.i18n import text_in

    words = text_in("en", exc.key, **exc.data)
    line = f"error: {exc.key} {json.dumps(exc.data, ensure_ascii=False, default=str)}"
    print(safe_line(line + (f": {words}" if words else "")), file=sys.stderr)
