"""Journey 5 (JOURNEYS.md) with the set-up: a technician at a village station runs
``kiosk setup --cli``, answering on stdin. The devices are the simulators (`kiosk sim`:
the ID reader and the Modbus bus on socat ptys, the printer on TCP, the camera on a
file); the hub is a real one (tests/rigs/hub.py) that made the pairing code with
``kiosk hub pair``. The set-up scans the two serial ptys for the reader, tests each
device, pairs, writes the file; `kiosk config check` takes it, `kiosk devices check` is
green, and the hub's /status page lists the terminal as seen."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import httpx
import pytest

from tests.helpers import REPO, run_kiosk
from tests.rigs.hub import kiosk_cli, running_hub

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _start_sims(folder: Path) -> tuple[subprocess.Popen[str], dict[str, dict]]:
    sims = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "sim", "--folder", str(folder), "--insert-card", "0", "--config-snippet"],
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    lines = []
    for line in sims.stdout:
        if line.startswith("simulators running"):
            break
        lines.append(line)
    devices = tomllib.loads("".join(lines[lines.index("\n") :]))["devices"]
    return sims, devices


def test_technician_sets_up_a_station_with_a_pairing_code(tmp_path: Path) -> None:
    sims, devices = _start_sims(tmp_path / "sim")
    try:
        with running_hub(tmp_path / "hub") as hub:
            code = (
                kiosk_cli(
                    "hub", "pair", "--db", hub.db_url, "--terminal", "dongcun-1", "--role", "window", "--window", "2"
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            reader_pty = devices["id_reader"]["url"]
            bus_pty = devices["queue_bus"]["url"]  # a serial port that is not the reader
            printer = devices["printer"]["url"].removeprefix("tcp://")  # as typed: IP:port
            camera = devices["camera"]["source"]
            answers = (
                "\n".join(
                    [
                        "",  # put a card on the reader: yes (the simulator has one)
                        printer,
                        "",  # printer address; test print: yes
                        "none",  # no social security card reader
                        camera,
                        "",  # camera; QR test: yes
                        hub.url,
                        code,  # hub address and the pairing code
                        "",  # terminal id: the paired name
                        "VILLAGE-1",
                        "东村便民服务站",
                        "610103",
                        "135790",  # technician PIN
                    ]
                )
                + "\n"
            )
            config = tmp_path / "etc" / "config.toml"
            setup = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "kiosk",
                    "setup",
                    "--cli",
                    "--out",
                    str(config),
                    "--data-dir",
                    str(tmp_path / "data"),
                    "--ports",
                    bus_pty,
                    reader_pty,
                ],
                input=answers,
                capture_output=True,
                text=True,
                timeout=120,
                cwd=REPO,
                env={**os.environ, "PYTHONWARNINGS": "error"},
            )
            out = setup.stdout
            assert setup.returncode == 0, out + setup.stderr
            assert f"{bus_pty} 波特率9600：无应答" in out  # every speed tried on the wrong port
            assert f"找到身份证阅读器：{reader_pty}，波特率115200" in out
            assert re.search(r"读卡成功：张\*+ 6101\*{10}0012", out)  # masked, never whole
            assert "测试凭条已打印" in out and "已识别二维码" in out
            assert "配对成功：dongcun-1（window 2号窗口）" in out
            assert "未通过" not in out

            assert stat.S_IMODE(config.stat().st_mode) == 0o600
            written = tomllib.loads(config.read_text(encoding="utf-8"))
            assert written["role"] == "window" and written["hall"]["window_no"] == 2
            assert written["terminal_id"] == "dongcun-1" and written["technician_pin"] == "135790"
            assert written["hub"]["url"] == hub.url + "/" and len(written["hub"]["token"]) > 30
            assert written["devices"]["id_reader"] == {"backend": "serial", "url": reader_pty, "baud": 115200}
            assert written["devices"]["printer"]["url"] == devices["printer"]["url"]
            assert written["devices"]["smartcard"]["backend"] == "none"
            assert code not in config.read_text(encoding="utf-8")

            check = run_kiosk("config", "check", str(config))
            assert check.returncode == 0, check.stderr
            report = json.loads(run_kiosk("--config", str(config), "devices", "check", "--json", timeout=90).stdout)
            states = {d["kind"]: d["state"] for d in report["devices"]}
            assert states["id_reader"] == states["printer"] == states["camera"] == "ok", report

            jobs = tmp_path / "sim" / "printer-jobs"
            deadline = time.monotonic() + 10
            while not list(jobs.glob("*.png")) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert list(jobs.glob("*.png")), "the test receipt reached the printer"

            page = httpx.get(hub.url + "/status", headers=hub.headers()).text
            row = re.search(r"<tr><td>dongcun-1</td><td>window</td><td>2</td><td>(\d+) s ago", page)
            assert row and int(row.group(1)) < 120, page  # it authenticated with its token

            again = subprocess.run(
                [sys.executable, "-m", "kiosk", "setup", "--yes", "--out", str(config)],
                capture_output=True,
                text=True,
                timeout=60,
                cwd=REPO,
            )
            assert again.returncode == 2 and "--force" in again.stdout  # never clobbers silently
    finally:
        sims.send_signal(signal.SIGTERM)
        assert sims.wait(timeout=15) == 0
        sims.stdout.close()
        sims.stderr.close()


def test_kiosk_run_without_any_configuration_opens_the_wizard(tmp_path: Path) -> None:
    config = tmp_path / "nowhere" / "config.toml"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONWARNINGS": "error"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--config", str(config), "run", "--windowed"],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        shown = None
        deadline = time.monotonic() + 60
        while shown is None and time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            if line.startswith("{") and '"setup_wizard_shown"' in line:
                shown = json.loads(line)
        assert shown is not None, "the wizard did not open"
        assert shown["path"] == str(config) and shown["locked"] is False
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            rest = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            rest = proc.communicate()
    assert proc.returncode == 1, rest  # closed without saving: nothing written, not a crash
    assert not config.exists() and "Traceback" not in rest[1]
