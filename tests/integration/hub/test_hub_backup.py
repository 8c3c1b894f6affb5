"""``kiosk hub backup|restore`` on a live hub: the backup is taken while tickets are being
issued, restored into a new database, and a hub started on the restored database serves
the same tickets and goes on numbering after them. SQLite (online backup API) and
PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.rigs.hub import REPO, HubProcess, _env, kiosk_cli, running_hub


def issue_while(hub: HubProcess, stop: threading.Event, issued: list[dict]) -> None:
    """Issue tickets of service A one after another until ``stop``."""
    with httpx.Client(base_url=hub.url, headers=hub.headers("kiosk"), timeout=10) as http:
        while not stop.is_set():
            r = http.post("/api/v1/tickets", json={"service": "A"})
            assert r.status_code == 201, r.text
            issued.append(r.json())


def backup_under_load(hub: HubProcess, out: Path) -> tuple[list[dict], list[dict]]:
    """Run ``kiosk hub backup`` while a writer issues tickets; (issued before the backup
    started, issued in all)."""
    issued: list[dict] = []
    stop = threading.Event()
    writer = threading.Thread(target=issue_while, args=(hub, stop, issued))
    writer.start()
    try:
        while len(issued) < 30:
            threading.Event().wait(0.05)
        before = list(issued)
        done = kiosk_cli("hub", "backup", "--db", hub.db_url, "--out", str(out))
        assert "backed up" in done.stdout
        while len(issued) < len(before) + 10:  # the hub kept writing during and after
            threading.Event().wait(0.05)
    finally:
        stop.set()
        writer.join(10)
    return before, issued


def check_restored(restored: HubProcess, before: list[dict], issued: list[dict]) -> None:
    with httpx.Client(base_url=restored.url, headers=restored.headers("admin"), timeout=10) as http:
        for ticket in before:  # committed before the backup began: all there, unchanged
            r = http.get(f"/api/v1/tickets/{ticket['id']}")
            assert r.status_code == 200, r.text
            assert (r.json()["number"], r.json()["status"]) == (ticket["number"], "waiting")
        # One consistent moment: the tickets present are exactly a prefix of those issued.
        present = [t for t in issued if http.get(f"/api/v1/tickets/{t['id']}").status_code == 200]
        assert present == issued[: len(present)] and len(present) >= len(before)
        assert http.get("/api/v1/queue").json()["waiting"]["A"] == len(present)
        # The counter came along: the next number follows the last restored one.
        nxt = http.post("/api/v1/tickets", headers=restored.headers("kiosk"), json={"service": "A"}).json()
        assert nxt["number"] == f"A{len(present) + 1:03d}"


def test_sqlite_backup_of_a_live_hub_restores_into_a_hub_with_the_same_tickets(tmp_path) -> None:
    out = tmp_path / "hub-backup.sqlite"
    with running_hub(tmp_path / "live") as hub:
        before, issued = backup_under_load(hub, out)
    target = tmp_path / "restored" / "hub.sqlite"
    target.parent.mkdir()
    assert "restored" in kiosk_cli("hub", "restore", "--from", str(out), "--db", str(target)).stdout
    restored = HubProcess(str(target), hub.tokens, tmp_path).start()  # the tokens came along too
    try:
        check_restored(restored, before, issued)
    finally:
        restored.stop()


@pytest.mark.slow
def test_postgres_backup_of_a_live_hub_restores_into_a_hub_with_the_same_tickets(tmp_path, pg_cluster) -> None:
    out = tmp_path / "hub.dump"
    with running_hub(tmp_path / "live", pg=pg_cluster, workers=2) as hub:
        before, issued = backup_under_load(hub, out)
    target = pg_cluster.create_database(f"restored_{tmp_path.name[-20:].replace('-', '_')}")
    assert "restored" in kiosk_cli("hub", "restore", "--from", str(out), "--db", target).stdout
    restored = HubProcess(target, hub.tokens, tmp_path, workers=2).start()
    try:
        check_restored(restored, before, issued)
    finally:
        restored.stop()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", *args], capture_output=True, text=True, env=_env(), cwd=REPO, timeout=60
    )


def test_backup_and_restore_refuse_to_overwrite(tmp_path, sqlite_hub: HubProcess) -> None:
    out = tmp_path / "b.sqlite"
    out.write_bytes(b"precious")
    r = run_cli("backup", "--db", sqlite_hub.db_url, "--out", str(out))
    assert r.returncode == 2 and "exists already" in r.stderr and out.read_bytes() == b"precious"
    out.unlink()
    assert run_cli("backup", "--db", sqlite_hub.db_url, "--out", str(out)).returncode == 0
    # Restoring over the live database (or any existing file) is refused; it is untouched.
    live = Path(sqlite_hub.db_url)
    size = live.stat().st_size
    r = run_cli("restore", "--from", str(out), "--db", str(live))
    assert r.returncode == 2 and "exists already" in r.stderr and live.stat().st_size == size
    r = run_cli("restore", "--from", str(tmp_path / "missing.sqlite"), "--db", str(tmp_path / "new.sqlite"))
    assert r.returncode == 2 and "no such backup file" in r.stderr
    assert not (tmp_path / "new.sqlite").exists()
