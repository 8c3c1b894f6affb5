"""A machine whose clock is set to UTC (a container, a cloud server), for the tests of
the hall's time: what people read must still be the hall's (Asia/Shanghai) time."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest


@pytest.fixture
def utc_machine(monkeypatch) -> Iterator[None]:
    """TZ=UTC in the process environment (and in the C library's view of it)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
