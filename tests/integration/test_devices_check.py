"""`kiosk devices check` and `kiosk sim` as a technician runs them, against the real
simulators (pty pairs, TCP printer, Modbus bus, camera footage)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.health import HealthState
from kiosk.config import load_text
from kiosk.diagnostics import check_devices, suggestion
from tests.helpers import REPO, run_kiosk

pytestmark = pytest.mark.slow


def test_check_against_the_demo_simulators_is_all_green() -> None:
    out = run_kiosk("devices", "check", "--demo", "--json", timeout=90)
    report = json.loads(out.stdout)
    states = {d["kind"]: d["state"] for d in report["devices"]}
    assert out.returncode == 0, out.stdout + out.stderr
    for kind in ("id_reader", "printer", "queue_bus", "camera", "smartcard"):
        assert states[kind] == "ok", report
    assert report["ok"] is True


def test_check_names_the_problem_and_the_fix(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(
        '[devices.printer]\nbackend = "network"\nurl = "tcp://127.0.0.1:1"\n'
        f'[devices.id_reader]\nbackend = "serial"\nurl = "{tmp_path}/ttyUSB9"\n',
        encoding="utf-8",
    )
    out = run_kiosk("--config", str(cfg), "devices", "check", "--lang", "en", timeout=60)
    assert out.returncode == 1
    assert "Offline" in out.stdout and "Check the cable" in out.stdout
    assert "Not fitted" in out.stdout  # unconfigured kinds are listed, not hidden


def test_a_hung_device_cannot_stall_the_check(tmp_path: Path) -> None:
    import socket

    with socket.socket() as silent:  # accepts, never answers: a jammed network printer
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        settings = load_text(f'[devices.printer]\nbackend = "network"\nurl = "tcp://127.0.0.1:{port}"\n')
        rows = {r.kind: r for r in check_devices(settings, timeout_s=1.5)}
    printer = rows["printer"].health
    assert printer.state is not HealthState.OK  # silence is never "ok"
    assert rows["printer"].fix_key == suggestion(printer) != ""


def test_kiosk_sim_serves_until_stopped(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--folder", str(tmp_path), "--config-snippet"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    lines = []
    try:
        for line in proc.stdout:
            lines.append(line.rstrip())
            if line.startswith("simulators running"):
                break
        text = "\n".join(lines)
        assert "[devices.printer]" in text and 'backend = "network"' in text
        id_url = next(ln.split()[1] for ln in lines if ln.startswith("id_reader"))
        read = run_kiosk("devices", "read-card", id_url, "--json")
        assert read.returncode == 1 and "no_card" in read.stdout + read.stderr  # reader up, no card on it
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        proc.stdout.close()
        proc.stderr.close()
    assert not any(tmp_path.glob("*-host")), "pty links are removed when the simulators stop"
