"""政务地图: the halls and stations of the catalog, nearest first, open now or not, what
each accepts, and the text a phone scans to navigate there.

Pure functions over :class:`Hall` values; "now" is always passed in (an injected clock),
so opening is tested for any day and hour.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from kiosk.catalog.types import Hall

_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-–~至]\s*(\d{1,2}):(\d{2})")
_KIND_RANK = {"center": 0, "street": 1, "bank": 2, "post": 3, "village": 4}
# 通办范围 values under which an item is accepted at any hall of the city.
CITYWIDE = ("全市通办", "跨省通办", "全国通办")


def day_kind(day: dt.date, holidays: Iterable[dt.date] = ()) -> str:
    """weekdays | saturday | sunday | holidays (a listed public holiday wins)."""
    if day in set(holidays):
        return "holidays"
    return {5: "saturday", 6: "sunday"}.get(day.weekday(), "weekdays")


def ranges(hours: str) -> list[tuple[int, int]]:
    """``09:00-12:00，14:00-17:30`` -> minutes since midnight [(540, 720), (840, 1050)];
    ``closed`` or nothing readable -> []; ``24小时`` / ``00:00-24:00`` -> [(0, 1440)]."""
    text = (hours or "").strip()
    if not text or text == "closed":
        return []
    if "24" in text and ("小时" in text or text.lower() in ("24h", "24 h")):
        return [(0, 1440)]
    return [(int(a) * 60 + int(b), int(c) * 60 + int(d)) for a, b, c, d in _RANGE.findall(text)]


@dataclass(frozen=True)
class OpenState:
    open: bool  # the staffed windows are open now
    key: str  # map.open_until / map.closed_opens_at / map.closed_today / map.self_service_only
    data: dict[str, str]

    @classmethod
    def of(cls, is_open: bool, key: str, **data: str) -> OpenState:
        return cls(is_open, key, data)


def open_state(hall: Hall, now: dt.datetime, holidays: Iterable[dt.date] = ()) -> OpenState:
    """Whether the hall's windows are open at ``now``, and what to say about it."""
    minute = now.hour * 60 + now.minute
    today = ranges(hall.hours.get(day_kind(now.date(), holidays), "closed"))
    for start, end in today:
        if start <= minute < end:
            return OpenState.of(True, "map.open_until", time=_hhmm(end))
    later = [start for start, _ in today if start > minute]
    if later:
        return OpenState.of(False, "map.closed_opens_at", time=_hhmm(min(later)))
    if hall.self_service_24h:
        return OpenState.of(False, "map.self_service_only")
    return OpenState.of(False, "map.closed_today")


def open_now(hall: Hall, now: dt.datetime, holidays: Iterable[dt.date] = ()) -> bool:
    return open_state(hall, now, holidays).open


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def nearest_first(halls: list[Hall], area_code: str) -> list[Hall]:
    """The terminal's own district first, then the rest of its city, then the others;
    within each, centres before street, bank, post and village stations."""

    def rank(h: Hall) -> tuple[int, int, str]:
        if h.area_code == area_code:
            place = 0
        elif h.area_code[:4] == area_code[:4]:
            place = 1
        else:
            place = 2
        return place, _KIND_RANK.get(h.kind, 9), h.hall_code

    return sorted(halls, key=rank)


@dataclass(frozen=True)
class Accepts:
    """通办范围: what a hall accepts — every item handled across the city (or wider),
    and the district's own items."""

    citywide: int
    local: int

    @property
    def total(self) -> int:
        return self.citywide + self.local


def accepts(hall: Hall, areas: list[tuple[str, str, int]]) -> Accepts:
    """Counts of the items ``hall`` accepts.

    Args:
        areas: (通办范围, area code where handled, number of items) over the catalog
            (``CatalogService.item_areas``).
    """
    city = sum(n for handle_area, _, n in areas if handle_area in CITYWIDE)
    local = sum(n for handle_area, area, n in areas if handle_area not in CITYWIDE and area == hall.area_code)
    return Accepts(city, local)


def navigation_url(hall: Hall) -> str:
    """What the hall's QR code holds: a map search for the hall by name and address that
    a phone's map app opens (Amap URI API; no coordinates are in the catalog)."""
    keyword = quote(f"{hall.name} {hall.address}".strip())
    return f"https://uri.amap.com/search?keyword={keyword}&city={quote(hall.area_code[:4] + '00')}&callnative=1"


@dataclass(frozen=True)
class HallView:
    """One hall as the map lists it."""

    hall: Hall
    state: OpenState
    accepts: Accepts
    here: bool  # the hall this terminal stands in
    own_district: bool
    navigation: str  # what its QR code holds

    @property
    def markers(self) -> list[str]:
        """Message keys: 周末不打烊, 24小时自助."""
        out = []
        if self.hall.open_on_weekends:
            out.append("map.weekend")
        if self.hall.self_service_24h:
            out.append("map.self_service_24h")
        return out


def hall_views(
    halls: list[Hall],
    areas: list[tuple[str, str, int]],
    *,
    area_code: str,
    here_code: str,
    now: dt.datetime,
    holidays: Iterable[dt.date] = (),
) -> list[HallView]:
    """Every hall, nearest first (see :func:`nearest_first`), with its state at ``now``."""
    days = set(holidays)
    return [
        HallView(
            h,
            open_state(h, now, days),
            accepts(h, areas),
            h.hall_code == here_code,
            h.area_code == area_code,
            navigation_url(h),
        )
        for h in nearest_first(halls, area_code)
    ]
