"""The ``kiosk`` command and its subcommands.

Each command group lives in its own module with ``register(subparsers)``; the handler
returns an exit status. Errors a user can act on are printed as one line, exit 2.
Only the module of the command being run is imported (``--help`` imports them all), so
``kiosk run`` does not pay for the others at start-up.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from kiosk.config.errors import ConfigError

# Command name -> its module, in the order --help lists them.
COMMANDS = {
    "run": "launcher.cmd_run",
    "config": "launcher.cmd_config",
    "devices": "launcher.cmd_devices",
    "catalog": "launcher.cmd_catalog",
    "sim": "launcher.cmd_sim",
    "hub": "launcher.cmd_hub",
    "speech": "launcher.cmd_speech",
    "setup": "launcher.cmd_setup",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's part of it."""
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Self-service kiosk, window terminal and hall board for government service halls.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (TOML); default: the platform's config folder, see `kiosk config show`",
    )
    parser.add_argument("--version", action=_VersionAction, nargs=0, help="show the installed release and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(sub)
    return parser


class _VersionAction(argparse.Action):
    """``--version``: the release is looked up only when asked for (reading the package
    metadata imports importlib.metadata and scans sys.path: ~30 ms on every command)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        print(f"kiosk (hall-kiosk) {product_version()}")
        parser.exit()


def product_version() -> str:
    """The release of the code running: the source tree's pyproject.toml when run from a
    checkout (read first: importing importlib.metadata and scanning every installed
    package cost ``kiosk --version`` ~0.1 s), else the installed package's metadata."""
    import re
    from pathlib import Path

    try:
        text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        text = ""
    found = re.search(r'^version = "([^"]+)"', text, re.MULTILINE)
    if found and re.search(r'^name = "hall-kiosk"', text, re.MULTILINE):
        return found.group(1)
    from importlib import metadata

    try:
        return metadata.version("hall-kiosk")
    except metadata.PackageNotFoundError:
        return "unknown"


def _command_in(argv: Sequence[str]) -> str | None:
    """The command word in ``argv`` (after any --config PATH), if it names a command."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(_command_in(argv)).parse_args(argv)
        status = int(args.handler(args) or 0)
        sys.stdout.flush()  # here, where a broken pipe is caught, not at interpreter exit
        return status
    except ConfigError as exc:
        from launcher.terminal import safe_line

        print(safe_line(exc.one_line()), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _quiet_broken_pipe()


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (``kiosk catalog search x | head``): stop
    quietly like other command-line tools. stdout is pointed at /dev/null so that
    Python's flush at exit does not print "Exception ignored ... BrokenPipeError"."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 141  # 128 + SIGPIPE, what a shell reports for a tool killed by the pipe
