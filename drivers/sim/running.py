"""Keeping a simulator run from the command line (``python -m drivers.sim.<kind>_sim``)."""

from __future__ import annotations

import time
from collections.abc import Callable


def run_until_interrupted(*stops: Callable[[], None]) -> None:
    """Sleep until Ctrl-C, then call each ``stop``."""
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        for stop in stops:
            stop()
