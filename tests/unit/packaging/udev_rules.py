"""A small reader and evaluator of udev rules: enough of udev(7) to check the shipped
rules' syntax and to play a device's add event through them (``udevadm verify`` is not
in systemd 252, and ``udevadm test`` needs the device). Keys, operators, ``GOTO``/``LABEL``,
``IMPORT{builtin}="path_id"``, shell-glob matches with ``|`` alternatives, ``$env{KEY}``."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

MATCH_KEYS = {"ACTION", "KERNEL", "SUBSYSTEM", "SUBSYSTEMS", "KERNELS", "ATTR", "ATTRS", "ENV", "TAG", "DRIVERS"}
ASSIGN_KEYS = {"SYMLINK", "GROUP", "MODE", "OWNER", "ENV", "TAG", "IMPORT", "GOTO", "LABEL", "OPTIONS", "RUN"}
_TOKEN = re.compile(r'([A-Z_]+)(?:\{([^}]*)\})?(==|!=|\+=|-=|:=|=)"((?:[^"\\]|\\.)*)"')


class RuleSyntaxError(ValueError):
    """A line udev would not read as intended."""


@dataclass(frozen=True)
class Token:
    key: str
    attr: str | None
    op: str
    value: str


@dataclass
class Device:
    """A device as udev sees it on an event: its own keys, its parents' subsystems, and
    the physical path ``path_id`` would import."""

    subsystem: str
    kernel: str
    id_path: str
    parents: tuple[str, ...] = ("usb",)
    action: str = "add"
    env: dict[str, str] = field(default_factory=dict)
    symlinks: list[str] = field(default_factory=list)
    group: str | None = None
    mode: str | None = None


def parse(text: str, where: str = "rules") -> list[list[Token]]:
    """The rules of a file, each a list of tokens; raises RuleSyntaxError."""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        tokens, pos = [], 0
        while pos < len(line):
            found = _TOKEN.match(line, pos)
            if not found:
                raise RuleSyntaxError(f"{where}:{number}: cannot read {line[pos:]!r}")
            token = Token(*found.groups())
            _check(token, f"{where}:{number}")
            tokens.append(token)
            pos = found.end()
            if pos < len(line):
                if not line.startswith(", ", pos):
                    raise RuleSyntaxError(f"{where}:{number}: expected ', ' at {line[pos:]!r}")
                pos += 2
        rules.append(tokens)
    labels = {t.value for rule in rules for t in rule if t.key == "LABEL"}
    for rule in rules:
        for t in rule:
            if t.key == "GOTO" and t.value not in labels:
                raise RuleSyntaxError(f"{where}: GOTO {t.value!r} has no LABEL")
    return rules


def _check(token: Token, where: str) -> None:
    matching = token.op in ("==", "!=")
    if matching and token.key not in MATCH_KEYS:
        raise RuleSyntaxError(f"{where}: {token.key} cannot be matched")
    if not matching and token.key not in ASSIGN_KEYS:
        raise RuleSyntaxError(f"{where}: {token.key} cannot be assigned")
    if token.key in ("ENV", "ATTR", "ATTRS", "IMPORT") and not token.attr:
        raise RuleSyntaxError(f"{where}: {token.key} needs {{NAME}}")


def _matches(pattern: str, value: str) -> bool:
    return any(fnmatch.fnmatchcase(value, alt) for alt in pattern.split("|"))


def _value_of(token: Token, device: Device) -> list[str]:
    if token.key == "ENV":
        return [device.env.get(token.attr or "", "")]
    return {
        "ACTION": [device.action],
        "KERNEL": [device.kernel],
        "SUBSYSTEM": [device.subsystem],
        "SUBSYSTEMS": [device.subsystem, *device.parents],
    }.get(token.key, [""])


def play(device: Device, *rule_files: list[list[Token]]) -> Device:
    """Run ``device``'s event through the rule files in order, as udev would."""
    for rules in rule_files:
        skip_to = None
        for rule in rules:
            if skip_to is not None:
                if any(t.key == "LABEL" and t.value == skip_to for t in rule):
                    skip_to = None
                continue
            matched = all(
                any(_matches(t.value, v) for v in _value_of(t, device)) == (t.op == "==")
                for t in rule
                if t.op in ("==", "!=")
            )
            if not matched:
                continue
            for t in rule:
                skip_to = _apply(t, device) or skip_to
    return device


def _apply(token: Token, device: Device) -> str | None:
    value = re.sub(r"\$env\{([^}]*)\}", lambda m: device.env.get(m.group(1), ""), token.value)
    if token.op in ("==", "!=") or token.key == "LABEL":
        return None
    if token.key == "GOTO":
        return value
    if token.key == "IMPORT" and token.attr == "builtin" and value == "path_id":
        device.env["ID_PATH"] = device.id_path
    elif token.key == "ENV":
        device.env[token.attr or ""] = value
    elif token.key == "SYMLINK":
        device.symlinks = [*device.symlinks, *value.split()] if token.op == "+=" else value.split()
    elif token.key == "GROUP":
        device.group = value
    elif token.key == "MODE":
        device.mode = value
    return None


def read(path: Path) -> list[list[Token]]:
    return parse(path.read_text(encoding="utf-8"), path.name)
