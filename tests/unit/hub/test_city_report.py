"""The city's report of a day or a month and its page on a real (SQLite) hub database:
the figures per hall and in total, the day bounds in China Standard Time, filters,
CSV that a spreadsheet cannot run, and HTML that escapes what halls and operators typed."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from hub import db
from hub.city import page, registry, report
from hub.city.errors import CityError
from hub.city.tables import city_cases, city_evaluations, city_reports, rectifications


def at(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=2)
    db.migrate(engine)
    registry.add(engine, registry.HallEntry("XA-BL", "碑林区政务服务中心", "district", "碑林区"))
    registry.add(engine, registry.HallEntry("XA-YT-01", "=cmd|' /C calc'!A0", "street", "雁塔区"))
    with db.write(engine) as conn:
        for ref, when in (("c1", "2026-12-07T00:10:00+08:00"), ("c2", "2026-12-06T23:50:00+08:00")):
            conn.execute(
                city_cases.insert().values(
                    hall_code="XA-BL",
                    reference=ref,
                    task_code="T",
                    submitted_at=at(when),
                    received_at=at(when),
                    body="{}",
                )
            )
        for ident, hall, sat in (("e1", "XA-BL", 5), ("e2", "XA-BL", 1), ("e3", "XA-YT-01", 4)):
            conn.execute(
                city_evaluations.insert().values(
                    hall_code=hall, id=ident, satisfaction=sat, received_at=at("2026-12-07T10:00:00+08:00"), record="{}"
                )
            )
        conn.execute(
            city_reports.insert().values(
                hall_code="XA-YT-01", reference="BB1", received_at=at("2026-12-07T11:00:00+08:00"),
                phone_masked="139****5678", record="{}",
            )
        )  # fmt: skip
        conn.execute(
            rectifications.insert().values(
                evaluation_id="e2", hall_code="XA-BL", satisfaction=1,
                opened_at=at("2026-12-07T10:00:00+08:00"), deadline="2026-12-01",
            )
        )  # fmt: skip
    yield engine
    engine.dispose()


def test_a_day_counts_by_the_china_day_per_hall_and_in_total(engine) -> None:
    rows = report.build(engine, report.period("2026-12-07", None), date(2026, 12, 8))
    by = {r["code"]: r for r in rows}
    assert [r["code"] for r in rows] == ["XA-BL", "XA-YT-01", "*"]
    assert by["XA-BL"]["cases"] == 1  # c2 was submitted 23:50 the day before (UTC+8)
    assert (by["XA-BL"]["ratings"], by["XA-BL"]["satisfaction"], by["XA-BL"]["bad_ratings"]) == (2, 3.0, 1)
    assert by["XA-BL"]["rectifications_opened"] == 1 and by["XA-BL"]["rectifications_overdue"] == 1
    assert by["XA-YT-01"]["unresolved_reports"] == 1
    assert (by["*"]["cases"], by["*"]["ratings"], by["*"]["satisfaction"]) == (1, 3, 3.33)


def test_a_month_and_the_filters(engine) -> None:
    month = report.period(None, "2026-12")
    assert (month.first, month.last) == (date(2026, 12, 1), date(2026, 12, 31))
    rows = report.build(engine, month, date(2026, 12, 8))
    assert rows[-1]["cases"] == 2
    only = report.build(engine, month, date(2026, 12, 8), district="雁塔区")
    assert [r["code"] for r in only] == ["XA-YT-01", "*"]
    assert [r["code"] for r in report.build(engine, month, date(2026, 12, 8), level="district")] == ["XA-BL", "*"]
    assert report.period(None, "2026-02").last == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("day", "month", "key"),
    [
        (None, None, "city.report.usage"),
        ("2026-12-07", "2026-12", "city.report.usage"),
        ("2026-13-01", None, "city.report.bad_date"),
        ("7.12.2026", None, "city.report.bad_date"),
        (None, "2026-12-01", "city.report.bad_date"),
    ],
)
def test_a_bad_period_is_refused_with_its_key(day, month, key) -> None:
    with pytest.raises(CityError) as caught:
        report.period(day, month)
    assert caught.value.code == key


def test_csv_has_chinese_headings_and_no_formula_cells(engine) -> None:
    text = report.to_csv(report.build(engine, report.period("2026-12-07", None), date(2026, 12, 8)))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["编码", "名称", "层级"]
    assert rows[2][1] == "'=cmd|' /C calc'!A0"  # a spreadsheet shows it, never runs it


def test_the_pages_escape_what_halls_and_operators_typed(engine) -> None:
    registry.add(engine, registry.HallEntry("XA-X", "<script>alert(1)</script>", "post", "<b>区</b>"))
    p = report.period("2026-12-07", None)
    html = page.report_page(report.build(engine, p, date(2026, 12, 8)), p, "2026-12-08")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    hall = {
        "code": "XA-X", "name": "<script>x</script>", "level": "post", "district": "<b>区</b>", "linked": True,
        "platform": {"pending": 0, "dead": 0}, "rectifications": {"open": 0, "overdue": 0},
        "figures": {
            "online": True, "terminals_up": 1, "terminals_down": 0, "paper_low": 0, "catalog_version": 7,
            "catalog_refused": {"version": 8, "error": "<img src=x onerror=alert(1)>"}, "waiting": 0,
            "tickets_today": 0, "cases_today": 0, "ratings_today": 0, "satisfaction_today": None,
        },
    }  # fmt: skip
    html = page.city_page([hall], {"districts": ["<b>区</b>"], "levels": ["post"]}, "2026-12-08", "<b>区</b>", "")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
