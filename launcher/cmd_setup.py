"""``kiosk setup``: first-run set-up of a terminal.

With a display, the full-screen wizard (``ui/setup_window.py``); ``--cli`` asks the same
questions on stdin (one answer a line; an empty line or end of input takes the default
in brackets); with ``--yes`` nothing is asked and the flags are the answers (for
scripts). The steps and their checks are ``kiosk.setup.SetupSession``'s.

    kiosk setup --cli
    kiosk setup --yes --ports /dev/ttyUSB0 --printer 192.168.1.50 --camera 0 \\
        --hub http://hub.hall:8700 --code 123456 --pin 135790 --out /etc/hall-kiosk/config.toml
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "setup",
        help="first-run set-up: find and test the devices, pair with "
        "the hub, write the configuration (wizard, or --cli on stdin)",
    )
    p.add_argument("--cli", action="store_true", help="ask on stdin instead of the wizard")
    p.add_argument("--yes", action="store_true", help="ask nothing: take the flags and defaults")
    p.add_argument(
        "--out",
        type=Path,
        metavar="PATH",
        help="where to write the configuration (default: --config PATH, else the platform's config file)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.add_argument(
        "--ports",
        nargs="+",
        metavar="PORT",
        default=[],
        help="serial ports to scan for the ID reader (default: every port listed)",
    )
    p.add_argument("--no-id-reader", action="store_true", help="this terminal has no ID reader")
    p.add_argument(
        "--printer",
        metavar="URL",
        help="printer: IP[:port], tcp://HOST:9100, "
        "/dev/usb/lp0, a serial port, or 'none' (default: the first USB printer)",
    )
    p.add_argument(
        "--smartcard",
        metavar="NAME",
        help="PC/SC reader name part, or 'none' (default: the first reader listed, if any)",
    )
    p.add_argument(
        "--camera",
        metavar="SOURCE",
        help="camera index, stream URL or file, or 'none' (default: the first /dev/video*)",
    )
    p.add_argument(
        "--hub",
        metavar="URL",
        help="the hall hub, e.g. http://192.168.1.5:8700 ('embedded' = this terminal runs its own)",
    )
    p.add_argument("--code", metavar="DIGITS", help="the 6-digit pairing code from `kiosk hub pair`")
    p.add_argument("--terminal-id", metavar="ID")
    p.add_argument("--pin", metavar="DIGITS", help="the technician PIN (4-12 digits)")
    p.add_argument("--hall-code", metavar="CODE")
    p.add_argument("--hall-name", metavar="NAME")
    p.add_argument("--area-code", metavar="DIGITS")
    p.add_argument("--data-dir", type=Path, metavar="DIR")
    p.add_argument(
        "--tests",
        choices=("ask", "all", "none"),
        default="ask",
        help="test print, card read, QR: ask (default in --cli), all, none (default with --yes)",
    )
    p.set_defaults(handler=_setup)


def has_display() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "eglfs", "linuxfb")
    )


def _out_path(args: argparse.Namespace) -> Path:
    if args.out:
        return args.out
    if args.config:
        return Path(args.config)
    from kiosk.config import default_config_path

    return default_config_path()


def _setup(args: argparse.Namespace) -> int:
    from common.safe_write import UnsafeWrite, check_target
    from launcher.terminal import safe_line

    try:  # before any question: a device node or a folder can never take the file
        check_target(_out_path(args), overwrite=True, folder_made=True)  # saving makes the folder
    except UnsafeWrite as exc:
        print(safe_line(f"kiosk setup: cannot write the configuration {exc}"), file=sys.stderr)
        return 2
    if not args.cli and not args.yes:
        if not has_display():
            print("kiosk setup: no display here; use `kiosk setup --cli` (or --yes with flags)", file=sys.stderr)
            return 2
        from launcher.setup_gui import run_wizard  # Qt is loaded only here

        return run_wizard(_out_path(args), ports=args.ports)
    from launcher.setup_cli import SetupDialogue

    return SetupDialogue(args, _out_path(args)).run()
