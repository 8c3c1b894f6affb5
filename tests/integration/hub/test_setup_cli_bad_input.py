"""``kiosk setup`` refusing what it cannot use: a wrong, used or malformed pairing code,
a hub that is not there, a bad PIN, no display; never a traceback, never a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO, run_kiosk
from tests.rigs.hub import HubProcess, kiosk_cli

BASE = (
    "setup",
    "--yes",
    "--no-id-reader",
    "--printer",
    "none",
    "--camera",
    "none",
    "--smartcard",
    "none",
    "--pin",
    "135790",
)


def _setup(tmp_path: Path, *args: str, env: dict | None = None):
    out = tmp_path / "config.toml"
    done = run_kiosk(*BASE, "--out", str(out), "--data-dir", str(tmp_path / "data"), *args, env=env)
    assert "Traceback" not in done.stdout + done.stderr
    return done, out


def test_pairing_refusals_write_nothing_and_say_why(hub: HubProcess, tmp_path: Path) -> None:
    code = (
        kiosk_cli("hub", "pair", "--db", hub.db_url, "--terminal", "lobby-9", "--role", "kiosk")
        .stdout.strip()
        .splitlines()[-1]
    )
    wrong = "000000" if code != "000000" else "000001"
    done, out = _setup(tmp_path, "--hub", hub.url, "--code", wrong)
    assert done.returncode == 2 and "配对码不对" in done.stdout and not out.exists()
    done, out = _setup(tmp_path, "--hub", hub.url, "--code", "12345")
    assert done.returncode == 2 and "配对码是6位数字" in done.stdout and not out.exists()
    done, out = _setup(tmp_path, "--hub", hub.url, "--code", code)
    assert done.returncode == 0 and out.exists() and "配对成功：lobby-9（kiosk）" in done.stdout
    assert 'code = "DEMO-HALL"' in out.read_text(encoding="utf-8")  # the hall the hub serves
    out.unlink()
    done, out = _setup(tmp_path, "--hub", hub.url, "--code", code)
    assert done.returncode == 2 and "配对码已用过" in done.stdout and not out.exists()


def test_no_hub_bad_pin_and_no_display(tmp_path: Path) -> None:
    done, out = _setup(tmp_path, "--hub", "http://127.0.0.1:9", "--code", "123456")
    assert done.returncode == 2 and "连接不上大厅服务器" in done.stdout and not out.exists()
    done, out = _setup(tmp_path, "--hub", "embedded", "--pin", "12")
    assert done.returncode == 2 and "维护密码应为4至12位数字" in done.stdout and not out.exists()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    headless = subprocess.run(
        [sys.executable, "-m", "kiosk", "setup", "--out", str(tmp_path / "c.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=env,
    )
    assert headless.returncode == 2 and "kiosk setup --cli" in headless.stderr
