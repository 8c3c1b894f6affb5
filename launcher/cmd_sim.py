"""``kiosk sim``: start every device simulator and print where each one listens."""

from __future__ import annotations

import argparse
import json
import signal
import threading
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sim", help="start all device simulators and print their URLs (Ctrl-C stops)")
    p.add_argument("--folder", type=Path, help="where pty links, job PNGs and footage go (default: temporary)")
    p.add_argument(
        "--transport",
        choices=("pty", "tcp"),
        help="serial simulators on socat ptys or TCP (default: pty when socat is installed)",
    )
    p.add_argument("--insert-card", type=int, metavar="N", help="put demo ID card N on the reader at once")
    p.add_argument("--config-snippet", action="store_true", help="also print the [devices.*] TOML to use them")
    p.set_defaults(handler=_sim)


def _fail(message: str) -> int:
    import sys

    from launcher.terminal import safe_line

    print(safe_line(f"kiosk sim: {message}"), file=sys.stderr)
    return 2


def _check_folder(folder: Path) -> str | None:
    """Why ``--folder`` cannot hold the simulators' files, or None (made if missing)."""
    if folder.exists() and not folder.is_dir():
        return f"--folder {folder}: is a file, not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"--folder {folder}: cannot make this folder: {exc.strerror or type(exc).__name__}"
    return None


def _sim(args: argparse.Namespace) -> int:
    from drivers.sim.id_reader_sim import DEMO_CARDS
    from drivers.sim.suite import SimulatorSuite

    if args.insert_card is not None and not 0 <= args.insert_card < len(DEMO_CARDS):
        return _fail(f"--insert-card {args.insert_card}: give a demo card number from 0 to {len(DEMO_CARDS) - 1}")
    if args.folder is not None:
        problem = _check_folder(args.folder)
        if problem:
            return _fail(problem)

    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with SimulatorSuite(args.folder, transport=args.transport).start() as suite:
        if args.insert_card is not None:
            suite.id_reader.insert_demo(args.insert_card)
        for name, where in suite.describe():
            print(f"{name:16s} {where}", flush=True)
        if args.config_snippet:
            for kind, section in suite.device_options().items():
                print(f"\n[devices.{kind}]")
                for key, value in section.items():
                    print(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        print("simulators running; Ctrl-C stops them", flush=True)
        stop.wait()
    return 0
