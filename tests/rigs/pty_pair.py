"""A linked pair of pseudo-terminals made by socat (HARDWARE.md §6).

    with PtyPair(tmp_path) as pair:
        device_side = pair.a      # the simulator opens this path
        host_side = pair.b        # the driver opens this path (serial_for_url works)
        pair.close()              # "pull the cable": both ends vanish
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path


class PtyPair:
    def __init__(self, folder: Path, name: str = "tty") -> None:
        if shutil.which("socat") is None:
            raise RuntimeError("socat is not installed: run tools/bootstrap.sh as root")
        self.a = str(folder / f"{name}-dev")
        self.b = str(folder / f"{name}-host")
        self._proc: subprocess.Popen[bytes] | None = None

    def open(self) -> "PtyPair":
        self._proc = subprocess.Popen(
            ["socat", f"pty,raw,echo=0,link={self.a}", f"pty,raw,echo=0,link={self.b}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 5
        while not (os.path.exists(self.a) and os.path.exists(self.b)):
            if self._proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("socat did not create the pty pair")
            time.sleep(0.01)
        return self

    def close(self) -> None:
        """Kill socat: both ends close, as when a USB-serial adapter is pulled."""
        if self._proc and self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGTERM)
            self._proc.wait(timeout=5)
        self._proc = None

    def __enter__(self) -> "PtyPair":
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()
