"""Lint, format and types stay clean (ruff and mypy, settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

BIN = Path(sys.executable).parent
CODE = ["kiosk", "drivers", "offline_cache", "hub", "ui", "launcher", "common", "tests", "tools", "bench"]


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=REPO, capture_output=True, text=True, timeout=timeout)


def test_ruff_finds_nothing() -> None:
    out = run("ruff", "check", "--no-cache", *CODE)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_the_code_is_formatted() -> None:
    out = run("ruff", "format", "--check", "--no-cache", *CODE)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.xdist_group("mypy")
@pytest.mark.timeout(600)  # a whole check of every package, from an empty cache: ~25 s of a core
def test_mypy_finds_nothing(mypy_cache: Path) -> None:
    out = run("mypy", "--cache-dir", str(mypy_cache), timeout=600)  # files and options: [tool.mypy]
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
