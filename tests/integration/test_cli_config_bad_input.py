"""``kiosk config ...`` and any command given what a careless or hostile user gives it
(issue 11): one line, exit status 2, no traceback, nothing changed on disk."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.helpers import REPO, run_kiosk


def refused(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr
    return out.stderr.strip()


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 100_000 + "]" * 100_000,
        "a = " + "{b = " * 100_000 + "1" + "}" * 100_000,
    ],
)
def test_toml_nested_100k_deep(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    line = refused(run_kiosk("config", "check", str(path)))
    assert line == f"configuration error: {path}: not valid TOML: arrays or tables nested too deeply"


def test_data_dir_of_a_user_that_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('data_dir = "~nosuchuser-hk/x"\n', encoding="utf-8")
    for args in (["config", "check", str(path)], ["--config", str(path), "catalog", "stats"]):
        line = refused(run_kiosk(*args))
        assert "data_dir: ~nosuchuser-hk: no such user on this machine" in line


@pytest.mark.parametrize(
    "text, problem",
    [
        ('data_dir = ""\n', "data_dir: must not be empty"),
        ('data_dir = "  "\n', "data_dir: must not be empty"),
        ('data_dir = "/var/lib/\\u0000x"\n', "data_dir: must not contain control or invisible characters"),
        ('data_dir = "\\u2028\\u2028/"\n', "data_dir: must not contain control or invisible characters"),
        ('data_dir = "/var/   /x"\n', "data_dir: must not have a folder name made only of spaces"),
        ('devices = [1]\n[printer]\nbackend = "fake"\n', "configuration error"),
        ("devices = [1]\n", "devices: must be a table"),
    ],
)
def test_values_that_cannot_work_are_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    assert problem in refused(run_kiosk("config", "check", str(path)))


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_bytes(b'\xef\xbb\xbfrole = "window"\n')
    out = run_kiosk("config", "check", str(path))
    assert out.returncode == 0 and "ok (role window" in out.stdout, out.stderr


def test_init_on_a_folder_even_with_force(tmp_path: Path) -> None:
    folder = tmp_path / "etc"
    folder.mkdir()
    line = refused(run_kiosk("config", "init", str(folder), "--force"))
    assert line == f"configuration error: {folder}: is a folder; give a file name, e.g. {folder / 'config.toml'}"
    assert sorted(tmp_path.iterdir()) == [folder] and not any(folder.iterdir())


def test_init_never_clobbers_a_file_named_like_its_temporary(tmp_path: Path) -> None:
    mine = tmp_path / "kiosk.tmp"
    mine.write_text("my notes\n", encoding="utf-8")
    assert run_kiosk("config", "init", str(tmp_path / "kiosk.toml")).returncode == 0
    assert mine.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.tmp", "kiosk.toml"]


@pytest.mark.parametrize("target", ["/proc/hall-kiosk.toml", "/proc/self/hall-kiosk/config.toml"])
def test_init_where_no_file_can_be_written(target: str) -> None:
    line = refused(run_kiosk("config", "init", target, "--force"))
    assert line.startswith(f"configuration error: {target}: cannot write here: ")


def test_init_on_a_read_only_file_system(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    run = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,ro", "tmpfs", str(ro)], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        pytest.fail(f"this test mounts a read-only tmpfs and needs root (tools/test.sh runs as root): {run.stderr}")
    try:
        line = refused(run_kiosk("config", "init", str(ro / "config.toml"), "--force"))
        assert line == f"configuration error: {ro / 'config.toml'}: cannot write here: read-only file system"
    finally:
        subprocess.run(["umount", "-l", str(ro)], check=True)


def test_init_writes_a_real_terminals_starting_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    out = run_kiosk("config", "init", str(path))
    assert out.returncode == 0 and "EDIT" in out.stdout
    text = path.read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    assert raw["demo"] is False and raw["fullscreen"] is True
    assert "/demo" not in raw["data_dir"]
    backends = {kind: d["backend"] for kind, d in raw["devices"].items()}
    assert "fake" not in backends.values()
    assert backends["id_reader"] == "serial" and backends["printer"] == "network"
    assert raw["devices"]["printer"]["url"].startswith("tcp://")
    assert text.count("# EDIT") >= 5  # every placeholder says so
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # it holds the PIN
    # The placeholders are refused until edited; a real address passes.
    assert run_kiosk("config", "check", str(path)).returncode == 2
    text = text.replace("HALL-CODE", "XA-BL-01").replace('"000000"', '"610103"').replace("PRINTER-IP", "10.0.0.5")
    path.write_text(text, encoding="utf-8")
    check = run_kiosk("config", "check", str(path))
    assert check.returncode == 0 and "id_reader" in check.stdout


@pytest.mark.parametrize("args", [["config", "show", "--demo"], ["--help"], ["config", "--help"]])
def test_a_reader_that_goes_away_ends_quietly(args: list[str]) -> None:
    """``kiosk ... | head``: the pipe closes before we write; no traceback, no
    "Exception ignored" at exit."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    proc.stdout.close()  # the reader is gone before the first byte
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) in (0, 141)
    assert err == ""


def test_escape_sequences_in_a_config_are_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('"\\u001b[2Jrole\\u202e" = "kiosk"\n', encoding="utf-8")
    line = refused(run_kiosk("config", "check", str(path)))
    assert "\x1b" not in line and "\u202e" not in line
    assert "\\x1b[2Jrole\\u202e: unknown key" in line


def test_a_malformed_technician_pin_is_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('technician_pin = "24681O-secret"\n', encoding="utf-8")
    line = refused(run_kiosk("config", "check", str(path)))
    assert "technician_pin: must be 4-12 digits" in line
    assert "24681" not in line and "secret" not in line
