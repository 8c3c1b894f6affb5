"""tools/make_manpage.py: kiosk(1) from the argparse tree (issue 17: no man page). The page
is rendered by groff as man(1) would, with every warning on, and must name every
command and sub-command the parser has."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from launcher.cli import build_parser
from tests.unit.packaging.tools_rig import REPO, run_tool

TOOL = REPO / "tools" / "make_manpage.py"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += [(*path, name), *_commands(sub, (*path, name))]
    return found


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("man") / "kiosk.1"
    done = run_tool(
        sys.executable, str(TOOL), "--out", str(out), "--version", "9.8.7", env={"SOURCE_DATE_EPOCH": "1796601600"}
    )
    assert done.returncode == 0, done.stderr
    return out


def _render(page: Path, *plain: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    # -k: preconv for the Chinese in some help texts; -ww: every warning groff has.
    cmd = ["groff", "-k", "-man", "-Tutf8", "-ww", *plain, str(page)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)


def _text(page: Path) -> str:
    """The page as plain text: long lines, no hyphenation, no bold, single spaces."""
    done = _render(page, "-rLL=400n", "-rHY=0", "-P-bcou")
    return re.sub(r"(?<=\S) {2,}", " ", done.stdout)


def test_the_page_renders_without_a_warning(page: Path) -> None:
    done = _render(page)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    shown = subprocess.run(
        ["man", "--warnings", "-l", str(page)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "MANPAGER": "cat"},
        timeout=60,
    )
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr


def test_every_command_and_its_options_appear(page: Path) -> None:
    text = _text(page)
    commands = _commands(build_parser())
    assert len(commands) > 40  # the whole tree, sub-sub-commands included
    for words in commands:
        assert re.search(rf"^ {{3}}{re.escape(' '.join(words))}$", text, re.M), words
        assert f"kiosk {' '.join(words)}" in text  # its synopsis
    for option in ("--config", "--terminal NAME", "--role {kiosk,window,display}", "--db URL", "--allow-shrink"):
        assert option in text


def test_files_environment_and_version(page: Path) -> None:
    source = page.read_text(encoding="utf-8")
    text = _text(page)
    assert '.TH KIOSK 1 "2026-12-07" "hall-kiosk 9.8.7"' in source  # SOURCE_DATE_EPOCH: reproducible
    assert "FILES" in text and "/etc/hall-kiosk/config.toml" in text
    assert "ENVIRONMENT" in text and "HALL_KIOSK_SYSTEM_CONFIG_DIR" in text
