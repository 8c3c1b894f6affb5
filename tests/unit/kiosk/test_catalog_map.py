"""政务地图: opening at a given time (an injected clock: weekdays, weekends, holidays,
24 h), halls nearest first by district, what each accepts, and the QR text."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pytest

from kiosk.catalog.map import (
    accepts,
    day_kind,
    hall_views,
    navigation_url,
    nearest_first,
    open_now,
    open_state,
    ranges,
)
from kiosk.catalog.types import Hall

WEEKDAY = dt.date(2026, 12, 2)  # a Wednesday
SATURDAY = dt.date(2026, 12, 5)
SUNDAY = dt.date(2026, 12, 6)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m))


def hall(code="H", area="610103", kind="center", self_24h=False, **hours) -> Hall:
    base = {"weekdays": "09:00-17:00", "saturday": "closed", "sunday": "closed", "holidays": "closed"}
    return Hall(code, f"大厅{code}", area, f"地址{code}", "", kind, self_24h, {**base, **hours})


def test_hours_text_becomes_minute_ranges():
    assert ranges("09:00-17:30") == [(540, 1050)]
    assert ranges("08:30-12:00，14:00-17:30") == [(510, 720), (840, 1050)]
    assert ranges("closed") == [] and ranges("") == []
    assert ranges("24小时") == [(0, 1440)] and ranges("00:00-24:00") == [(0, 1440)]


def test_day_kind_weekend_and_listed_holidays():
    assert day_kind(WEEKDAY) == "weekdays"
    assert day_kind(SATURDAY) == "saturday" and day_kind(SUNDAY) == "sunday"
    assert day_kind(WEEKDAY, [WEEKDAY]) == "holidays"


def test_open_on_a_weekday_between_the_hours_only():
    h = hall()
    assert not open_now(h, at(WEEKDAY, "08:59"))
    assert open_now(h, at(WEEKDAY, "09:00"))
    assert open_now(h, at(WEEKDAY, "16:59"))
    assert not open_now(h, at(WEEKDAY, "17:00"))
    assert open_state(h, at(WEEKDAY, "10:00")).data == {"time": "17:00"}
    before = open_state(h, at(WEEKDAY, "07:30"))
    assert before.key == "map.closed_opens_at" and before.data == {"time": "09:00"}
    assert open_state(h, at(WEEKDAY, "18:00")).key == "map.closed_today"


def test_weekends_follow_their_own_hours():
    weekend = hall(saturday="09:00-16:00", sunday="closed")
    assert open_now(weekend, at(SATURDAY, "15:00"))
    assert not open_now(weekend, at(SATURDAY, "16:30"))
    assert not open_now(weekend, at(SUNDAY, "10:00"))
    assert open_state(weekend, at(SUNDAY, "10:00")).key == "map.closed_today"
    assert not open_now(hall(), at(SATURDAY, "10:00"))  # a weekday-only hall


def test_a_listed_holiday_uses_the_holiday_hours():
    bank = hall(holidays="10:00-16:00")
    assert not open_now(bank, at(WEEKDAY, "09:30"), [WEEKDAY])
    assert open_now(bank, at(WEEKDAY, "10:30"), [WEEKDAY])
    assert not open_now(hall(), at(WEEKDAY, "10:30"), [WEEKDAY])


def test_24h_hours_and_the_24h_self_service_area():
    always = hall(weekdays="00:00-24:00", saturday="24小时", sunday="00:00-24:00")
    for when in (at(WEEKDAY, "03:00"), at(SATURDAY, "23:59"), at(SUNDAY, "00:00")):
        assert open_now(always, when)
    # Counters closed, the self-service area open all night: not "open", but said so.
    night = open_state(hall(self_24h=True), at(WEEKDAY, "22:00"))
    assert not night.open and night.key == "map.self_service_only"


def test_nearest_first_own_district_then_city_then_elsewhere():
    halls = [
        hall("A", "610113"),
        hall("B", "610103", kind="street"),
        hall("C", "510100"),
        hall("D", "610103"),
        hall("E", "610112", kind="bank"),
    ]
    assert [h.hall_code for h in nearest_first(halls, "610103")] == ["D", "B", "A", "E", "C"]


def test_accepts_counts_citywide_items_and_the_districts_own():
    areas = [("全市通办", "610100", 10), ("跨省通办", "610103", 2), ("", "610103", 3), ("", "610113", 4)]
    here = accepts(hall(area="610103"), areas)
    there = accepts(hall(area="610113"), areas)
    assert (here.citywide, here.local, here.total) == (12, 3, 15)
    assert (there.citywide, there.local) == (12, 4)


def test_navigation_url_names_the_hall_and_its_address():
    h = hall("XA-H02", "610103")
    url = urlparse(navigation_url(h))
    q = parse_qs(url.query)
    assert url.scheme == "https" and url.netloc == "uri.amap.com"
    assert q["keyword"] == ["大厅XA-H02 地址XA-H02"] and q["city"] == ["610100"]


def test_hall_views_mark_here_the_district_and_the_weekend():
    halls = [hall("A", "610113", saturday="09:00-12:00"), hall("B", "610103", self_24h=True)]
    views = hall_views(halls, [("全市通办", "610100", 5)], area_code="610103", here_code="B", now=at(SATURDAY, "10:00"))
    assert [v.hall.hall_code for v in views] == ["B", "A"]
    assert views[0].here and views[0].own_district and not views[0].state.open
    assert views[0].markers == ["map.self_service_24h"]
    assert views[1].state.open and views[1].markers == ["map.weekend"] and not views[1].here
    assert views[1].accepts.citywide == 5


@pytest.mark.parametrize("text", ["", "x" * 5000])
def test_qr_matrix_refuses_what_no_code_holds(text):
    from kiosk.qr import qr_matrix

    with pytest.raises(ValueError):
        qr_matrix(text)
