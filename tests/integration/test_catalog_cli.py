"""``kiosk catalog import|search|stats`` run as a real subprocess on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import GUANGAN

REPO = Path(__file__).resolve().parents[2]


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "HOME": str(home),
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "catalog", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def guangan_db(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli")
    db = home / "ga.sqlite"
    run = kiosk("import", str(GUANGAN), "--format", "guangan", "--db", str(db), home=home)
    assert run.returncode == 0, run.stderr
    assert "imported 1135 items in 34 departments" in run.stdout
    return home, db


def test_search_json_lines_best_first(guangan_db):
    home, db = guangan_db
    run = kiosk("search", "--json", "--limit", "5", "--db", str(db), "户口本丢了", home=home)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert 1 <= len(rows) <= 5
    assert {"task_name", "task_code", "dept_name", "score"} <= rows[0].keys()
    assert rows[0]["task_name"].startswith("户口") and rows[0]["dept_name"] == "区公安分局"
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)


def test_search_plain_text_and_no_result(guangan_db):
    home, db = guangan_db
    run = kiosk("search", "--db", str(db), "--limit", "3", "hkdj", home=home)
    assert run.returncode == 0 and "户口登记" in run.stdout.splitlines()[0]
    run = kiosk("search", "--db", str(db), "qqqqqqq", home=home)
    assert run.returncode == 0 and run.stdout.strip() == "no items found"


def test_stats_json(guangan_db):
    home, db = guangan_db
    run = kiosk("stats", "--json", "--db", str(db), home=home)
    stats = json.loads(run.stdout)
    assert (stats["items"], stats["departments"], stats["source"]) == (1135, 34, "guangan-directory")


def test_corrupted_file_is_refused_with_one_line_and_catalog_unchanged(guangan_db, tmp_path):
    home, db = guangan_db
    bad = tmp_path / "items.json"
    bad.write_text(GUANGAN.read_text(encoding="utf-8").replace("户口迁移审批", "户口\\u0007迁移审批"), encoding="utf-8")
    run = kiosk("import", str(bad), "--format", "guangan", "--db", str(db), home=home)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert "catalog.import.control_char" in run.stderr and "field task_name" in run.stderr
    stats = json.loads(kiosk("stats", "--json", "--db", str(db), home=home).stdout)
    assert stats["items"] == 1135
    bad.write_text("[{", encoding="utf-8")
    run = kiosk("import", str(bad), "--db", str(db), home=home)
    assert run.returncode == 2 and "catalog.import.bad_json" in run.stderr


def test_demo_import_into_the_default_data_dir(tmp_path):
    run = kiosk("import", "--demo", home=tmp_path)
    assert run.returncode == 0, run.stderr
    db = tmp_path / "data" / "hall-kiosk" / "catalog.sqlite"
    assert db.exists() and str(db) in run.stdout
    stats = json.loads(kiosk("stats", "--json", home=tmp_path).stdout)
    assert stats["sample_data"] is True and stats["items"] > 50 and stats["bundles"] > 0
    run = kiosk("search", "--json", "--limit", "1", "敬老卡", home=tmp_path)
    assert "老年人优待" in json.loads(run.stdout)["task_name"]


def test_path_and_demo_together_is_a_usage_error(tmp_path):
    run = kiosk("import", "--demo", str(GUANGAN), home=tmp_path)
    assert run.returncode == 2 and "not both" in run.stderr
