"""Clocks that move only when a test moves them; the product's services take a clock."""

from __future__ import annotations

import datetime as dt


class FakeClock:
    """Seconds since the epoch (``time.time``'s shape), moved by the test.

    ``clock.t`` is the time; ``clock()`` reads it; ``advance`` and ``set`` move it.
    """

    def __init__(self, t: float | dt.datetime = 1_800_000_000.0) -> None:
        self.t = 0.0
        self.set(t)

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    def set(self, when: float | dt.datetime) -> None:
        self.t = when.timestamp() if isinstance(when, dt.datetime) else float(when)


class FakeWallClock:
    """A wall clock of datetimes that moves only when told (a Wednesday morning)."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 12, 2, 9, 30)) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now
