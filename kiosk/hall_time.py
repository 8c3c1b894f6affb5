"""The hall's local time for the core and the screens (``ui`` may not import
``offline_cache``): the one helper lives in :mod:`offline_cache.wire.hall_time`."""

from offline_cache.wire.hall_time import DEFAULT_ZONE, hall_local, hall_now, hall_zone, is_zone, minute_text

__all__ = ["DEFAULT_ZONE", "hall_local", "hall_now", "hall_zone", "is_zone", "minute_text"]
