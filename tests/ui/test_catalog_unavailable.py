"""A read-only or full data folder (issue 11): the citizen's home says the service guide
is unavailable, the maintenance screen and the log say why, with the key.

The folders are real tmpfs mounts (the suite runs as root: tools/test.sh), not mocks.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

import pytest

from kiosk.bootstrap import load_catalog
from ui import i18n
from ui.app import start_role

pytestmark = pytest.mark.gui

CITIZEN_ZH = "办事指南暂时无法使用，请到咨询台咨询"
CITIZEN_EN = "The service guide is temporarily unavailable, please ask at the consulting window"


@pytest.fixture
def tmpfs(tmp_path: Path):
    mounted: list[Path] = []

    def mount(size: str, *, ro: bool = False, fill: bool = False) -> Path:
        where = tmp_path / f"mnt{len(mounted)}"
        where.mkdir()
        run = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            pytest.fail(f"this test mounts a tmpfs and needs root (tools/test.sh runs as root): {run.stderr}")
        mounted.append(where)
        if fill:  # every block taken: the next write gets ENOSPC
            fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                while os.write(fd, b"\0" * 4096):
                    pass
            except OSError:
                pass
            finally:
                os.close(fd)
        if ro:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], check=True)


@pytest.mark.parametrize(
    "disk, key, words",
    [
        ({"size": "64k", "ro": True}, "catalog.read_only", "只读"),
        ({"size": "64k", "fill": True}, "catalog.disk_full", "磁盘已满"),
    ],
)
def test_the_home_says_why_there_is_no_guide(qtbot, make_core, tmpfs, caplog, disk, key, words) -> None:
    folder = tmpfs(**disk)
    core = make_core("kiosk", demo=False, data_dir=folder / "hall-kiosk")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    with caplog.at_level(logging.INFO):
        load_catalog(core)  # as bring-up does after the first screen
    assert core.catalog is None
    problem = core.catalog_problem
    assert problem is not None and problem.key == key
    logged = [r for r in caplog.records if r.getMessage() == "catalog_unavailable"]
    assert logged and logged[0].fields["key"] == key
    # The citizen: a plain sentence, no tiles that lead nowhere.
    qtbot.waitUntil(lambda: window.home.notice.isVisible() and window.home.notice.text() == CITIZEN_ZH)
    assert "tile.guides" not in window.home.tile_buttons
    # The technician: the reason, with its key.
    window.open_maintenance()
    window._pin_entered(core.settings.technician_pin)
    tech = window._tech_screens[1]
    qtbot.waitUntil(lambda: window.stack.currentWidget() is tech)
    assert words in tech.fix.text() and f"[{key}]" in tech.fix.text()
    assert sorted(p.name for p in folder.iterdir()) == ([] if disk.get("ro") else ["filler"])


def test_the_citizen_text_in_english(qtbot, make_core, tmpfs) -> None:
    folder = tmpfs("64k", ro=True)
    core = make_core("kiosk", demo=False, data_dir=folder / "x")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    load_catalog(core)
    window.toggle_language()
    assert i18n.language() == "en"
    qtbot.waitUntil(lambda: window.home.notice.text() == CITIZEN_EN)


def test_an_empty_catalog_is_also_said(qtbot, make_core, tmp_path) -> None:
    core = make_core("kiosk", demo=False, data_dir=tmp_path / "data")
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    load_catalog(core)
    assert core.catalog_problem.key == "catalog.missing"
    qtbot.waitUntil(lambda: window.home.notice.text() == CITIZEN_ZH)
