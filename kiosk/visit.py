"""The visit: one citizen's time at the terminal, from first tap to wipe.

    idle --begin()/touch()--> active --(timeout - warning) idle--> warning
    warning --touch()/extend()--> active          (WCAG 2.2.1: one simple action)
    warning --(timeout) idle--> idle  [wiped]
    active/warning --end(reason)--> idle  [wiped]

No Qt here: the UI calls ``tick()`` from a timer (once a second is enough) and ``touch()``
on every input event; listeners hear state changes, the warning countdown and the end.
Wiping runs every registered hook, clears the session data and deletes the visit's temp
folder, so nothing of one citizen is left for the next (ARCHITECTURE.md, privacy).
"""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.logs import log_event


class VisitState(str, enum.Enum):
    IDLE = "idle"
    ACTIVE = "active"
    WARNING = "warning"


class EndReason(str, enum.Enum):
    DONE = "done"  # the citizen finished (receipt printed, rated, or tapped 退出)
    TIMEOUT = "timeout"  # nobody answered the warning
    CANCELLED = "cancelled"  # a helper or clerk ended it


@dataclass
class VisitListener:
    """Callbacks, called on the thread that calls ``tick``/``touch``/``end``."""

    on_state: Callable[[VisitState], None] = lambda state: None
    on_warning: Callable[[int], None] = lambda seconds_left: None
    on_ended: Callable[[EndReason], None] = lambda reason: None


@dataclass
class Visit:
    """One visit's state and its personal data (only ever in memory or its temp folder).

    Args:
        timeout_s: idle time after which the visit ends.
        warning_s: how long before the end the warning shows (≥ 20 s).
        clock: a monotonic clock, injectable for tests.
    """

    timeout_s: float
    warning_s: float
    clock: Callable[[], float] = time.monotonic
    listener: VisitListener = field(default_factory=VisitListener)
    state: VisitState = VisitState.IDLE
    visit_id: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    _last_input: float = 0.0
    _wipe_hooks: list[Callable[[], None]] = field(default_factory=list)
    _temp_dir: Path | None = None

    def __post_init__(self) -> None:
        if self.warning_s < 20:
            raise ValueError("the warning must come at least 20 s before the end (WCAG 2.2.1)")
        if self.warning_s >= self.timeout_s:
            raise ValueError("warning_s must be shorter than timeout_s")

    # -- input -----------------------------------------------------------------------
    def begin(self) -> None:
        """Start a visit (first tap on the idle screen)."""
        if self.state is VisitState.IDLE:
            self.visit_id = os.urandom(6).hex()
            self._last_input = self.clock()
            self._set(VisitState.ACTIVE)
            log_event("visit_started", visit=self.visit_id)

    def touch(self) -> None:
        """Any tap or key: the citizen is still here. Ends a warning (extends)."""
        if self.state is VisitState.IDLE:
            return
        self._last_input = self.clock()
        if self.state is VisitState.WARNING:
            log_event("visit_extended", visit=self.visit_id)
            self._set(VisitState.ACTIVE)

    extend = touch

    def end(self, reason: EndReason = EndReason.DONE) -> None:
        """End the visit now and wipe everything it held."""
        if self.state is VisitState.IDLE:
            return
        ended = self.visit_id
        self._wipe()
        self._set(VisitState.IDLE)
        log_event("visit_ended", visit=ended, reason=reason.value)
        self.listener.on_ended(reason)

    # -- time ------------------------------------------------------------------------
    def seconds_left(self) -> float:
        """Seconds until the visit ends by itself (0 when idle)."""
        if self.state is VisitState.IDLE:
            return 0.0
        return max(0.0, self._last_input + self.timeout_s - self.clock())

    def tick(self) -> VisitState:
        """Advance the timers; call about once a second."""
        if self.state is VisitState.IDLE:
            return self.state
        left = self.seconds_left()
        if left <= 0:
            self.end(EndReason.TIMEOUT)
        elif left <= self.warning_s:
            if self.state is not VisitState.WARNING:
                self._set(VisitState.WARNING)
            self.listener.on_warning(int(left + 0.999))
        return self.state

    # -- private data ------------------------------------------------------------------
    def on_wipe(self, hook: Callable[[], None]) -> None:
        """Register something to clear when the visit ends (widgets, caches)."""
        self._wipe_hooks.append(hook)

    def temp_dir(self) -> Path:
        """A private folder for this visit's files (captured images); deleted on wipe."""
        if self._temp_dir is None:
            import tempfile

            self._temp_dir = Path(tempfile.mkdtemp(prefix="visit-"))
            self._temp_dir.chmod(0o700)
        return self._temp_dir

    def _wipe(self) -> None:
        for hook in self._wipe_hooks:
            try:
                hook()
            except Exception as exc:  # one failing hook must not keep data of the others
                log_event("wipe_hook_failed", error=type(exc).__name__)
        self.data.clear()
        if self._temp_dir is not None:
            import shutil

            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None
        self.visit_id = ""

    def _set(self, state: VisitState) -> None:
        if state is not self.state:
            self.state = state
            self.listener.on_state(state)
