"""``kiosk config show|check|init``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from launcher.terminal import safe_line

# The configuration's modules are imported in the handlers: `kiosk --help` builds this
# command's parser too and must not load them.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="show, check or create the configuration file")
    csub = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    show = csub.add_parser("show", help="print the effective configuration as TOML")
    show.add_argument("--demo", action="store_true", help="show the built-in demo configuration")
    show.add_argument("--show-secrets", action="store_true", help="print the PIN and hub token too")
    show.set_defaults(handler=_show)
    check = csub.add_parser("check", help="validate a configuration file; exit 2 with one line if bad")
    check.add_argument("path", type=Path)
    check.set_defaults(handler=_check)
    init = csub.add_parser(
        "init",
        help="write a real terminal's starting configuration file to PATH "
        "(real device backends with placeholder addresses; see `kiosk config show --demo` "
        "for the demo)",
    )
    init.add_argument("path", type=Path)
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(handler=_init)


def _show(args: argparse.Namespace) -> int:
    from kiosk.config.dump import to_toml
    from launcher.resolve import settings_from_args

    settings = settings_from_args(args)
    print(f"# source: {settings.source or 'built-in demo'}")
    sys.stdout.write(to_toml(settings, hide_secrets=not args.show_secrets))
    return 0


def _check(args: argparse.Namespace) -> int:
    from kiosk.config import load
    from kiosk.config.placeholders import first_problem

    settings = load(args.path)
    problem = first_problem(settings)
    if problem is not None:  # the starting file as written, or the demo's PIN outside the demo
        problem.source = str(args.path)
        raise problem
    enabled = [k for k, d in sorted(settings.devices.items()) if d.enabled]
    print(f"{args.path}: ok (role {settings.role}, devices: {', '.join(enabled) or 'none'})")
    return 0


def _init(args: argparse.Namespace) -> int:
    from kiosk.config.loader import default_data_dir
    from kiosk.config.starting import starting_config, write_new

    write_new(args.path, starting_config(default_data_dir()), force=args.force)
    print(
        safe_line(
            f"wrote {args.path}: a real terminal's starting configuration with a technician PIN "
            "made for it (technician_pin, readable by root only); edit the lines marked EDIT, "
            "then run kiosk config check"
        )
    )
    return 0
