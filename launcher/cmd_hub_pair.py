"""``kiosk hub pair|report|followup``: pairing codes for new terminals, the day's report
for the hall manager, and marking a bad rating as followed up (回访).

Registered by ``launcher.cmd_hub`` into its ``hub`` sub-commands.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path


def register(hsub: argparse._SubParsersAction, db: argparse.ArgumentParser, guarded: Callable) -> None:
    """Add the commands; ``db`` is the ``--db`` parent, ``guarded`` the one-line-error wrapper."""
    pair = hsub.add_parser(
        "pair",
        parents=[db],
        help="a 6-digit code a new terminal exchanges once for its token (valid 10 minutes); the last line is the code",
    )
    pair.add_argument("--terminal", required=True, metavar="NAME")
    pair.add_argument("--role", required=True, choices=("kiosk", "window", "display", "admin"))
    pair.add_argument("--window", type=int, metavar="N", help="the window's number (role window)")
    from launcher.hub_admin import add_create_flag

    add_create_flag(pair)
    pair.set_defaults(handler=guarded(_pair))
    rep = hsub.add_parser(
        "report",
        parents=[db],
        help="the day's figures: tickets, waiting and service times, no-shows, ratings, bad ratings to call back",
    )
    rep.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the service day")
    rep.add_argument("--format", choices=("csv", "html"), default="csv")
    rep.add_argument("--out", type=Path, metavar="FILE", help="write here (default: stdout)")
    rep.add_argument(
        "--hall",
        type=Path,
        metavar="FILE",
        help="hall file (TOML) for service names and time zone; default: the demo hall",
    )
    rep.add_argument(
        "--scale",
        choices=("gbt39734", "reversed"),
        default="gbt39734",
        help="direction of satisfaction in the CSV: gbt39734 = 5 非常满意 (default, as stored);"
        " reversed = 1 非常满意 (GB/T 39046, some provincial interfaces)",
    )
    rep.add_argument(
        "--followup-days", type=int, default=5, metavar="N", help="working days to call back a bad rating (default 5)"
    )
    rep.set_defaults(handler=guarded(_report))
    fol = hsub.add_parser("followup", parents=[db], help="mark a bad rating as called back (回访)")
    fol.add_argument("evaluation", metavar="EVALUATION_ID")
    fol.add_argument("--note", default="", help="what was agreed (no personal data)")
    fol.set_defaults(handler=guarded(_followup))


def _fail(message: str) -> int:
    print(f"kiosk hub: {message}", file=sys.stderr)
    return 2


def _database(args: argparse.Namespace):
    from launcher.hub_admin import open_database as database

    return database(args)


def _pair(args: argparse.Namespace) -> int:
    from hub import pairing, tokens

    tokens.check_request(args.terminal, args.role, args.window)  # before the database is opened
    with _database(args) as engine:
        code, expires = pairing.create(engine, args.terminal, args.role, args.window)
    where = f" window {args.window}" if args.window else ""
    until = datetime.fromtimestamp(expires).strftime("%H:%M")
    print(
        f"pairing code for {args.terminal} ({args.role}{where}); type it at the terminal's "
        f"set-up before {until} (10 minutes), it works once:"
    )
    print(code)
    return 0


def _report(args: argparse.Namespace) -> int:
    from common.safe_write import UnsafeWrite, check_target
    from hub import report, report_html
    from hub.hall import demo_hall, load_hall
    from hub.queue import QueueRules

    hall = load_hall(args.hall) if args.hall else demo_hall()
    try:
        # The arguments first: a bad one is reported before the database is opened.
        report.check_day(args.date)
        if args.followup_days < 1:
            raise report.ReportError("--followup-days must be 1 or more")
        if args.out is not None:
            check_target(args.out, overwrite=True)
        with _database(args) as engine:
            day = report.build(engine, QueueRules(hall, time.time), args.date, followup_days=args.followup_days)
    except report.ReportError as exc:
        return _fail(str(exc))
    except UnsafeWrite as exc:
        return _fail(f"--out {exc}")
    text = report.to_csv(day, args.scale) if args.format == "csv" else report_html.render(day)
    if args.out is None:
        sys.stdout.write(text.lstrip("\ufeff"))
        return 0
    return _write(args.out, text)


def _write(path: Path, text: str) -> int:
    from common.safe_write import UnsafeWrite, write_file

    try:
        write_file(path, text, overwrite=True)
    except UnsafeWrite as exc:
        return _fail(f"--out {exc}")
    print(f"wrote {path}")
    return 0


def _followup(args: argparse.Namespace) -> int:
    from hub import report

    try:
        with _database(args) as engine:
            report.mark_followed_up(engine, args.evaluation, args.note)
    except report.ReportError as exc:
        return _fail(str(exc))
    print(f"evaluation {args.evaluation} followed up")
    return 0
