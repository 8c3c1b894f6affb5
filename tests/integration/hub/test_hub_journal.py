"""The hub's log lines under journald (``hub.serve.log_config``, ``common.journal``): a
real ``kiosk hub serve`` whose stderr is the file ``$JOURNAL_STREAM`` names writes each
warning with journald's ``<4>`` prefix; the same hub elsewhere writes it bare."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.rigs.hub import free_port

REPO = Path(__file__).resolve().parents[3]
WARNING = "watchdog_socket_invalid"  # what a relative $NOTIFY_SOCKET makes the hub log


def _hub_log(tmp_path: Path, *, journal: bool) -> list[str]:
    log = tmp_path / "hub.log"
    log.touch()
    st = os.stat(log)
    env = {k: v for k, v in os.environ.items() if k not in ("JOURNAL_STREAM", "WATCHDOG_USEC")}
    env.update(PYTHONPATH=str(REPO), NOTIFY_SOCKET="not/absolute")
    env["JOURNAL_STREAM"] = f"{st.st_dev}:{st.st_ino}" if journal else f"{st.st_dev}:{st.st_ino + 1}"
    cmd = [sys.executable, "-m", "kiosk", "hub", "serve", "--db", str(tmp_path / "hub.sqlite")]
    with log.open("a", encoding="utf-8") as out:
        proc = subprocess.Popen([*cmd, "--port", str(free_port())], stdout=out, stderr=out, env=env, cwd=REPO)
    try:
        deadline = time.monotonic() + 90
        while WARNING not in log.read_text(encoding="utf-8"):
            assert proc.poll() is None, log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(20)
    return [line for line in log.read_text(encoding="utf-8").splitlines() if WARNING in line]


@pytest.mark.parametrize("journal", [True, False], ids=["journald", "elsewhere"])
def test_a_hub_warning_carries_its_priority_only_under_journald(tmp_path: Path, journal: bool) -> None:
    (line,) = _hub_log(tmp_path, journal=journal)
    assert line.startswith("<4>") is journal, line
    assert line.removeprefix("<4>").startswith("WARNING:"), line
