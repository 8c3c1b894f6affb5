"""Write the ``kiosk(1)`` man page from the command's own argparse tree.

    .venv/bin/python tools/make_manpage.py [--out build/kiosk.1] [--version V]

Every command and sub-command (walked recursively from ``launcher.cli.build_parser``),
with its synopsis, its help line and each option's, so the page never drifts from the
program. The date is ``$SOURCE_DATE_EPOCH`` (as tools/package-deb.sh sets it) or the
last commit's, so two builds of one commit write the same page. tools/package-deb.sh
installs it as /usr/share/man/man1/kiosk.1.gz; ``man -l build/kiosk.1`` shows it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the launcher of this source tree, not an installed one

from launcher.cli import build_parser, product_version

FILES = (
    (
        "/etc/hall-kiosk/config.toml",
        "The terminal's configuration (role, hall, hub, devices), used when --config is not given.",
    ),
    ("/etc/hall-kiosk/hub.env", "The hub service's address, port, database and options (hall-kiosk-hub.service)."),
    ("~/.config/hall-kiosk/config.toml", "The user's own configuration, when there is no system one."),
    ("/var/lib/hall-kiosk/", "Data of the installed terminal and hub: offline catalog, outbox, the hub's database."),
)
ENVIRONMENT = (
    (
        "HALL_KIOSK_SYSTEM_CONFIG_DIR",
        "A folder to look in instead of /etc/hall-kiosk and $XDG_CONFIG_DIRS for config.toml and hub.env.",
    ),
    ("XDG_CONFIG_DIRS", "System configuration folders searched for hall-kiosk/config.toml (default /etc/xdg)."),
    ("HUB_DB", "The hub's database for the hub commands without --db."),
    ("KIOSK_HUB_STATUS_PASSWORD", "The password of the hub's /status page (hub serve --status-password)."),
    ("JOURNAL_STREAM", "Set by systemd: log lines then start with their journald priority."),
)


def roff(text: str) -> str:
    """``text`` safe as roff input: backslashes, hyphens, and control characters at a line's start."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in text.splitlines())


def sub_commands(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str, argparse.ArgumentParser]]:
    """(name, help, parser) of each sub-command of ``parser``, in the order --help lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                yield name, helps.get(name, ""), sub


def walk(parser: argparse.ArgumentParser, path: list[str]) -> Iterator[tuple[list[str], str, argparse.ArgumentParser]]:
    """Every command below ``parser``, depth first: (its words, its help, its parser)."""
    for name, help_text, sub in sub_commands(parser):
        yield [*path, name], help_text, sub
        yield from walk(sub, [*path, name])


def _options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a
        for a in parser._actions
        if a.help != argparse.SUPPRESS and not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction))
    ]


def _metavar(action: argparse.Action) -> str:
    if action.nargs == 0:
        return ""
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(str(c) for c in action.choices) + "}"
    return action.dest.upper() if action.option_strings else action.dest


def _form(action: argparse.Action) -> str:
    """An option as the synopsis writes it: bold flag, italic value."""
    value = _metavar(action)
    if not action.option_strings:
        word = f"\\fI{roff(value)}\\fR"
        return word + (" ..." if action.nargs in ("*", "+", argparse.REMAINDER) else "")
    flag = f"\\fB{roff(action.option_strings[-1] if action.option_strings[-1].startswith('--') else action.option_strings[0])}\\fR"
    return f"{flag} \\fI{roff(value)}\\fR" if value else flag


def synopsis(words: list[str], parser: argparse.ArgumentParser) -> str:
    parts = [f"\\fB{roff(' '.join(words))}\\fR"]
    for action in _options(parser):
        form = _form(action)
        parts.append(form if action.required or not action.option_strings else f"[{form}]")
    if any(True for _ in sub_commands(parser)):
        parts.append("\\fIACTION\\fR ...")
    return " ".join(parts)


def _help_of(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    """The option's help with argparse's %(default)s and the like filled in."""
    return parser._get_formatter()._expand_help(action) if action.help else ""


def option_items(parser: argparse.ArgumentParser) -> list[str]:
    lines = []
    for action in _options(parser):
        flags = ", ".join(f"\\fB{roff(s)}\\fR" for s in action.option_strings)
        value = _metavar(action)
        head = (f"{flags} \\fI{roff(value)}\\fR" if value else flags) if flags else f"\\fI{roff(value)}\\fR"
        lines += [".TP", head, roff(_help_of(parser, action)) or "\\&"]
    return lines


def build_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, cwd=REPO, check=False
        )
        epoch = done.stdout.strip() or "0"
    return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))


def manpage(version: str | None = None) -> str:
    """The page's roff source; ``version`` defaults to the product's."""
    parser = build_parser()
    version = version or product_version()
    lines = [
        f'.TH KIOSK 1 "{build_date()}" "hall-kiosk {roff(version)}" "User Commands"',
        ".SH NAME",
        "kiosk \\- " + roff(parser.description or "the hall-kiosk command"),
        ".SH SYNOPSIS",
        synopsis(["kiosk"], parser).replace("\\fIACTION\\fR", "\\fICOMMAND\\fR"),
        ".SH DESCRIPTION",
        roff(
            "One program for the roles of a service hall's terminal (kiosk, window, display), "
            "its hall's hub server, and the commands a technician runs to set them up and check them. "
            "Each command below prints its own help with --help."
        ),
        ".SH OPTIONS",
        *option_items(parser),
        ".SH COMMANDS",
    ]
    for words, help_text, sub in walk(parser, ["kiosk"]):
        lines += [
            f'.SS "{roff(" ".join(words[1:]))}"',
            roff(help_text) if help_text else "\\&",
            ".PP",
            synopsis(words, sub),
        ]
        if sub.description and sub.description != help_text:
            lines += [".PP", roff(sub.description)]
        lines += option_items(sub)
    lines.append(".SH FILES")
    for path, what in FILES:
        lines += [".TP", f"\\fI{roff(path)}\\fR", roff(what)]
    lines.append(".SH ENVIRONMENT")
    for name, what in ENVIRONMENT:
        lines += [".TP", f"\\fB{roff(name)}\\fR", roff(what)]
    lines += [
        ".SH EXIT STATUS",
        "0 on success; 2 for a problem the user can act on (bad input, a missing file), said in one line.",
        ".SH SEE ALSO",
        roff("/usr/share/doc/hall-kiosk/deployment.md, systemctl(1), journalctl(1)"),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args_parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args_parser.add_argument("--out", type=Path, default=REPO / "build" / "kiosk.1")
    args_parser.add_argument("--version", help="the release the page names (default: the product's)")
    args = args_parser.parse_args(argv)
    text = manpage(args.version)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
