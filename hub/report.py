"""The day's report for the hall manager (``kiosk hub report``): figures from the
tickets, evaluations and follow-ups of one service day, as a ``DayReport`` that
``to_csv`` and ``hub.report_html.render`` turn into a file.

Percentiles: the median is ``statistics.median`` (the mean of the two middle values for
an even count); p90 is the nearest-rank value (the ``ceil(0.9 n)``-th smallest), which is
always a time that really happened. Waiting time is ``called_at - issued_at`` of every
ticket that was called (a recall moves ``called_at``, so a recalled ticket counts to its
last call); service time is ``ended_at - called_at`` of finished tickets.

Bad ratings (1-2) must be called back (回访) within ``followup_days`` working days
(Monday to Friday; public holidays are not known here) of the rating.
"""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db, scales
from hub.queue import QueueRules
from hub.tables import evaluations, followups, tickets

FOLLOWUP_DAYS = 5
BAD = (1, 2)
UNNAMED = "（未注明）"
# Tables other parts of the hub add (cases from self-service, help requests): counted
# when present, never required. The first time column found decides the day: when the
# citizen did it (submitted_at / at) before when the hub heard of it.
OPTIONAL_TABLES = ("cases", "help_requests", "unresolved_reports")
TIME_COLUMNS = ("submitted_at", "created_at", "at", "received_at")


class ReportError(ValueError):
    """A report that cannot be made (a bad date)."""


@dataclass(frozen=True)
class Spread:
    """Median and p90 of a list of seconds (None when the list is empty)."""

    n: int
    median_s: float | None
    p90_s: float | None

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        if not values:
            return cls(0, None, None)
        ordered = sorted(values)
        p90 = ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
        return cls(len(ordered), round(statistics.median(ordered), 1), round(p90, 1))


@dataclass
class ServiceFigures:
    code: str
    name: str
    issued: int = 0
    called: int = 0
    finished: int = 0
    no_shows: int = 0
    waiting: Spread = field(default_factory=lambda: Spread(0, None, None))
    service: Spread = field(default_factory=lambda: Spread(0, None, None))


@dataclass
class Ratings:
    """Counts of 1..5 for one window or service."""

    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 6), 0))

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        return round(sum(k * v for k, v in self.counts.items()) / self.n, 2) if self.n else None

    @property
    def bad(self) -> int:
        return sum(self.counts[k] for k in BAD)


@dataclass(frozen=True)
class BadRating:
    """A 1-2 rating to call back: no personal data, only what identifies the visit."""

    id: str
    at: str  # local time of the rating
    satisfaction: int
    window: int | None
    service: str
    ticket: str
    reasons: tuple[str, ...]
    comment: str
    deadline: str  # YYYY-MM-DD
    followed_up: bool


@dataclass
class DayReport:
    hall_code: str
    hall_name: str
    day: str
    services: list[ServiceFigures]
    by_hour: dict[str, dict[int, int]]  # service code -> hour (0-23) -> tickets issued
    total: ServiceFigures
    ratings_by_window: dict[int | None, Ratings]
    ratings_by_service: dict[str, Ratings]
    bad: list[BadRating]
    extra: dict[str, int]  # optional tables found -> rows of the day
    followup_days: int = FOLLOWUP_DAYS

    @property
    def hours(self) -> list[int]:
        """The hours from the first to the last with a ticket (empty: none issued)."""
        used = sorted({h for per in self.by_hour.values() for h, n in per.items() if n})
        return list(range(used[0], used[-1] + 1)) if used else []


def add_working_days(start: date, days: int) -> date:
    """``days`` working days (Monday-Friday) after ``start``."""
    d = start
    while days > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


def check_day(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"--date {text!r}: give the service day as YYYY-MM-DD") from None
    # The report reads up to the next day's start: 9999-12-31 has none (OverflowError).
    if not date(1970, 1, 2) <= day <= date(9998, 12, 31):
        raise ReportError(f"--date {text!r}: give a service day between 1970-01-02 and 9998-12-31")
    return day.isoformat()


