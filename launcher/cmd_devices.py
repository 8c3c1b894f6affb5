"""``kiosk devices ...``: talk to one device directly, for technicians and tests.

``register`` creates the group; each subcommand has its own small ``_add_*`` function
so that more (print-test, check) can be added without touching the others.
"""

from __future__ import annotations

import argparse
import json
import sys

from drivers.errors import DeviceError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("devices", help="try a device directly (read a card, print a test page)")
    dsub = p.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    _add_read_card(dsub)


# ---- read-card ---------------------------------------------------------------------

def _add_read_card(dsub: argparse._SubParsersAction) -> None:
    p = dsub.add_parser("read-card", help="read the ID card on a GA/T 467 reader at URL "
                        "(fields masked unless --show-personal-data)")
    p.add_argument("url", help="/dev/ttyUSB0, COM3 or socket://HOST:PORT")
    p.add_argument("--baud", type=int, default=115200, help="line speed (default 115200)")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for a card to be placed (default: one attempt)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--show-personal-data", action="store_true",
                   help="print name, number and address in clear (PIPL: only with the holder present)")
    p.set_defaults(handler=_read_card)


def _read_card(args: argparse.Namespace) -> int:
    from drivers.id_reader.serial_backend import SerialIdCardReader

    reader = SerialIdCardReader(args.url, baud=args.baud)
    try:
        card = reader.read_card(timeout_s=args.wait or None)
    except DeviceError as exc:
        _print_error(exc, args.json)
        return 1
    finally:
        reader.close()
    fields = card.full() if args.show_personal_data else card.masked()
    if args.json:
        print(json.dumps(fields, ensure_ascii=False))
    else:
        for key, value in fields.items():
            if value not in ("", None):
                print(f"{key}: {value}")
    return 0


def _print_error(exc: DeviceError, as_json: bool) -> None:
    """One line with the message key and its data (never personal data)."""
    if as_json:
        print(json.dumps({"error": exc.key, "data": exc.data}, ensure_ascii=False, default=str))
    else:
        print(f"error: {exc.key} {json.dumps(exc.data, ensure_ascii=False, default=str)}",
              file=sys.stderr)
