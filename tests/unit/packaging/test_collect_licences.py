"""tools/collect_licences.py: every runtime package's licence text in the package (issue 17:
none for PySide6/Qt, OpenCV and its FFmpeg, pyscard, Pillow, FastAPI, SQLAlchemy), run
on the real virtualenv as tools/package-deb.sh runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.packaging.tools_rig import REPO, run_tool

TOOL = REPO / "tools" / "collect_licences.py"
# Packages whose wheel carries no licence text: the index names their licence instead.
SHIP_NONE = {"pyserial": "BSD"}
QT = ("pyside6-essentials", "pyside6-addons", "shiboken6")  # Debian's LGPL/GPL texts


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_tool(sys.executable, str(TOOL), *args)


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, str]]]:
    out = tmp_path_factory.mktemp("licences")
    done = _run("--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = {}
    for line in (out / "index.txt").read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"(\S+) (\S+): (.+) -- (.+)", line)
        if found:
            rows[found.group(1)] = (found.group(2), found.group(3))
    return out, rows


def test_every_runtime_package_has_its_licence_text(collected) -> None:
    out, rows = collected
    for wanted in ("pyside6-essentials", "opencv-python-headless", "pyscard", "pillow", "fastapi", "sqlalchemy"):
        assert wanted in rows
    for name, (version, _) in rows.items():
        texts = [p for p in (out / f"{name}-{version}").rglob("*") if p.is_file()] if name not in SHIP_NONE else []
        assert name in SHIP_NONE or texts, f"{name} {version}: no licence text collected"
        assert all(p.stat().st_size > 0 for p in texts)
    for name, licence in SHIP_NONE.items():
        assert rows[name][1] == licence and not (out / f"{name}-{rows[name][0]}").exists()


def test_opencv_carries_its_third_party_notices_and_qt_its_lgpl(collected) -> None:
    out, rows = collected
    cv = out / f"opencv-python-headless-{rows['opencv-python-headless'][0]}"
    assert "FFmpeg" in (cv / "LICENSE-3RD-PARTY.txt").read_text(encoding="utf-8", errors="replace")
    for name in QT:
        lgpl = out / f"{name}-{rows[name][0]}" / "LGPL-3.0-only"
        assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl.read_text(encoding="utf-8")


def test_dev_only_packages_are_not_in_the_runtime_set(collected) -> None:
    _, rows = collected
    assert not {"pytest", "mypy", "ruff", "atheris", "pyinstaller", "hypothesis"} & rows.keys()


def test_a_dependency_that_is_not_installed_is_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\ndependencies = ["no-such-package-hk==1.0"]\n', encoding="utf-8"
    )
    (tmp_path / "req.lock").write_text("no-such-package-hk==1.0\n", encoding="utf-8")
    out = tmp_path / "out"
    done = _run(
        "--pyproject", str(tmp_path / "pyproject.toml"), "--lock", str(tmp_path / "req.lock"), "--out", str(out)
    )
    assert done.returncode == 2 and not out.exists()
    assert done.stderr.strip().splitlines() == [
        "collect_licences: no-such-package-hk is a runtime dependency but is not installed"
    ]
