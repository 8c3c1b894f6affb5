"""``kiosk config show|check|init``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.config import ConfigError, load
from kiosk.config.dump import to_toml
from kiosk.config.loader import demo_settings
from launcher.resolve import settings_from_args


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
    init = csub.add_parser("init", help="write a starting configuration file to PATH")
    init.add_argument("path", type=Path)
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(handler=_init)


def _show(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    print(f"# source: {settings.source or 'built-in demo'}")
    sys.stdout.write(to_toml(settings, hide_secrets=not args.show_secrets))
    return 0


def _check(args: argparse.Namespace) -> int:
    settings = load(args.path)
    enabled = [k for k, d in sorted(settings.devices.items()) if d.enabled]
    print(f"{args.path}: ok (role {settings.role}, devices: {', '.join(enabled) or 'none'})")
    return 0


def _init(args: argparse.Namespace) -> int:
    if args.path.exists() and not args.force:
        raise ConfigError("", "file exists; pass --force to overwrite", str(args.path))
    from dataclasses import replace

    text = to_toml(replace(demo_settings(), demo=False, fullscreen=True), hide_secrets=False)
    args.path.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.path.with_suffix(".tmp")
    tmp.write_text("# hall-kiosk configuration; see `kiosk config check`\n" + text, encoding="utf-8")
    tmp.replace(args.path)  # no half-written file if we are interrupted
    print(f"wrote {args.path}")
    return 0
