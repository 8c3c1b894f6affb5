"""``kiosk run --role kiosk|window|display [--demo]``: start the terminal."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="start the terminal in one of its roles")
    p.add_argument(
        "--role",
        choices=("kiosk", "window", "display"),
        help="kiosk (citizens), window (clerk), display (hall board); default from config",
    )
    p.add_argument(
        "--demo", action="store_true", help="built-in demo: demo catalog, simulated devices, embedded hub, windowed"
    )
    p.add_argument("--windowed", action="store_true", help="do not go full screen")
    p.add_argument("--screenshot", metavar="PNG", help="save a screenshot of the first screen, then quit")
    p.add_argument("--log-json", action="store_true", help="log JSON lines on stderr")
    p.add_argument(
        "--on-config-error",
        choices=("exit", "screen"),
        default="exit",
        help="exit: print one line, status 2 (default); screen: show it full screen "
        "for the technician until the file changes (the kiosk session unit)",
    )
    p.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from kiosk.config import ConfigError, default_config_path  # here: `kiosk --help` builds this parser
    from launcher.resolve import settings_from_args

    if not args.demo:
        # No configuration file at all: a terminal being set up; show the set-up wizard
        # instead of ending with "no configuration" (issue 10).
        from launcher.cmd_setup import has_display

        path = Path(args.config) if args.config else default_config_path()
        if not path.exists() and has_display():  # without one: the one-line "no configuration"
            from launcher.setup_gui import run_wizard

            if run_wizard(path, fullscreen=not args.windowed) != 0:
                return 1
    try:
        settings = settings_from_args(args)
    except ConfigError as exc:
        if args.on_config_error != "screen" or args.demo:
            raise
        from launcher.app import run_config_problem

        return run_config_problem(
            exc,
            Path(args.config) if args.config else default_config_path(),
            windowed=args.windowed,
            screenshot=args.screenshot,
            log_json=args.log_json,
        )
    if args.log_json:
        settings = replace(settings, log_json=True)
    from launcher.app import run_terminal  # Qt is loaded only for this command

    return run_terminal(settings, windowed=args.windowed, screenshot=args.screenshot)
