"""Waiting for something another thread or process does."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(
    check: Callable[[], T],
    *,
    what: str = "the condition",
    timeout_s: float = 10.0,
    step: Callable[[], object] | None = None,
    interval_s: float = 0.02,
) -> T:
    """Call ``check`` until it returns something true and return that; ``step`` runs
    between tries (e.g. to process Qt events). Fails the test after ``timeout_s``,
    naming ``what`` and the last value seen."""
    deadline = time.monotonic() + timeout_s
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout_s:g} s waiting for {what}; last: {got!r}")
        if step is not None:
            step()
        time.sleep(interval_s)
