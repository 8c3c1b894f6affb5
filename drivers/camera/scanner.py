"""The code scanner: a worker thread that reads frames and reports each code once.

Decoding every frame would take a core on the kiosk's small CPUs; a code held up to
the camera stays in view for many frames, so every 2nd or 3rd frame is enough
(HARDWARE.md §4). A payload is reported when it appears and again only after it has
been out of view for ``repeat_after_s``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from drivers.camera.base import Camera, CodeRead
from drivers.camera.codes import DEFAULT_MAX_WIDTH, CodeReader
from drivers.errors import DeviceError

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 2.0  # keeps "device back" within 2 s of its return


class CodeScanner:
    """Reads ``camera`` in its own thread and calls ``on_code`` for each new code.

    Args:
        camera: any :class:`Camera`.
        on_code: called on the scanner thread with each new :class:`CodeRead`; the UI
            bridge turns it into a Qt signal.
        every_nth: decode one frame in this many.
        repeat_after_s: a payload is reported again only after this long unseen.
        on_error: called on the scanner thread with a camera error (once per new
            error key), and with None when frames flow again.
        max_width: decode on frames downscaled to this width.
    """

    def __init__(
        self,
        camera: Camera,
        on_code: Callable[[CodeRead], None],
        every_nth: int = 2,
        repeat_after_s: float = 3.0,
        on_error: Callable[[DeviceError | None], None] | None = None,
        max_width: int = DEFAULT_MAX_WIDTH,
    ) -> None:
        if every_nth < 1:
            raise ValueError("every_nth must be at least 1")
        self.camera, self.on_code, self.on_error = camera, on_code, on_error
        self.every_nth, self.repeat_after_s, self.max_width = every_nth, repeat_after_s, max_width
        self.frames_read = 0
        self.frames_decoded = 0
        self._last_seen: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> CodeScanner:
        """Start the worker thread. Thread: any."""
        if not self.running:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="code-scanner", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout_s: float = 3.0) -> None:
        """Ask the thread to finish and wait for it. Thread: any (not the scanner's)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._thread = None

    def __enter__(self) -> CodeScanner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def is_new(self, code: CodeRead) -> bool:
        """Whether ``code`` should be reported (and note that it was seen now)."""
        last = self._last_seen.get(code.payload)
        self._last_seen[code.payload] = code.at
        # Forget payloads long gone so the table stays small on a kiosk that runs for weeks.
        if len(self._last_seen) > 256:
            cutoff = code.at - self.repeat_after_s
            self._last_seen = {p: t for p, t in self._last_seen.items() if t >= cutoff}
        return last is None or code.at - last > self.repeat_after_s

    def _run(self) -> None:
        reader = CodeReader(self.max_width)
        backoff, failing = 0.1, None
        while not self._stop.is_set():
            try:
                frame = self.camera.read_frame()
            except DeviceError as exc:
                if failing != exc.key:
                    failing = exc.key
                    self._notify_error(exc)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            if failing is not None:
                failing, backoff = None, 0.1
                self._notify_error(None)
            self.frames_read += 1
            if self.frames_read % self.every_nth:
                continue
            self.frames_decoded += 1
            for code in reader.decode(frame, time.time()):
                if self.is_new(code):
                    try:
                        self.on_code(code)
                    except Exception:
                        log.exception("on_code callback failed (category %s)", code.category)

    def _notify_error(self, error: DeviceError | None) -> None:
        if self.on_error is None:
            return
        try:
            self.on_error(error)
        except Exception:
            log.exception("on_error callback failed")
