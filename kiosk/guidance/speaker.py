"""The cancellable speech queue of voice guidance, and the log of what it was asked.

::

    say(a) say(b) ─▶ [ a, b ] ─▶ worker ─▶ output.say(text, lang, stop)
    cancel()      ─▶  queue cleared, generation + 1, stop of the one being said set

Every utterance carries the generation it was queued in; the worker drops any whose
generation is stale, and the stop event of the utterance being said is set under the
same lock the worker takes it with, so a cancel can never miss the sentence that was
just starting. The log is written in the caller's thread when an utterance is queued:
tests read what was asked to be said without ever waiting on audio.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass

from kiosk.guidance.output import GuidanceOutput

log = logging.getLogger("kiosk.guidance")

ROUTES = ("loudspeaker", "headset")


@dataclass(frozen=True)
class Spoken:
    """One utterance as it was handed to the voice.

    ``text`` is what the voice was given (for a private utterance with no headset,
    the neutral phrase); ``withheld`` says that private words were replaced.
    """

    kind: str
    text: str
    lang: str
    route: str  # loudspeaker | headset
    private: bool = False
    withheld: bool = False


class GuidanceSpeaker:
    """Speaks utterances one after another on one worker thread; ``cancel`` cuts off.

    Args:
        output: the voice (``choose_output``); may be replaced while idle.
        max_log: the log keeps the last this many utterances (it is wiped with the visit).
    """

    def __init__(self, output: GuidanceOutput, max_log: int = 500) -> None:
        self.output = output
        self.max_log = max_log
        self.log: list[Spoken] = []
        self.cancels = 0
        self._lock = threading.Condition()
        self._queue: deque[tuple[int, Spoken]] = deque()
        self._generation = 0
        self._stop = threading.Event()  # the stop token of the utterance being said
        self._busy = False
        self._thread: threading.Thread | None = None
        self._closed = False

    def say(self, spoken: Spoken) -> None:
        """Queue ``spoken`` after what is waiting. Thread: any."""
        with self._lock:
            if self._closed:
                return
            self.log.append(spoken)
            del self.log[: -self.max_log]
            self._queue.append((self._generation, spoken))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="guidance-speech", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def cancel(self) -> int:
        """Drop what is waiting and stop what is being said; returns how many were
        dropped or cut. Thread: any."""
        with self._lock:
            dropped = len(self._queue) + (1 if self._busy else 0)
            self._queue.clear()
            self._generation += 1
            self._stop.set()
            self.cancels += 1
            self._lock.notify_all()
        return dropped

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def pending(self) -> int:
        """Utterances waiting or being said."""
        with self._lock:
            return len(self._queue) + (1 if self._busy else 0)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is waiting or being said; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._queue and not self._busy, timeout)

    def close(self) -> None:
        """Cancel everything and stop the worker."""
        self.cancel()
        with self._lock:
            self._closed = True
            self._lock.notify_all()
            thread = self._thread
        if thread is not None:
            thread.join(5.0)

    def _run(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._queue or self._closed)
                if self._closed:
                    return
                generation, spoken = self._queue.popleft()
                if generation != self._generation:
                    continue
                stop = self._stop = threading.Event()
                self._busy = True
            try:
                self.output.say(spoken.text, spoken.lang, stop)
            except Exception as exc:  # a voice that fails must not end guidance
                log.warning("guidance_speech_failed", extra={"fields": {"error": type(exc).__name__}})
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()
