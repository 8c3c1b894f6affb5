"""The ``kiosk`` command and its subcommands.

Each command group lives in its own module with ``register(subparsers)``; the handler
returns an exit status. Errors a user can act on are printed as one line, exit 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk.config import ConfigError
from launcher import cmd_catalog, cmd_config, cmd_devices, cmd_run, cmd_sim

# Command modules, in the order --help lists them.
COMMANDS = [cmd_run, cmd_config, cmd_devices, cmd_catalog, cmd_sim]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Self-service kiosk, window terminal and hall board for government service halls.",
    )
    parser.add_argument("--config", metavar="PATH", help="configuration file (TOML); "
                        "default: the platform's config folder, see `kiosk config show`")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except ConfigError as exc:
        print(exc.one_line(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
