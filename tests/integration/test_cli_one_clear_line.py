"""What a hostile probe gave every command (issue 17, part C): each answer is ONE clear
line with exit status 2 (never a traceback, a hang or an abort), and nothing was
written. The real ``kiosk`` runs as a subprocess with its own HOME."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration.test_cli_never_hurts import hub_db, kiosk, refused, snapshot


def fifo(folder: Path) -> Path:
    path = folder / "pipe"
    os.mkfifo(path)
    return path


def plain_file(folder: Path) -> Path:
    path = folder / "afile"
    path.write_text("x\n", encoding="utf-8")
    return path


# (arguments with {tmp} and {fifo} and {file}, the exact line)
CASES = [
    (
        ["hub", "serve", "--port", "99999"],
        "kiosk hub: --port 99999: give a port number from 1 to 65535 (0: any free port)",
    ),
    (["hub", "serve", "--port", "-1"], "kiosk hub: --port -1: give a port number from 1 to 65535 (0: any free port)"),
    (["hub", "serve", "--keepalive", "-1"], "kiosk hub: --keepalive -1: give between 0.1 and 3600 seconds"),
    (
        ["hub", "report", "--date", "9999-12-31", "--db", "{tmp}/hub.sqlite"],
        "kiosk hub: --date '9999-12-31': give a service day between 1970-01-02 and 9998-12-31",
    ),
    (
        ["--config", "/dev/zero", "config", "show"],
        "configuration error: /dev/zero: not a regular file (a device, pipe or socket); give the configuration file",
    ),
    (
        ["--config", "{fifo}", "config", "show"],
        "configuration error: {fifo}: not a regular file (a device, pipe or socket); give the configuration file",
    ),
    (
        ["config", "check", "{fifo}"],
        "configuration error: {fifo}: not a regular file (a device, pipe or socket); give the configuration file",
    ),
    (
        ["catalog", "import", "/dev/zero", "--db", "{tmp}/c.sqlite"],
        "catalog import refused, catalog unchanged: catalog.import.unreadable: record /dev/zero: "
        "error='not a regular file (a device, pipe or socket)'",
    ),
    (
        ["catalog", "import", "{fifo}", "--db", "{tmp}/c.sqlite"],
        "catalog import refused, catalog unchanged: catalog.import.unreadable: record {fifo}: "
        "error='not a regular file (a device, pipe or socket)'",
    ),
    (
        ["hub", "catalog", "publish", "/dev/zero", "--db", "{tmp}/hub.sqlite"],
        "kiosk hub: catalog.publish.unreadable: /dev/zero: not a regular file (a device, pipe or socket)",
    ),
    (
        ["hub", "catalog", "publish", "{fifo}", "--db", "{tmp}/hub.sqlite"],
        "kiosk hub: catalog.publish.unreadable: {fifo}: not a regular file (a device, pipe or socket)",
    ),
    (
        ["devices", "check", "--demo", "--timeout", "-1"],
        "kiosk devices check: --timeout must be between 0.1 and 600 seconds (got -1)",
    ),
    (["sim", "--folder", "{file}"], "kiosk sim: --folder {file}: is a file, not a folder"),
    (
        ["sim", "--folder", "/proc/hall-kiosk/sim"],
        "kiosk sim: --folder /proc/hall-kiosk/sim: cannot make this folder: No such file or directory",
    ),
    (["sim", "--insert-card", "999"], "kiosk sim: --insert-card 999: give a demo card number from 0 to 4"),
    (
        ["devices", "print-test", "socket://127.0.0.1:99999"],
        'error: device.printer.bad_url {{"url": "socket://127.0.0.1:99999"}}: '
        "Printer address is wrong in the configuration: socket://127.0.0.1:99999",
    ),
]


@pytest.mark.parametrize(("command", "line"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_one_clear_line_and_nothing_written(tmp_path: Path, command: list[str], line: str) -> None:
    names = {"tmp": tmp_path, "fifo": fifo(tmp_path), "file": plain_file(tmp_path)}
    before = snapshot(tmp_path)
    listed = sorted(p.name for p in tmp_path.iterdir())
    args = [a.format(**names) for a in command]
    assert refused(kiosk(*args, home=tmp_path)) == line.format(**names)
    assert snapshot(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == listed


def test_a_backup_into_a_read_only_folder(tmp_path: Path) -> None:
    db = hub_db(tmp_path)
    ro = tmp_path / "ro"
    ro.mkdir()
    run = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(ro)], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        pytest.fail(f"this test mounts a read-only tmpfs and needs root (tools/test.sh runs as root): {run.stderr}")
    try:
        line = refused(kiosk("hub", "backup", "--db", str(db), "--out", str(ro / "b.sqlite"), home=tmp_path))
        assert line == f"kiosk hub: backup: {ro / 'b.sqlite'}: cannot write here: read-only file system"
        assert list(ro.iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=True)


def test_a_hub_url_with_a_port_that_is_no_number_is_named_not_a_traceback(tmp_path: Path) -> None:
    out = tmp_path / "config.toml"
    run = kiosk(
        "setup", "--yes", "--no-id-reader", "--printer", "none", "--smartcard", "none", "--camera", "none",
        "--hub", "http://127.0.0.1:abc", "--code", "123456", "--pin", "135790", "--out", str(out),
        home=tmp_path,
    )  # fmt: skip
    assert run.returncode == 2 and "Traceback" not in run.stderr + run.stdout, run.stderr
    assert "http://127.0.0.1:abc" in run.stdout and not out.exists()


def test_the_setup_summary_fills_in_the_number_of_ports(tmp_path: Path) -> None:
    out = tmp_path / "config.toml"
    run = kiosk(
        "--config", str(out), "setup", "--yes", "--ports", str(tmp_path / "no-such-port"), "--printer", "none",
        "--smartcard", "none", "--camera", "none", "--hub", "embedded", "--pin", "135790", "--tests", "none",
        home=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "{ports}" not in run.stdout and "在1个串口上都没有找到阅读器" in run.stdout


def test_control_characters_in_a_terminal_name_are_escaped_on_output(tmp_path: Path) -> None:
    db = hub_db(tmp_path)
    name = "evil\x1b[2J\nfake line"
    made = kiosk("hub", "token", "create", "--db", str(db), "--terminal", name, "--role", "display", home=tmp_path)
    assert made.returncode == 0 and "\x1b" not in made.stdout and made.stdout.count("\n") == 2, made.stdout
    listed = kiosk("hub", "token", "list", "--db", str(db), home=tmp_path)
    assert "\x1b" not in listed.stdout and "evil\\x1b[2J\\x0afake line  display  live" in listed.stdout
    assert len(listed.stdout.splitlines()) == 2


def test_kiosk_version(tmp_path: Path) -> None:
    run = kiosk("--version", home=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("kiosk (hall-kiosk) 0.") and run.stdout.count("\n") == 1
