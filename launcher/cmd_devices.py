"""``kiosk devices ...``: talk to one device directly, for technicians and tests.

``register`` creates the group; each subcommand has its own small ``_add_*`` function
so that more (print-test, check) can be added without touching the others.
"""

from __future__ import annotations

import argparse
import json
import sys

from drivers.errors import DeviceError
from launcher.cmd_devices_print import add_print_test


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("devices", help="try a device directly (read a card, print a test page)")
    dsub = p.add_subparsers(dest="devices_command", metavar="ACTION", required=True)
    _add_read_card(dsub)
    add_print_test(dsub)
    _add_check(dsub)


# ---- read-card ---------------------------------------------------------------------


def _add_read_card(dsub: argparse._SubParsersAction) -> None:
    p = dsub.add_parser(
        "read-card", help="read the ID card on a GA/T 467 reader at URL (fields masked unless --show-personal-data)"
    )
    p.add_argument("url", help="/dev/ttyUSB0, COM3 or socket://HOST:PORT")
    p.add_argument(
        "--baud", type=int, default=115200, help="line speed (default 115200; GA/T 467 modules run at 115200 or 9600)"
    )
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for a card to be placed (default: one attempt)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--show-personal-data",
        action="store_true",
        help="print name, number and address in clear (PIPL: only with the holder present)",
    )
    p.set_defaults(handler=_read_card)


BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)


def _read_card(args: argparse.Namespace) -> int:
    from drivers.id_reader.serial_backend import SerialIdCardReader

    if args.baud not in BAUDS:
        print(
            f"kiosk devices read-card: --baud must be a standard line speed ({', '.join(map(str, BAUDS))}), "
            f"got {args.baud}",
            file=sys.stderr,
        )
        return 2
    if not 0 <= args.wait <= 600:
        print(f"kiosk devices read-card: --wait must be between 0 and 600 seconds, got {args.wait}", file=sys.stderr)
        return 2
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
        from launcher.terminal import safe_line

        print(safe_line(f"error: {exc.key} {json.dumps(exc.data, ensure_ascii=False, default=str)}"), file=sys.stderr)


# ---- check -------------------------------------------------------------------------


def _add_check(dsub: argparse._SubParsersAction) -> None:
    p = dsub.add_parser(
        "check",
        help="list the ports, readers, printers and cameras this machine sees, "
        "probe each configured device, and suggest fixes",
    )
    p.add_argument("--demo", action="store_true", help="start the simulators and check the demo devices")
    p.add_argument("--timeout", type=float, default=3.0, metavar="S", help="deadline per device (default 3 s)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--lang", choices=("zh_CN", "en"), default="zh_CN", help="language of the table")
    p.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    from drivers import discovery
    from kiosk.diagnostics import check_devices
    from launcher.resolve import settings_from_args
    from ui import i18n

    if not 0.1 <= args.timeout <= 600:  # a negative deadline aborted the process (signal 6)
        print(
            f"kiosk devices check: --timeout must be between 0.1 and 600 seconds (got {args.timeout:g})",
            file=sys.stderr,
        )
        return 2
    i18n.set_language(args.lang)
    settings = settings_from_args(argparse.Namespace(config=args.config, demo=args.demo, role=None))
    demo = None
    if args.demo:
        from dataclasses import replace

        from launcher.demo import start_demo_devices

        demo = start_demo_devices(settings)
        settings = replace(settings, devices=demo.devices)
    try:
        found = discovery.everything()
        rows = check_devices(settings, timeout_s=args.timeout)
    finally:
        if demo is not None:
            demo.stop()
    bad = [r for r in rows if r.health.state.value not in ("ok", "disabled")]
    if args.json:
        print(
            json.dumps(
                {
                    "found": [vars(f) for f in found],
                    "devices": [
                        {"kind": r.kind, "backend": r.backend, "where": r.where, **r.health.as_dict(), "fix": r.fix_key}
                        for r in rows
                    ],
                    "ok": not bad,
                },
                ensure_ascii=False,
                default=str,
            )
        )
        return 1 if bad else 0
    tr = i18n.tr
    print(tr("check.found"))
    for f in found or [discovery.Found("-", "", tr("check.none_found"))]:
        print(f"  {f.kind:8s} {f.where or '-':28s} {f.detail}")
    print()
    print(tr("check.devices"))
    for r in rows:
        state = tr(f"device.state.{r.health.state.value}")
        line = f"  {_pad(tr(f'device.kind.{r.kind}'), 28)} {r.backend:8s} {_pad(state, 8)} {tr(r.health.key, **r.health.data)}"
        if r.where:
            line += f"  [{r.where}]"
        print(line)
        if r.fix_key:
            print(f"      -> {tr(r.fix_key)}")
    return 1 if bad else 0


def _pad(text: str, columns: int) -> str:
    """Pad to ``columns`` terminal columns, counting a CJK character as two."""
    import unicodedata

    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, columns - width)
