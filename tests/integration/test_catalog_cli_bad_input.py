"""``kiosk catalog`` given the wrong file: another program's database, a mistyped path,
garbage, a folder, an empty or shrunken feed, a read-only or full disk (issue 11).

Each refusal is one line, exit status 2, no traceback, and the files on disk are exactly
as they were. The read-only and full disks are real tmpfs mounts (this suite runs as
root: tools/test.sh); nothing is simulated.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "offline_cache" / "data" / "xian_demo_catalog.json"


def kiosk(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "HOME": str(home),
        "PYTHONWARNINGS": "error",
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "catalog", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_line_refusal(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr.strip()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (a refused command changes none)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def other_programs_db(path: Path, *, user_version: int, app_id: int = 0, tables=("items", "notes")) -> None:
    conn = sqlite3.connect(path)
    for t in tables:
        conn.execute(f"CREATE TABLE {t} (x TEXT)")
        conn.execute(f"INSERT INTO {t} VALUES ('theirs')")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.commit()
    conn.close()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo")
    db = home / "demo.sqlite"
    run = kiosk("import", "--demo", "--db", str(db), home=home)
    assert run.returncode == 0, run.stderr
    return home, db


def items(db: Path, home: Path) -> int:
    run = kiosk("stats", "--json", "--db", str(db), home=home)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["items"]


@pytest.mark.parametrize("user_version, app_id", [(3, 0), (1, 0), (0, 0), (7, 0x12345678)])
@pytest.mark.parametrize("command", [["stats"], ["search", "户口"], ["import", "--demo"]])
def test_another_programs_database_is_refused_and_untouched(tmp_path, command, user_version, app_id):
    db = tmp_path / "theirs.sqlite"
    other_programs_db(db, user_version=user_version, app_id=app_id)
    before = snapshot(tmp_path)
    line = one_line_refusal(kiosk(*command, "--db", str(db), home=tmp_path))
    assert "catalog.not_ours" in line and "another program" in line and str(db) in line
    assert snapshot(tmp_path) == before


def test_a_database_with_its_own_items_table_is_refused(tmp_path):
    db = tmp_path / "inventory.sqlite"
    other_programs_db(db, user_version=0, tables=("items",))
    before = snapshot(tmp_path)
    line = one_line_refusal(kiosk("import", "--demo", "--db", str(db), home=tmp_path))
    assert "catalog.not_ours" in line
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", [["stats"], ["search", "户口"], ["stats", "--json"]])
def test_a_mistyped_db_path_for_reading_creates_nothing(tmp_path, command):
    db = tmp_path / "no" / "such" / "catalgo.sqlite"
    line = one_line_refusal(kiosk(*command, "--db", str(db), home=tmp_path))
    assert line == f"no catalog at {db}; import one with kiosk catalog import [catalog.missing]"
    assert not (tmp_path / "no").exists()


def test_reading_the_default_catalog_before_any_import_creates_nothing(tmp_path):
    line = one_line_refusal(kiosk("stats", home=tmp_path))
    assert "no catalog at" in line and "kiosk catalog import" in line
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", [["stats"], ["search", "户口"], ["import", "--demo"]])
def test_garbage_file_and_folder_are_refused(tmp_path, command):
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not SQLite\n" * 300)
    folder = tmp_path / "folder"
    folder.mkdir()
    before = snapshot(tmp_path)
    assert "catalog.not_a_database" in one_line_refusal(kiosk(*command, "--db", str(garbage), home=tmp_path))
    line = one_line_refusal(kiosk(*command, "--db", str(folder), home=tmp_path))
    assert "catalog.not_a_file" in line and "is a folder" in line
    assert snapshot(tmp_path) == before and not any(folder.iterdir())


def test_a_place_that_cannot_hold_a_file_is_refused(tmp_path):
    line = one_line_refusal(kiosk("import", "--demo", "--db", "/proc/hall-kiosk/catalog.sqlite", home=tmp_path))
    assert line.startswith("catalog import refused, catalog unchanged: ") and "catalog." in line
    assert not Path("/proc/hall-kiosk").exists()


@pytest.mark.parametrize("limit", ["99999999999999999999", "0", "-5"])
def test_search_limit_out_of_range_is_one_line(demo_db, limit):
    home, db = demo_db
    line = one_line_refusal(kiosk("search", "--limit", limit, "--db", str(db), "户口", home=home))
    assert line == f"kiosk catalog search: --limit must be between 1 and 1000 (got {limit})"


# ---- a feed that would empty or gut the catalog -------------------------------------


def _feed(tmp_path: Path, keep: int, version: int = 2026112699) -> Path:
    doc = json.loads(DEMO.read_text(encoding="utf-8"))
    doc["catalog_version"] = version
    doc["items"] = doc["items"][:keep]
    kept = {i["task_code"] for i in doc["items"]}
    doc["bundles"] = [b for b in doc.get("bundles", []) if set(b["item_codes"]) <= kept]
    path = tmp_path / f"feed-{keep}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_empty_feed_does_not_replace_a_127_item_catalog(demo_db, tmp_path):
    home, db = demo_db
    assert items(db, home) == 127
    for feed, fmt in ((_feed(tmp_path, 0), "feed"), (tmp_path / "empty.json", "guangan")):
        (tmp_path / "empty.json").write_text("[]", encoding="utf-8")
        before = snapshot(db.parent)
        line = one_line_refusal(kiosk("import", str(feed), "--format", fmt, "--db", str(db), home=home))
        assert "would remove 127 of the 127 items (0 left)" in line and "--allow-shrink" in line
        assert "catalog.import.shrinks" in line
        assert snapshot(db.parent) == before
    assert items(db, home) == 127


def test_a_feed_removing_more_than_half_needs_allow_shrink(tmp_path):
    home = tmp_path
    db = tmp_path / "c.sqlite"
    assert kiosk("import", "--demo", "--db", str(db), home=home).returncode == 0
    line = one_line_refusal(kiosk("import", str(_feed(tmp_path, 60)), "--db", str(db), home=home))
    assert "would remove 67 of the 127 items (60 left)" in line
    assert items(db, home) == 127
    # Half or fewer removed: a normal update.
    assert kiosk("import", str(_feed(tmp_path, 64)), "--db", str(db), home=home).returncode == 0
    assert items(db, home) == 64
    run = kiosk("import", str(_feed(tmp_path, 0)), "--allow-shrink", "--db", str(db), home=home)
    assert run.returncode == 0 and "imported 0 items" in run.stdout
    assert items(db, home) == 0


# ---- read-only and full disks (real tmpfs mounts) ----------------------------------


@pytest.fixture
def mount_tmpfs(tmp_path):
    """``mount(name, size, ro=False)`` -> a fresh tmpfs folder; unmounted afterwards."""
    mounted: list[Path] = []

    def mount(name: str, size: str, *, ro: bool = False, fill: dict[str, bytes] | None = None) -> Path:
        where = tmp_path / name
        where.mkdir()
        run = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            pytest.fail(f"these tests mount a tmpfs and need root (tools/test.sh runs as root): {run.stderr}")
        mounted.append(where)
        for rel, data in (fill or {}).items():
            (where / rel).write_bytes(data)
        if ro:
            subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        return where

    yield mount
    for where in reversed(mounted):
        subprocess.run(["umount", "-l", str(where)], check=True)


def test_import_onto_a_full_disk_says_disk_full_and_leaves_nothing(mount_tmpfs, tmp_path):
    full = mount_tmpfs("full", "200k")
    line = one_line_refusal(kiosk("import", "--demo", "--db", str(full / "kiosk" / "catalog.sqlite"), home=tmp_path))
    assert "disk full" in line and "catalog.disk_full" in line and "rollback" not in line
    assert list(full.iterdir()) == []


def test_import_over_a_catalog_on_a_full_disk_keeps_it(mount_tmpfs, tmp_path):
    small = tmp_path / "small.sqlite"
    assert kiosk("import", str(_feed(tmp_path, 64)), "--db", str(small), home=tmp_path).returncode == 0
    full = mount_tmpfs("full", f"{small.stat().st_size // 1024 + 48}k", fill={"c.sqlite": small.read_bytes()})
    before = snapshot(full)
    line = one_line_refusal(kiosk("import", "--demo", "--db", str(full / "c.sqlite"), home=tmp_path))
    assert "disk full" in line and "catalog.disk_full" in line
    assert items(full / "c.sqlite", tmp_path) == 64
    assert snapshot(full)["c.sqlite"] == before["c.sqlite"]


def test_read_only_folder_says_read_only(mount_tmpfs, tmp_path, demo_db):
    _, db = demo_db
    ro = mount_tmpfs("ro", "2m", ro=True, fill={"catalog.sqlite": db.read_bytes()})
    before = snapshot(ro)
    for command in (["import", "--demo"], ["stats"]):
        line = one_line_refusal(kiosk(*command, "--db", str(ro / "catalog.sqlite"), home=tmp_path))
        assert "read-only" in line and "catalog.read_only" in line
    line = one_line_refusal(kiosk("import", "--demo", "--db", str(ro / "new" / "c.sqlite"), home=tmp_path))
    assert "catalog.read_only" in line
    assert snapshot(ro) == before


# ---- text from a feed is made safe for the terminal ---------------------------------


def test_escape_sequences_from_a_feed_are_shown_escaped(demo_db, tmp_path):
    home, db = demo_db
    doc = json.loads(DEMO.read_text(encoding="utf-8"))
    doc["items"][0]["task_code"] = "X\x1b[2J\x1b]0;owned\x07\u202eY"
    bad = tmp_path / "escape.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    line = one_line_refusal(kiosk("import", str(bad), "--db", str(db), home=home))
    assert "\x1b" not in line and "\x07" not in line and "\u202e" not in line
    assert "task_code=X\\x1b[2J\\x1b]0;owned\\x07\\u202eY" in line and "catalog.import.control_char" in line


def test_an_invisible_character_in_a_code_is_refused_and_shown(demo_db, tmp_path):
    home, db = demo_db
    doc = json.loads(DEMO.read_text(encoding="utf-8"))
    doc["items"][0]["task_code"] = doc["items"][0]["task_code"][:4] + "\u200b" + doc["items"][0]["task_code"][4:]
    doc["items"][1]["task_name"] = "\u202e" + doc["items"][1]["task_name"]
    bad = tmp_path / "zwsp.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    line = one_line_refusal(kiosk("import", str(bad), "--db", str(db), home=home))
    assert "catalog.import.format_char" in line and "U+200B" in line and "\\u200b" in line
    assert "\u200b" not in line
    assert items(db, home) == 127
