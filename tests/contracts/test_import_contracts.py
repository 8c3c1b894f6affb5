"""The architecture's import rules hold, and the contracts really catch a violation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

PACKAGES = ("kiosk", "drivers", "offline_cache", "hub", "ui", "launcher", "common")
LINT = str(Path(sys.executable).with_name("lint-imports"))


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([LINT, "--no-cache"], cwd=folder, env=env, capture_output=True, text=True, timeout=120)


def copy_tree(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(REPO / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_the_contracts() -> None:
    out = lint(REPO)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "0 broken" in out.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("kiosk/visit.py", "import PySide6.QtCore", "Qt lives only in ui/"),
        ("kiosk/core.py", "import drivers.printer.backends", "kiosk sees only driver interfaces"),
        ("drivers/registry.py", "import offline_cache", "independent"),
        ("ui/theme.py", "import drivers.sim", "never imports the simulators"),
        ("kiosk/audit.py", "import ui.theme", "Layers"),
        ("hub/queue.py", "import offline_cache.catalog", "The hub shares only offline_cache.wire"),
        ("offline_cache/wire/queue.py", "import httpx", "offline_cache.wire is stdlib only"),
        ("kiosk/visit.py", "import httpx", "httpx only in offline_cache.sync"),
        ("offline_cache/catalog/store.py", "import sqlalchemy", "FastAPI, uvicorn, SQLAlchemy"),
        ("kiosk/visit.py", "import hub.app", "Terminals never import the hub"),
        ("ui/theme.py", "import offline_cache.catalog", "Screens reach the catalog store"),
        ("ui/theme.py", "import drivers.printer.receipt", "ui sees only health snapshots"),
        ("drivers/printer/receipt.py", "import drivers.camera.codes", "Driver kinds are independent"),
        ("hub/city/platform/base.py", "import hub.city.intake", "the platform adapters and their outbox know"),
        ("hub/city/uplink.py", "import hub.city.intake", "uplink and the city's intake are independent"),
        ("common/safe_write.py", "import kiosk.visit", "Layers"),
        ("common/safe_write.py", "import hub.db", "common is a stdlib-only leaf"),
        # Holes the deny-lists of modules left open (issue 15): contracts now name layers.
        ("hub/queue.py", "import offline_cache.outbox.store", "The hub shares only offline_cache.wire"),
        ("kiosk/visit.py", "import drivers.printer.links", "kiosk sees only driver interfaces"),
        ("kiosk/visit.py", "import drivers.serial_port", "kiosk sees only driver interfaces"),
        ("offline_cache/wire/queue.py", "import offline_cache.outbox", "offline_cache.wire is stdlib only"),
        ("common/masking.py", "import PySide6.QtCore", "Qt lives only in ui/"),
        ("offline_cache/wire/queue.py", "import hub.app", "Layers of the hub"),
        ("launcher/cmd_hub_pair.py", "import launcher.cmd_hub", "No import cycle between the launcher's modules"),
    ],
)
def test_a_violation_breaks_a_contract(tmp_path: Path, module: str, line: str, contract: str) -> None:
    tree = copy_tree(tmp_path)
    target = tree / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # injected by the test\n", encoding="utf-8")
    out = lint(tree)
    assert out.returncode != 0
    assert contract in out.stdout and "BROKEN" in out.stdout
