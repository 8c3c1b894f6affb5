"""Journey 5 (JOURNEYS.md), the parts that exist: a technician sets up a station. The
devices are the simulators (`kiosk sim`, real pty pairs and a TCP printer); everything
else is the `kiosk` command as he would type it: write the configuration from what the
simulators print, check it, check the devices, print a test receipt, read his own card."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import REPO, run_kiosk

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_technician_configures_checks_prints_and_reads(tmp_path: Path) -> None:
    sims = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "sim",
            "--folder",
            str(tmp_path / "sim"),
            "--insert-card",
            "0",
            "--config-snippet",
        ],
        cwd=REPO,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    try:
        lines = []
        for line in sims.stdout:
            if line.startswith("simulators running"):
                break
            lines.append(line)
        snippet = "".join(lines[lines.index("\n") :])  # the [devices.*] tables after the URL list
        config = tmp_path / "config.toml"
        config.write_text(
            f'config_version = 1\nrole = "window"\ndata_dir = "{tmp_path / "data"}"\n[hall]\nwindow_no = 3\n' + snippet,
            encoding="utf-8",
        )

        check = run_kiosk("config", "check", str(config))
        assert check.returncode == 0, check.stderr
        assert "id_reader" in check.stdout and "printer" in check.stdout

        devices = run_kiosk("--config", str(config), "devices", "check", "--json", timeout=90)
        report = json.loads(devices.stdout)
        states = {d["kind"]: d["state"] for d in report["devices"]}
        assert states["id_reader"] == states["printer"] == states["queue_bus"] == "ok", report

        printer_url = next(d["where"] for d in report["devices"] if d["kind"] == "printer")
        png = tmp_path / "test-receipt.png"
        printed = run_kiosk("devices", "print-test", printer_url, "--png", str(png), "--json")
        assert printed.returncode == 0, printed.stdout + printed.stderr
        assert png.stat().st_size > 5000
        jobs = tmp_path / "sim" / "printer-jobs"
        deadline = time.monotonic() + 10  # the simulator renders the job once its connection closes
        while not list(jobs.glob("*.png")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(jobs.glob("*.png")), "the printer kept the job"

        reader_url = next(d["where"] for d in report["devices"] if d["kind"] == "id_reader")
        card = run_kiosk("devices", "read-card", reader_url, "--json")
        fields = json.loads(card.stdout)
        assert fields["name"] == "张**" and fields["id_number"] == "6101**********0012"
    finally:
        sims.send_signal(signal.SIGTERM)
        assert sims.wait(timeout=15) == 0
        sims.stdout.close()
        sims.stderr.close()
