"""Small helpers shared by tests: run the real `kiosk` command as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The real Guang'an directory (Apache-2.0, see its LICENSE), kept in the repository so a
# clone alone passes.
GUANGAN = REPO / "tests" / "data" / "guangan-catalog" / "items.json"


def run_kiosk(
    *args: str, timeout: float = 60, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` with the test's interpreter; returns the finished process."""
    full_env = {**os.environ, "PYTHONWARNINGS": "error", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=cwd or REPO,
    )


def bring_up_demo(core):
    """Bring the core up as the terminal does after its first screen, on the demo's
    simulators; returns (the simulator suite, a function that stops everything)."""
    from kiosk import bootstrap
    from launcher.demo import start_demo_devices

    started = []

    def demo_devices(settings):
        started.append(start_demo_devices(settings))
        return started[-1]

    stoppers: list = []
    bootstrap.bring_up(core, demo_devices=demo_devices, stoppers=stoppers)

    def stop() -> None:
        core.stop()
        for stop_one in reversed(stoppers):
            stop_one()

    return started[0].simulators, stop
