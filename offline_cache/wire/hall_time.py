"""The hall's time: one hall, one time zone, on every screen, receipt, report and the hub.

Instants travel as epoch seconds or aware datetimes; what a person reads is the hall's
local time, whatever zone the machine (a container, a UTC server) is set to. Terminals
take the zone from ``[hall] timezone``, the hub from its hall file; both turn instants
into words through :func:`hall_local` here, so a ticket reads the same on the screen,
on paper and on the hub's pages (issue 14, finding 7: 22:33 on paper, 14:33 on screen).

Stdlib only, as the rest of ``offline_cache.wire``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import lru_cache

DEFAULT_ZONE = "Asia/Shanghai"  # China has one time zone (北京时间)
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


@lru_cache(maxsize=8)
def hall_zone(name: str = DEFAULT_ZONE) -> dt.tzinfo:
    """The tzinfo of a zone name.

    Asia/Shanghai without the zone database (a minimal image) is the fixed +08:00 it has
    been since 1991.

    Raises:
        ValueError: an unknown zone name.
    """
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except Exception:
        if name == DEFAULT_ZONE:
            return CHINA
        raise ValueError(f"unknown time zone {name!r}") from None


def is_zone(name: str) -> bool:
    """Whether ``name`` is a zone this machine knows (config and hall-file checks)."""
    try:
        hall_zone(name)
    except ValueError:
        return False
    return True


def hall_local(instant: float | dt.datetime, zone: str = DEFAULT_ZONE) -> dt.datetime:
    """An instant as the hall's aware local time.

    Args:
        instant: epoch seconds, or a datetime (a naive one is taken as this machine's
            local time, as Python does).
        zone: the hall's zone name.
    """
    tz = hall_zone(zone)
    if isinstance(instant, dt.datetime):
        return instant.astimezone(tz)
    return dt.datetime.fromtimestamp(float(instant), tz)


def hall_now(zone: str = DEFAULT_ZONE, clock: Callable[[], float] = time.time) -> dt.datetime:
    """Now, in the hall's zone."""
    return hall_local(clock(), zone)


def minute_text(instant: float | dt.datetime, zone: str = DEFAULT_ZONE) -> str:
    """``2026-12-07 22:33``: the date-time a person reads on a screen or receipt."""
    return f"{hall_local(instant, zone):%Y-%m-%d %H:%M}"
