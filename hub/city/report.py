"""The city's report of a day or a month across its halls (``kiosk hub city report``,
``GET /api/v1/city/report``, ``/city/report``): per hall the cases it sent up, its
ratings (count, mean, bad ones), its 办不成事 reports and its rectifications opened,
closed and overdue, and a total line.

Days are China Standard Time (UTC+8, no daylight saving), the platform's day. A case
counts on the day the citizen submitted it (``submitted_at``), a rating or report on
the day the city received it. Tickets are not in it: the city keeps only each hall's
newest snapshot (today's queue), the hall's own ``kiosk hub report`` has its days.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.city.errors import CityError
from hub.city.tables import city_cases, city_evaluations, city_halls, city_reports, rectifications

CST = timezone(timedelta(hours=8))
BAD = 2
COLUMNS = (
    ("code", "编码"),
    ("name", "名称"),
    ("level", "层级"),
    ("district", "区县"),
    ("cases", "办件"),
    ("ratings", "评价"),
    ("satisfaction", "平均满意度"),
    ("bad_ratings", "差评"),
    ("unresolved_reports", "办不成事"),
    ("rectifications_opened", "整改新增"),
    ("rectifications_closed", "整改办结"),
    ("rectifications_overdue", "整改逾期"),
)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class Period:
    """The days a report covers: ``first`` to ``last`` inclusive, as epoch bounds."""

    label: str  # 2026-12-07 or 2026-12
    first: date
    last: date

    @property
    def start(self) -> float:
        return datetime(self.first.year, self.first.month, self.first.day, tzinfo=CST).timestamp()

    @property
    def end(self) -> float:
        after = self.last + timedelta(days=1)
        return datetime(after.year, after.month, after.day, tzinfo=CST).timestamp()


def period(day: str | None, month: str | None) -> Period:
    """The period of ``--date YYYY-MM-DD`` or ``--month YYYY-MM`` (exactly one).

    Raises:
        CityError: ``city.report.usage`` (neither or both), ``city.report.bad_date``.
    """
    if (day is None) == (month is None):
        raise CityError("city.report.usage", "give a day (YYYY-MM-DD) or a month (YYYY-MM), one of them")
    try:
        if day is not None:
            if not _DAY.match(day):
                raise ValueError
            d = date.fromisoformat(day)
            return Period(day, d, d)
        assert month is not None
        if not _MONTH.match(month):
            raise ValueError
        first = date.fromisoformat(month + "-01")
    except ValueError:
        given = (day or month or "")[:20]
        raise CityError("city.report.bad_date", f"not a day YYYY-MM-DD or month YYYY-MM: {given!r}") from None
    after = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return Period(month, first, after - timedelta(days=1))


def build(
    engine: Engine, p: Period, today: date, *, district: str | None = None, level: str | None = None
) -> list[dict[str, Any]]:
    """One row per hall (code order), then the total (``code`` ``"*"``); no personal data."""
    start, end = p.start, p.end
    with db.read(engine) as conn:
        q = sa.select(city_halls).order_by(city_halls.c.code)
        if district:
            q = q.where(city_halls.c.district == district)
        if level:
            q = q.where(city_halls.c.level == level)
        halls = conn.execute(q).all()

        def per_hall(query) -> dict[str, Any]:
            return {r[0]: r[1:] for r in conn.execute(query).all()}

        cases = per_hall(
            sa.select(city_cases.c.hall_code, sa.func.count())
            .where(city_cases.c.submitted_at >= start, city_cases.c.submitted_at < end)
            .group_by(city_cases.c.hall_code)
        )
        ratings = per_hall(
            sa.select(
                city_evaluations.c.hall_code,
                sa.func.count(),
                sa.func.sum(city_evaluations.c.satisfaction),
                sa.func.sum(sa.case((city_evaluations.c.satisfaction <= BAD, 1), else_=0)),
            )
            .where(city_evaluations.c.received_at >= start, city_evaluations.c.received_at < end)
            .group_by(city_evaluations.c.hall_code)
        )
        reports = per_hall(
            sa.select(city_reports.c.hall_code, sa.func.count())
            .where(city_reports.c.received_at >= start, city_reports.c.received_at < end)
            .group_by(city_reports.c.hall_code)
        )
        opened = per_hall(
            sa.select(rectifications.c.hall_code, sa.func.count())
            .where(rectifications.c.opened_at >= start, rectifications.c.opened_at < end)
            .group_by(rectifications.c.hall_code)
        )
        closed = per_hall(
            sa.select(rectifications.c.hall_code, sa.func.count())
            .where(rectifications.c.closed_at >= start, rectifications.c.closed_at < end)
            .group_by(rectifications.c.hall_code)
        )
        overdue = per_hall(  # open now and past the deadline (as of today, whatever the period)
            sa.select(rectifications.c.hall_code, sa.func.count())
            .where(rectifications.c.closed_at.is_(None), rectifications.c.deadline < today.isoformat())
            .group_by(rectifications.c.hall_code)
        )
    rows = []
    for h in halls:
        n, total, bad = ratings.get(h.code, (0, 0, 0))
        rows.append(
            {
                "code": h.code,
                "name": h.name,
                "level": h.level,
                "district": h.district,
                "cases": cases.get(h.code, (0,))[0],
                "ratings": int(n),
                "satisfaction_sum": int(total or 0),
                "bad_ratings": int(bad or 0),
                "unresolved_reports": reports.get(h.code, (0,))[0],
                "rectifications_opened": opened.get(h.code, (0,))[0],
                "rectifications_closed": closed.get(h.code, (0,))[0],
                "rectifications_overdue": overdue.get(h.code, (0,))[0],
            }
        )
    total_row: dict[str, Any] = {"code": "*", "name": "合计", "level": "", "district": ""}
    for key in COLUMNS[4:]:
        if key[0] != "satisfaction":
            total_row[key[0]] = sum(r[key[0]] for r in rows)
    total_row["satisfaction_sum"] = sum(r["satisfaction_sum"] for r in rows)
    for r in [*rows, total_row]:
        r["satisfaction"] = round(r["satisfaction_sum"] / r["ratings"], 2) if r["ratings"] else None
        del r["satisfaction_sum"]
    return [*rows, total_row]


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with a UTF-8 BOM (Excel opens the Chinese headings), headings in Chinese."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([title for _, title in COLUMNS])
    for r in rows:
        w.writerow(["" if r[key] is None else _cell(r[key]) for key, _ in COLUMNS])
    return "\ufeff" + out.getvalue()


def _cell(value: Any) -> Any:
    # A cell starting with = + - @ would be a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