def build(engine: Engine, rules: QueueRules, day: str, *, followup_days: int = FOLLOWUP_DAYS) -> DayReport:
    """The figures of service day ``day`` (YYYY-MM-DD) in one read transaction."""
    day = check_day(day)
    if followup_days < 1:
        raise ReportError("--followup-days must be 1 or more")
    start = rules.day_start(day)
    end = rules.day_start((date.fromisoformat(day) + timedelta(days=1)).isoformat())
    with db.read(engine) as conn:
        rows = conn.execute(sa.select(tickets).where(tickets.c.day == day)).all()
        rated = conn.execute(sa.select(evaluations).where(evaluations.c.received_at >= start)).all()
        done = {r.evaluation_id for r in conn.execute(sa.select(followups.c.evaluation_id))}
        extra = _optional_counts(conn, start, end)
    names = {s.code: s.name for s in rules.hall.services}
    figures = {code: ServiceFigures(code, name) for code, name in names.items()}
    by_hour: dict[str, dict[int, int]] = defaultdict(Counter)
    waits: dict[str, list[float]] = defaultdict(list)
    serves: dict[str, list[float]] = defaultdict(list)
    number_service: dict[str, str] = {}
    for r in rows:
        # A transferred ticket counts in the service it ended in (tickets.service).
        f = figures.setdefault(r.service, ServiceFigures(r.service, r.service))
        f.issued += 1
        number_service[r.number] = r.service
        by_hour[r.service][datetime.fromtimestamp(r.issued_at, rules.tz).hour] += 1
        if r.called_at is not None:
            f.called += 1
            waits[r.service].append(r.called_at - r.issued_at)
        if r.status == "finished" and r.called_at is not None and r.ended_at is not None:
            f.finished += 1
            serves[r.service].append(r.ended_at - r.called_at)
        elif r.status == "skipped":
            f.no_shows += 1
    for code, f in figures.items():
        f.waiting, f.service = Spread.of(waits[code]), Spread.of(serves[code])
    total = ServiceFigures(
        "ALL",
        "合计",
        *(sum(getattr(f, k) for f in figures.values()) for k in ("issued", "called", "finished", "no_shows")),
    )
    total.waiting = Spread.of([w for v in waits.values() for w in v])
    total.service = Spread.of([s for v in serves.values() for s in v])
    by_window: dict[int | None, Ratings] = defaultdict(Ratings)
    by_service: dict[str, Ratings] = defaultdict(Ratings)
    bad: list[BadRating] = []
    for r in rated:
        record = json.loads(r.record)
        at = _assess_time(record, r.received_at, rules)
        if not start <= at.timestamp() < end:
            continue  # a rating of another day, sent up late
        service = _service_of(record, number_service, names)
        by_window[r.window_no].counts[r.satisfaction] += 1
        by_service[service].counts[r.satisfaction] += 1
        if r.satisfaction in BAD:
            local = at.astimezone(rules.tz)
            bad.append(
                BadRating(
                    r.id,
                    local.isoformat(timespec="minutes"),
                    r.satisfaction,
                    r.window_no,
                    service,
                    str(record.get("ticket") or ""),
                    tuple(record.get("evalDetail") or ()),
                    str(record.get("writingEvaluation") or "")[:200],
                    add_working_days(local.date(), followup_days).isoformat(),
                    r.id in done,
                )
            )
    bad.sort(key=lambda b: b.at)
    return DayReport(
        rules.hall.code,
        rules.hall.name,
        day,
        list(figures.values()),
        {k: dict(v) for k, v in by_hour.items()},
        total,
        dict(sorted(by_window.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        dict(sorted(by_service.items())),
        bad,
        extra,
        followup_days,
    )


def _assess_time(record: dict, received_at: float, rules: QueueRules) -> datetime:
    try:
        at = datetime.fromisoformat(str(record.get("assessTime")))
        return at if at.tzinfo else at.replace(tzinfo=rules.tz)
    except ValueError:
        return datetime.fromtimestamp(received_at, rules.tz)


def _service_of(record: dict, number_service: dict[str, str], names: dict[str, str]) -> str:
    """The service a rating belongs to: its ticket's queue, else the item's name."""
    code = number_service.get(str(record.get("ticket") or ""))
    if code:
        return f"{code} {names.get(code, code)}"
    return str(record.get("taskName") or "") or UNNAMED


def _optional_counts(conn: Connection, start: float, end: float) -> dict[str, int]:
    """Rows of the day in the tables other parts may have added (absent: left out)."""
    inspector = sa.inspect(conn)
    found: dict[str, int] = {}
    for name in OPTIONAL_TABLES:
        if not inspector.has_table(name):
            continue
        columns = {c["name"] for c in inspector.get_columns(name)}
        when = next((c for c in TIME_COLUMNS if c in columns), None)
        table = sa.table(name, *(sa.column(c) for c in columns))
        query = sa.select(sa.func.count()).select_from(table)
        if when is not None:
            query = query.where(table.c[when] >= start, table.c[when] < end)
        found[name] = int(conn.execute(query).scalar_one())
    return found


CSV_HEADER = ("section", "service", "window", "hour", "metric", "value", "detail")


def _num(value: float | None) -> str:
    return "" if value is None else (f"{value:.0f}" if float(value).is_integer() else f"{value}")


def to_csv(report: DayReport, scale: str = scales.DEFAULT) -> str:
    """The report as one long CSV table (``CSV_HEADER``), UTF-8 with a BOM so that
    Excel on a Chinese Windows opens it without garbling.

    ``scale`` is the direction ratings are written in (``hub.scales``): ``gbt39734``
    (``stars_1`` .. ``stars_5``, 5 = 非常满意) or ``reversed`` (``level_1`` .. ``level_5``,
    1 = 非常满意); the ``scale`` row says which.
    """
    scales.check(scale)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_HEADER)
    w.writerow(("day", "", "", "", "date", report.day, f"{report.hall_code} {report.hall_name}"))
    w.writerow(("day", "", "", "", "scale", scale, scales.SCALES[scale]))
    for f in [*report.services, report.total]:
        for metric in ("issued", "called", "finished", "no_shows"):
            w.writerow(("tickets", f.code, "", "", metric, getattr(f, metric), f.name))
        for kind, spread in (("waiting", f.waiting), ("service", f.service)):
            w.writerow(("times", f.code, "", "", f"{kind}_median_s", _num(spread.median_s), spread.n))
            w.writerow(("times", f.code, "", "", f"{kind}_p90_s", _num(spread.p90_s), spread.n))
    for code, per in sorted(report.by_hour.items()):
        for hour, n in sorted(per.items()):
            w.writerow(("by_hour", code, "", f"{hour:02d}", "issued", n, ""))
    for window, r in report.ratings_by_window.items():
        _rating_rows(w, "ratings_by_window", "", "" if window is None else window, r, scale)
    for service, r in report.ratings_by_service.items():
        _rating_rows(w, "ratings_by_service", service, "", r, scale)
    for b in report.bad:
        state = "done" if b.followed_up else "pending"
        w.writerow(
            (
                "followup",
                b.service,
                "" if b.window is None else b.window,
                b.at[11:13],
                b.id,
                scales.level(b.satisfaction, scale),
                f"deadline {b.deadline}; {state}; ticket {b.ticket}; reasons {' '.join(b.reasons)}",
            )
        )
    for name, n in report.extra.items():
        w.writerow(("extra", "", "", "", name, n, ""))
    return "\ufeff" + out.getvalue()


def _rating_rows(w, section: str, service: str, window, r: Ratings, scale: str) -> None:
    name = "stars" if scale == scales.GBT39734 else "level"
    for k in range(1, 6):  # k on the export's scale; counts are kept by the internal level
        w.writerow((section, service, window, "", f"{name}_{k}", r.counts[scales.level(k, scale)], ""))
    w.writerow((section, service, window, "", "count", r.n, ""))
    w.writerow((section, service, window, "", "mean", _num(scales.mean(r.mean, scale)), ""))
    w.writerow((section, service, window, "", "bad", r.bad, ""))


def mark_followed_up(engine: Engine, evaluation_id: str, note: str = "", clock=None) -> None:
    """Note that a bad rating was called back (回访); again replaces the note.

    Raises:
        ReportError: no evaluation with that id.
    """
    import time

    now = (clock or time.time)()
    with db.write(engine) as conn:
        found = conn.execute(sa.select(evaluations.c.id).where(evaluations.c.id == evaluation_id)).first()
        if found is None:
            raise ReportError(f"no evaluation {evaluation_id!r} (ids are in the report's followup rows)")
        conn.execute(followups.delete().where(followups.c.evaluation_id == evaluation_id))
        conn.execute(followups.insert().values(evaluation_id=evaluation_id, done_at=now, note=note[:500]))
