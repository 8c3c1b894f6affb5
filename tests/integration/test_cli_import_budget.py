"""Each command imports only what it runs (issue 15 start-up, issue 17 part 4): the real
``kiosk`` runs as a subprocess with Python's import log on (``PYTHONPROFILEIMPORTTIME``),
and the modules it loaded are read from that log. No timing is asserted — only which
heavy modules were imported (numpy through sqlite-utils, pypinyin's dictionaries,
Alembic, uvicorn, Qt) on paths that do not use them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_cli_never_hurts import REPO, home_env, hub_db, kiosk
from tests.rigs.terminal_process import stop_terminal

_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \| +(\S+)$", re.MULTILINE)

# Loaded by no command below unless it is the one that needs it.
NEVER = (
    "numpy",  # sqlite-utils imports it whenever it is installed
    "sqlite_utils",
    "click",
    "PySide6",
    "cv2",
    "fastapi",
    "uvicorn",
    "alembic",
)
PYPINYIN = "pypinyin"  # its dictionaries: ~0.4 s
SQLALCHEMY = "sqlalchemy"


def run_logged(*args: str, home: Path) -> set[str]:
    """The modules ``kiosk ARGS`` imported (full dotted names)."""
    run = kiosk(*args, home=home, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert run.returncode == 0, run.stderr[-2000:]
    return set(_IMPORTED.findall(run.stderr))


@pytest.fixture(scope="module")
def catalog_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("catalog")
    db = home / "catalog.sqlite"
    made = kiosk("catalog", "import", "--demo", "--db", str(db), home=home)
    assert made.returncode == 0, made.stderr
    return db


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["--help"], ()),
        (["--version"], ()),
        (["hub", "--help"], ()),
        (["config", "show", "--demo"], ()),
        (["catalog", "stats", "--db", "{catalog}"], ()),
        (["catalog", "search", "hkdj", "--db", "{catalog}"], (PYPINYIN,)),
        (["catalog", "search", "身份证", "--db", "{catalog}"], (PYPINYIN,)),
        (["hub", "token", "list", "--db", "{hub}"], (SQLALCHEMY,)),
    ],
    ids=lambda v: "_".join(v) if isinstance(v, list) else None,
)
def test_a_command_imports_only_what_it_runs(
    args: list[str], allowed: tuple[str, ...], catalog_db: Path, tmp_path: Path
) -> None:
    hub = hub_db(tmp_path) if "{hub}" in args else None
    words = [a.format(catalog=catalog_db, hub=hub) for a in args]
    loaded = {name.split(".")[0] for name in run_logged(*words, home=tmp_path)}
    heavy = {*NEVER, PYPINYIN, SQLALCHEMY} - set(allowed)
    assert loaded & heavy == set()
    for name in allowed:  # the log is read right: what the command needs is there
        assert name in loaded


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_read_no_package_metadata(flag: str, tmp_path: Path) -> None:
    """The release is read from the checkout's pyproject.toml, and only for --version:
    importlib.metadata (email, zipfile, a scan of every installed package) is not loaded."""
    loaded = run_logged(flag, home=tmp_path)
    assert "launcher.cli" in loaded and "importlib.metadata" not in loaded


def test_counting_the_catalog_builds_no_search(catalog_db: Path, tmp_path: Path) -> None:
    """``catalog stats`` reads counts: the search (its index keys, synonyms, FAQ) is not
    loaded, and neither are the importers."""
    loaded = run_logged("catalog", "stats", "--db", str(catalog_db), home=tmp_path)
    assert "offline_cache.catalog.reader" in loaded
    assert {
        "offline_cache.catalog.search",
        "offline_cache.catalog.feed",
        "offline_cache.catalog.guangan",
    } & loaded == set()


@pytest.mark.slow
@pytest.mark.parametrize("role", ["kiosk", "window", "display"])
def test_a_role_shows_its_first_screen_with_qt_widgets_only(role: str, tmp_path: Path) -> None:
    """Before the first screen: Qt Core, Gui and Widgets, and none of the heavy parts a
    later screen or the services' bring-up loads (Qt Quick, Multimedia, WebEngine, the
    camera's numpy, the catalog's pypinyin, the hub's SQLAlchemy, screens not shown)."""
    env = {**home_env(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPROFILEIMPORTTIME": "1"}
    cmd = [sys.executable, "-m", "kiosk", "run", "--log-json", "--demo", "--windowed", "--role", role]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    names: list[str] = []
    shown = False
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("{") and json.loads(line).get("event") == "first_screen_shown":
                shown = True
                break
            names.extend(_IMPORTED.findall(line))
    finally:
        stop_terminal(proc)
    assert shown
    qt = {n for n in names if n.startswith("PySide6.Qt")}
    assert qt == {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"}
    heavy = {"numpy", "cv2", "pypinyin", "sqlalchemy", "sqlite_utils", "httpx"}
    assert {n.split(".")[0] for n in names} & heavy == set()
    # Not on any first screen: the catalog's types (the header needs none of them) and the
    # clerk's desk (the window opens on its sign-in screen; the desk is built after it).
    assert {"kiosk.catalog.types", "ui.screens.clerk_desk"} & set(names) == set()
