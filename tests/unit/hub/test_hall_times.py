"""The hub shows terminals' stamps in the hall's time (issue 14, finding 7): a terminal
on a UTC machine sent +00:00, and /status mixed it with the hub's +08:00."""

from __future__ import annotations

from hub.assist import _in_hall
from offline_cache.wire.hall_time import hall_local


def _local(epoch: float) -> str:
    return hall_local(epoch, "Asia/Shanghai").isoformat(timespec="seconds")


def test_a_utc_stamp_reads_in_the_halls_zone() -> None:
    assert _in_hall("2026-12-07T14:33:00+00:00", _local) == "2026-12-07T22:33:00+08:00"
    assert _in_hall("2026-12-07T22:33:00+08:00", _local) == "2026-12-07T22:33:00+08:00"


def test_a_stamp_without_zone_or_not_a_time_stays_as_sent() -> None:
    assert _in_hall("2026-12-07T14:33:00", _local) == "2026-12-07T14:33:00"
    assert _in_hall("yesterday", _local) == "yesterday"
    assert _in_hall("2026-12-07T14:33:00+00:00", None) == "2026-12-07T14:33:00+00:00"
