"""Commands that never hurt what they touch (issue 17, part B): a database of a newer
release, another program's file, a device node, a file that only looks like ours.

Each refusal is one line, exit status 2, no traceback, and the files on disk are exactly
as they were. The real ``kiosk`` runs as a subprocess with its own HOME.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def home_env(home: Path) -> dict[str, str]:
    """The environment with HOME and the XDG and system configuration folders inside ``home``."""
    return {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "HALL_KIOSK_SYSTEM_CONFIG_DIR": str(home / "etc"),
        "HOME": str(home),
        "PYTHONWARNINGS": "error",
    }


def kiosk(*args: str, home: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` with HOME and the XDG folders inside ``home``."""
    full = {**home_env(home), **(env or {})}
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


# ---- the hub's database: only its own, of a revision this release knows -------------------
def hub_db(home: Path, name: str = "hub.sqlite") -> Path:
    """A real hub database made by the CLI (``--create``), with one kiosk token."""
    db = home / name
    made = kiosk(
        "hub", "token", "create", "--create", "--db", str(db), "--terminal", "k1", "--role", "kiosk", home=home
    )
    assert made.returncode == 0, made.stderr
    return db


def test_a_mistyped_hub_db_is_named_and_nothing_is_created(tmp_path: Path) -> None:
    typo = tmp_path / "var" / "lib" / "hall-kiosk" / "hbu.sqlite"
    for args in (["token", "list"], ["token", "revoke", "x"], ["staff", "list"], ["report", "--date", "2026-12-01"]):
        line = refused(kiosk("hub", *args, "--db", str(typo), home=tmp_path))
        assert line == (
            f"kiosk hub: database {typo} does not exist: give the hub's database (--db, HUB_DB in hub.env) "
            "or pass --create to make a new one"
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_admin_commands_use_the_configured_hub_database_never_a_new_one(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'data_dir = "{tmp_path / "lib"}"\n', encoding="utf-8")
    line = refused(kiosk("--config", str(config), "hub", "token", "list", home=tmp_path))
    assert f"database {tmp_path / 'lib' / 'hub.sqlite'} does not exist" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.toml"]  # no $HOME/.local/share/... either
    (tmp_path / "lib").mkdir()
    hub_db(tmp_path / "lib")
    listed = kiosk("--config", str(config), "hub", "token", "list", home=tmp_path)
    assert listed.returncode == 0 and "k1  kiosk  live" in listed.stdout, listed.stderr
    # The installed configuration is found without --config; hub.env's HUB_DB wins over it.
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "config.toml").write_text(config.read_text(encoding="utf-8"), encoding="utf-8")
    assert "k1  kiosk  live" in kiosk("hub", "token", "list", home=tmp_path).stdout
    other = tmp_path / "other"
    other.mkdir()
    hub_db(other)
    kiosk(
        "hub",
        "token",
        "create",
        "--db",
        str(other / "hub.sqlite"),
        "--terminal",
        "k2",
        "--role",
        "kiosk",
        home=tmp_path,
    )
    (etc / "hub.env").write_text(f"HUB_HOST=127.0.0.1\nHUB_DB={other / 'hub.sqlite'}\n", encoding="utf-8")
    assert "k2  kiosk  live" in kiosk("hub", "token", "list", home=tmp_path).stdout


def test_another_programs_sqlite_file_is_not_made_a_hub(tmp_path: Path) -> None:
    theirs = tmp_path / "inventory.sqlite"
    conn = sqlite3.connect(theirs)
    conn.execute("CREATE TABLE stock (item TEXT, n INTEGER)")
    conn.execute("INSERT INTO stock VALUES ('paper', 3)")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    for args in (["token", "list"], ["token", "create", "--terminal", "x", "--role", "kiosk", "--create"]):
        line = refused(kiosk("hub", *args, "--db", str(theirs), home=tmp_path))
        assert line == f"kiosk hub: {theirs} is not a hub database (another program's tables); it was not touched"
    line = refused(kiosk("hub", "restore", "--from", str(theirs), "--db", str(tmp_path / "new.sqlite"), home=tmp_path))
    assert line == f"kiosk hub: restore: {theirs} is not a hub database (another program's tables); it was not touched"
    assert snapshot(tmp_path) == before


