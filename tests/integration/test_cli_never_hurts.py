"""Commands that never hurt what they touch (issue 17, part B): a database of a newer
release, another program's file, a device node, a file that only looks like ours.

Each refusal is one line, exit status 2, no traceback, and the files on disk are exactly
as they were. The real ``kiosk`` runs as a subprocess with its own HOME.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def kiosk(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` with HOME and the XDG folders inside ``home``."""
    full = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "HALL_KIOSK_SYSTEM_CONFIG_DIR": str(home / "etc"),
        "HOME": str(home),
        "PYTHONWARNINGS": "error",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def refused(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr.strip()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (a refused command changes none)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---- the catalog of a newer release --------------------------------------------------------
@pytest.mark.parametrize("command", [["stats"], ["search", "户口"], ["import", "--demo"]])
def test_a_catalog_of_a_newer_release_is_refused_not_wiped(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "catalog.sqlite"
    assert kiosk("catalog", "import", "--demo", "--db", str(db), home=tmp_path).returncode == 0
    conn = sqlite3.connect(db)
    items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    conn.execute("PRAGMA user_version = 2")  # a release with one more migration wrote it
    conn.execute("PRAGMA application_id = 1258291201")  # our mark 0x4B, another checksum
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    line = refused(kiosk("catalog", *command, "--db", str(db), home=tmp_path))
    assert line.endswith("[catalog.newer_schema]") and "written by a newer release (schema 2" in line, line
    assert snapshot(tmp_path) == before
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == items > 0
    conn.close()
