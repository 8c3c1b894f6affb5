"""A private Xvfb server for end-to-end tests (a real X display, not offscreen)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time


class Xvfb:
    def __init__(self, width: int = 1920, height: int = 1080) -> None:
        if shutil.which("Xvfb") is None:
            raise RuntimeError("Xvfb is not installed: run tools/bootstrap.sh as root")
        self.size = (width, height)
        self.display = ""
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Xvfb:
        r, w = os.pipe()
        # -displayfd: Xvfb picks a free display number and writes it when ready.
        self._proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", f"{self.size[0]}x{self.size[1]}x24", "-nolisten", "tcp"],
            pass_fds=(w,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(w)
        deadline = time.monotonic() + 15
        data = b""
        with os.fdopen(r, "rb") as f:
            while not data.endswith(b"\n"):
                if time.monotonic() > deadline:
                    raise RuntimeError("Xvfb did not start")
                chunk = f.read(1)
                if not chunk:
                    raise RuntimeError("Xvfb exited before it was ready")
                data += chunk
        self.display = ":" + data.decode().strip()
        return self

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGTERM)
            self._proc.wait(timeout=5)

    def __enter__(self) -> Xvfb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
