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


def _sim(args: argparse.Namespace) -> int:
    from drivers.sim.suite import SimulatorSuite

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