def test_a_hub_database_of_a_newer_release_is_refused(tmp_path: Path) -> None:
    db = hub_db(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    before = snapshot(tmp_path)
    want = (
        f"kiosk hub: {db} has schema revision 0099, which this release does not know (a newer release's "
        "database?): it was not touched; upgrade hall-kiosk or give another database"
    )
    assert refused(kiosk("hub", "token", "list", "--db", str(db), home=tmp_path)) == want
    assert refused(kiosk("hub", "serve", "--db", str(db), "--port", "0", home=tmp_path)) == want
    out = tmp_path / "b.sqlite"
    assert refused(kiosk("hub", "backup", "--db", str(db), "--out", str(out), home=tmp_path)) == want.replace(
        "kiosk hub: ", "kiosk hub: backup: "
    )
    assert snapshot(tmp_path) == before


def test_revoking_a_token_id_spares_a_terminal_named_like_it(tmp_path: Path) -> None:
    db = hub_db(tmp_path)
    listed = kiosk("hub", "token", "list", "--db", str(db), "--json", home=tmp_path)
    token_id = json.loads(listed.stdout.splitlines()[0])["id"]
    made = kiosk("hub", "token", "create", "--db", str(db), "--terminal", token_id, "--role", "display", home=tmp_path)
    assert made.returncode == 0, made.stderr
    done = kiosk("hub", "token", "revoke", token_id, "--db", str(db), home=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "revoked 1 token", done.stdout
    rows = [
        json.loads(r)
        for r in kiosk("hub", "token", "list", "--db", str(db), "--json", home=tmp_path).stdout.splitlines()
    ]
    state = {(r["terminal"], r["role"]): r["revoked_at"] is not None for r in rows}
    assert state == {("k1", "kiosk"): True, (token_id, "display"): False}


def test_backup_leaves_a_file_named_like_its_temporary_alone(tmp_path: Path) -> None:
    db = hub_db(tmp_path)
    out = tmp_path / "hub-backup.sqlite"
    mine = tmp_path / "hub-backup.sqlite.part"
    mine.write_text("someone's download\n", encoding="utf-8")
    done = kiosk("hub", "backup", "--db", str(db), "--out", str(out), home=tmp_path)
    assert done.returncode == 0 and "integrity ok" in done.stdout, done.stderr
    assert mine.read_text(encoding="utf-8") == "someone's download\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hub-backup.sqlite", "hub-backup.sqlite.part", "hub.sqlite"]


# ---- writes onto device nodes, pipes and other people's files ------------------------------
def device_node(folder: Path) -> Path:
    """A real character device (/dev/null's numbers) inside the test's folder (needs root,
    as tools/test.sh runs the suite)."""
    node = folder / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


@pytest.mark.parametrize("kind", ["device", "fifo"])
@pytest.mark.parametrize(
    "command",
    [
        ["speech", "call", "A001", "3", "--wav", "{target}"],
        ["config", "init", "{target}", "--force"],
        ["setup", "--yes", "--force", "--out", "{target}"],
        ["hub", "report", "--date", "2026-12-01", "--db", "{db}", "--out", "{target}"],
        ["devices", "print-test", "file://{capture}", "--png", "{target}"],
    ],
)
def test_a_device_node_or_pipe_is_never_replaced_by_a_file(tmp_path: Path, kind: str, command: list[str]) -> None:
    db = hub_db(tmp_path) if "{db}" in command else tmp_path / "unused"
    if kind == "device":
        target = device_node(tmp_path)
    else:
        target = tmp_path / "pipe"
        os.mkfifo(target)
    args = [a.format(target=target, db=db, capture=tmp_path / "capture.bin") for a in command]
    line = refused(kiosk(*args, home=tmp_path))
    assert str(target) in line and ("is a device, not a file" in line or "is a pipe or socket" in line), line
    mode = os.lstat(target).st_mode
    assert stat.S_ISCHR(mode) if kind == "device" else stat.S_ISFIFO(mode), oct(mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_print_test_never_appends_to_someone_elses_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    line = refused(kiosk("devices", "print-test", f"file://{notes}", home=tmp_path))
    assert line == (
        f"kiosk devices print-test: {notes} exists and is not a printer capture; it was not touched: "
        "give a printer device (file:///dev/usb/lp0) or a new file name"
    )
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    capture = tmp_path / "capture.bin"
    for _ in range(2):  # a new capture, then appended to: a capture is ours
        done = kiosk("devices", "print-test", f"file://{capture}", home=tmp_path)
        assert done.returncode == 0, done.stderr
    assert capture.read_bytes().startswith(b"\x1b@") and capture.read_bytes().count(b"\x1b@") >= 2
    node = device_node(tmp_path)  # a printer's node is what a technician means
    assert kiosk("devices", "print-test", f"file://{node}", home=tmp_path).returncode == 0
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_databases_root_makes_in_a_services_folder_belong_to_the_service(tmp_path: Path) -> None:
    assert os.geteuid() == 0, "this test makes files as root (tools/test.sh runs the suite as root)"
    lib = tmp_path / "lib"
    lib.mkdir()
    os.chown(lib, 65534, 65534)  # the service's user owns its data folder
    hub_db(lib)
    done = kiosk("catalog", "import", "--demo", "--db", str(lib / "catalog.sqlite"), home=tmp_path)
    assert done.returncode == 0, done.stderr
    for name, mode in (("hub.sqlite", 0o640), ("catalog.sqlite", 0o644)):
        st = os.stat(lib / name)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (65534, 65534, mode), name
    for extra in lib.iterdir():  # -wal/-shm, where SQLite left them, follow the database
        assert os.stat(extra).st_uid == 65534, extra
