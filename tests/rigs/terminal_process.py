"""Stopping a terminal started as a subprocess (``kiosk run``) once a test or a bench has
what it wanted from it."""

from __future__ import annotations

import subprocess


def stop_terminal(proc: subprocess.Popen[str], timeout_s: float = 60) -> None:
    """SIGTERM, then wait for it to end, reading what it still writes (a full pipe would
    hold it); SIGKILL after ``timeout_s``. A quit during the services' bring-up waits
    for the bring-up (launcher/app.py, up to 20 s)."""
    proc.terminate()
    try:
        proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
