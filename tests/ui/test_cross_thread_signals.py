"""Device workers hand results to the GUI thread through queued signals. PySide6 6.12.0
corrupts reference counts under exactly this load (the process dies with
"Fatal Python error: bool_dealloc"), so the pin in pyproject.toml is guarded here. It
runs in a subprocess: such a crash would otherwise take pytest down with it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tests.helpers import REPO

pytestmark = [pytest.mark.gui, pytest.mark.slow]

STRESS = textwrap.dedent("""
    import threading
    from concurrent.futures import Future
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from drivers.health import Health
    from ui.bridge import CoreBridge

    app = QApplication([])
    bridge = CoreBridge()
    N = 30000
    seen = {"jobs": 0, "health": 0}
    bridge.device_health_changed.connect(lambda kind, h: seen.__setitem__("health", seen["health"] + 1))
    done = bridge.on_job_done(lambda fut: seen.__setitem__("jobs", seen["jobs"] + (fut.result() is None)))

    def worker():
        for i in range(N):
            fut = Future()
            fut.set_result(None)
            done(fut)
            bridge.on_device_health("printer", Health.ok() if i % 2 else Health.offline("device.x"))

    threading.Thread(target=worker).start()
    check = QTimer(interval=10, timeout=lambda: seen["jobs"] == N == seen["health"] and app.quit())
    check.start()
    app.exec()
    print("delivered", seen["jobs"], seen["health"])
""")


def test_thirty_thousand_results_cross_to_the_gui_thread_intact() -> None:
    out = subprocess.run(
        [sys.executable, "-c", STRESS],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert "Fatal Python error" not in out.stderr
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["delivered", "30000", "30000"]
