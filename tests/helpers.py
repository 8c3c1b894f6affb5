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


def run_kiosk(*args: str, timeout: float = 60, env: dict[str, str] | None = None,
              cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m kiosk ARGS`` with the test's interpreter; returns the finished process."""
    full_env = {**os.environ, "PYTHONWARNINGS": "error", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env, cwd=cwd or REPO)
