"""The modules mypy still skips (the ``ignore_errors`` override in pyproject.toml) are a
list that only shrinks: each module on it still has errors, and none is a whole package.

A module made clean must leave the list in the same change; otherwise it could get
dirty again unseen. This test checks the listed modules once more with the same settings
and no override, and that each still exists (mypy's ``warn_unused_configs`` only prints a
note for a section that matches nothing).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import REPO

MYPY = Path(sys.executable).parent / "mypy"


def mypy_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def ignored_modules(config: dict) -> list[str]:
    """The modules whose errors mypy drops, in the order listed."""
    return [m for o in config.get("overrides", []) if o.get("ignore_errors") for m in o["module"]]


def ini_without_overrides(config: dict) -> str:
    """[tool.mypy]'s global settings as a mypy.ini: the same check, no module skipped."""
    lines = ["[mypy]"]
    for key, value in config.items():
        if key in ("files", "overrides"):
            continue
        if isinstance(value, list):
            value = ",".join(value)
        lines.append(f"{key} = {value}")
    return "\n".join(lines) + "\n"


def module_files(module: str) -> tuple[str, ...]:
    """The paths mypy names a module's errors by (a module file or a package's
    ``__init__``)."""
    base = module.replace(".", "/")
    return (f"{base}.py", f"{base}/__init__.py")


def test_each_skipped_module_is_one_module_that_exists() -> None:
    config = mypy_config()
    packages = set(config["files"])
    for module in ignored_modules(config):
        assert "*" not in module and module not in packages, f"{module}: list modules, not a package"
        assert any((REPO / f).is_file() for f in module_files(module)), f"{module}: gone, take it off the list"


@pytest.mark.slow
@pytest.mark.xdist_group("mypy")
@pytest.mark.timeout(600)  # the listed modules and what they import (the session's mypy cache)
def test_every_skipped_module_still_has_errors(tmp_path: Path, mypy_cache: Path) -> None:
    config = mypy_config()
    ignored = ignored_modules(config)
    if not ignored:
        return  # the list is done: nothing skipped, nothing to hold
    ini = tmp_path / "mypy.ini"
    ini.write_text(ini_without_overrides(config), encoding="utf-8")
    args = [str(MYPY), "--config-file", str(ini), "--cache-dir", str(mypy_cache)]
    for module in ignored:
        args += ["-m", module]
    out = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert out.returncode in (0, 1), out.stdout[-2000:] + out.stderr[-2000:]  # 2: mypy itself failed
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    clean = [m for m in ignored if not any(line.startswith(module_files(m)) for line in errors)]
    assert not clean, f"clean now: take {clean} off the ignore list in pyproject.toml ([[tool.mypy.overrides]])"
