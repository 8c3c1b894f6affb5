"""The day's report and the 需要处理 alerts over a simulated day (tests/unit/hub/day_rig.py)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from common import texts
from hub import alerts, db, report, report_html
from hub.tables import followups
from hub.words import TEXTS_DIR
from tests.unit.hub.day_rig import DAY, at, build_day


@pytest.fixture
def day(tmp_path: Path):
    engine, rules, clock = build_day(tmp_path / "hub.sqlite")
    yield engine, rules, clock
    engine.dispose()


def _rows(text: str) -> dict[tuple[str, str, str, str, str], str]:
    assert text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text[1:]))
    assert tuple(reader.fieldnames) == report.CSV_HEADER
    return {(r["section"], r["service"], r["window"], r["hour"], r["metric"]): r["value"] for r in reader}


def test_the_csv_holds_the_days_figures_exactly(day) -> None:
    engine, rules, _ = day
    with db.write(engine) as conn:
        conn.execute(followups.insert().values(evaluation_id="e4", done_at=at("15:00"), note=""))
    rows = _rows(report.to_csv(report.build(engine, rules, DAY)))
    t = lambda service, metric: rows[("tickets", service, "", "", metric)]
    s = lambda service, metric: rows[("times", service, "", "", metric)]
    assert [t("A", m) for m in ("issued", "called", "finished", "no_shows")] == ["4", "4", "3", "1"]
    assert [t("B", m) for m in ("issued", "called", "finished", "no_shows")] == ["2", "1", "1", "0"]
    assert [t("C", m) for m in ("issued", "called", "finished", "no_shows")] == ["1", "1", "0", "0"]
    assert [t("ALL", m) for m in ("issued", "called", "finished", "no_shows")] == ["7", "6", "4", "1"]
    # A waits 2, 4, 10, 1 min: median of 60,120,240,600 = 180 s; p90 = the 4th of 4.
    assert (s("A", "waiting_median_s"), s("A", "waiting_p90_s")) == ("180", "600")
    assert (s("A", "service_median_s"), s("A", "service_p90_s")) == ("300", "600")
    assert (s("B", "waiting_median_s"), s("B", "service_median_s")) == ("900", "1200")
    assert (s("C", "waiting_median_s"), s("C", "service_median_s")) == ("60", "")
    assert (s("ALL", "waiting_median_s"), s("ALL", "waiting_p90_s")) == ("180", "900")
    assert (s("ALL", "service_median_s"), s("ALL", "service_p90_s")) == ("450", "1200")
    assert {k[1:4]: v for k, v in rows.items() if k[0] == "by_hour"} == {
        ("A", "", "09"): "3",
        ("A", "", "10"): "1",
        ("B", "", "10"): "2",
        ("C", "", "10"): "1",
    }
    w = lambda window, metric: rows[("ratings_by_window", "", window, "", metric)]
    assert (w("1", "count"), w("1", "stars_5"), w("1", "mean")) == ("1", "1", "5")  # e0 was yesterday
    assert (w("2", "count"), w("2", "mean"), w("2", "bad"), w("2", "stars_1")) == ("2", "1.5", "2", "1")
    assert (w("3", "stars_4"), w("", "stars_5")) == ("1", "1")
    v = lambda service, metric: rows[("ratings_by_service", service, "", "", metric)]
    assert (v("A 综合受理", "count"), v("A 综合受理", "mean"), v("A 综合受理", "bad")) == ("3", "3.67", "1")
    assert (v("B 社保医保", "stars_1"), v("高龄津贴申领", "stars_5")) == ("1", "1")
    follow = {k[4]: (k[1], k[2], v) for k, v in rows.items() if k[0] == "followup"}
    assert follow == {"e2": ("A 综合受理", "2", "2"), "e4": ("B 社保医保", "2", "1")}
    text = report.to_csv(report.build(engine, rules, DAY))
    # Friday + 5 working days = next Friday; e4 was called back already.
    assert "deadline 2026-12-11; pending; ticket A002; reasons 201" in text
    assert "deadline 2026-12-11; done; ticket B001; reasons 101 203" in text
    assert rows[("extra", "", "", "", "cases")] == "2"  # by submitted_at, not updated_at
    assert rows[("extra", "", "", "", "help_requests")] == "1"


def test_tables_that_do_not_exist_are_left_out(day) -> None:
    engine, rules, _ = day
    with db.write(engine) as conn:
        conn.execute(sa.text("DROP TABLE help_requests"))
    built = report.build(engine, rules, DAY)
    assert built.extra == {"cases": 2, "unresolved_reports": 0}  # 办不成事 (migration 0006): none that day
    assert "帮办代办" not in report_html.render(built)


def test_followup_days_and_working_days() -> None:
    assert report.add_working_days(date(2026, 12, 4), 5) == date(2026, 12, 11)
    assert report.add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # Saturday -> Monday
    assert report.add_working_days(date(2026, 12, 1), 2) == date(2026, 12, 3)


def test_a_quiet_day_and_bad_input(day) -> None:
    engine, rules, _ = day
    quiet = report.build(engine, rules, "2026-12-05")
    assert quiet.total.issued == 0 and quiet.total.waiting.median_s is None and quiet.bad == []
    assert "当日无人取号" in report_html.render(quiet) and "当日无差评" in report_html.render(quiet)
    with pytest.raises(report.ReportError):
        report.build(engine, rules, "2026-02-30")
    with pytest.raises(report.ReportError):
        report.build(engine, rules, DAY, followup_days=0)
    assert report.build(engine, rules, DAY, followup_days=1).bad[0].deadline == "2026-12-07"


def test_the_html_shows_the_same_figures_with_charts_and_no_outside_parts(day) -> None:
    engine, rules, _ = day
    page = report_html.render(report.build(engine, rules, DAY))
    assert '<b id="kpi-issued">7</b>' in page and '<b id="kpi-finished">4</b>' in page
    assert '<b id="kpi-noshows">1</b>' in page and '<b id="kpi-pending">2</b>' in page
    assert '<b id="kpi-wait">3分00秒</b>90%不超过15分00秒' in page
    assert "<td>A 综合受理</td><td>4</td><td>4</td><td>3</td><td>1</td><td>3分00秒</td><td>10分00秒</td>" in page
    assert page.count("<svg") == 3 and "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "@page { size: A4 portrait" in page
    assert "等太久" in page and "2026-12-11" in page and "待回访" in page
    assert "自助办件" in page and "各时段取号" in page and "等候时间" in page


def test_alerts_name_the_stuck_window_the_long_queue_and_the_pending_bad_ratings(day) -> None:
    engine, rules, clock = day
    with db.write(engine) as conn:
        conn.execute(followups.insert().values(evaluation_id="e4", done_at=at("15:00"), note=""))
    clock.t = at("11:10")
    with db.read(engine) as conn:
        found = alerts.alerts(conn, clock.t, rules)
    keys = [(a.key, a.level) for a in found]
    assert keys == [("alert.called_unfinished", "warn"), ("alert.bad_rating", "warn"), ("alert.many_waiting", "warn")]
    texts = [alerts.text(a) for a in found]
    assert texts[0] == "4号窗口叫了C001号已22分钟仍未办结"
    assert texts[1] == "2026-12-04 2号窗口差评（2星，号码A002）待回访，期限2026-12-11"
    assert texts[2] == "社保医保（B）有1人等候，最早一位已等30分钟"
    assert "需要处理" in alerts.render_html(found) and 'class="warn"' in alerts.render_html(found)
    clock.t = at("10:00", "2026-12-14")  # a week later: the call-back is overdue
    with db.read(engine) as conn:
        later = alerts.alerts(conn, clock.t, rules)
    assert [(a.key, a.level, a.data["id"]) for a in later] == [("alert.bad_rating", "urgent", "e2")]
    with db.write(engine) as conn:
        conn.execute(followups.insert().values(evaluation_id="e2", done_at=clock.t, note="已致电"))
    with db.read(engine) as conn:
        assert alerts.alerts(conn, clock.t, rules) == []
    assert "<li>无</li>" in alerts.render_html([])


def test_a_registered_check_joins_the_list(day) -> None:
    engine, rules, clock = day

    def paper(conn: sa.Connection, now: float, rules, limits) -> list[alerts.Alert]:
        return [alerts.Alert("alert.paper_low", "urgent", {"terminal": "lobby-1"})]

    alerts.register(paper)
    try:
        with db.read(engine) as conn:
            found = alerts.alerts(conn, at("11:10"), rules)
        assert found[0].key == "alert.paper_low"  # urgent first
        assert alerts.text(found[0]) == "alert.paper_low {'terminal': 'lobby-1'}"
    finally:
        alerts.CHECKS.remove(paper)


def test_the_reversed_scale_mirrors_every_rating_row(day) -> None:
    from hub import scales

    engine, rules = day[0], day[1]
    built = report.build(engine, rules, DAY)
    ours = _rows(report.to_csv(built))
    theirs = _rows(report.to_csv(built, scales.REVERSED))
    assert ours[("day", "", "", "", "scale")] == "gbt39734" and theirs[("day", "", "", "", "scale")] == "reversed"
    for (section, service, window, hour, metric), value in ours.items():
        if metric.startswith("stars_"):
            k = int(metric[-1])
            assert theirs[(section, service, window, hour, f"level_{6 - k}")] == value
        elif metric == "mean" and value:
            assert float(theirs[(section, service, window, hour, "mean")]) == round(6 - float(value), 2)
    assert set(scales.SCALES) == {"gbt39734", "reversed"}


def test_the_html_reads_in_english_from_the_hubs_texts(day) -> None:
    engine, rules, _ = day
    built = report.build(engine, rules, DAY)
    page = report_html.render(built, "en")
    assert '<html lang="en">' in page and "daily report</h1>" in page
    assert '<b id="kpi-wait">3 min 00 s</b>90% within 15 min 00 s' in page
    assert "<td>A 综合受理</td><td>4</td><td>4</td><td>3</td><td>1</td><td>3 min 00 s</td><td>10 min 00 s</td>" in page
    assert "to call back</td>" in page and "Poor ratings to call back (within 5 working days)" in page
    labels = texts.load_texts(TEXTS_DIR / "zh_CN.json")
    chinese = [
        v for k, v in labels.items() if k.startswith("report.") and isinstance(v, str) and "{" not in v and len(v) > 1
    ]
    assert len(chinese) > 40 and [c for c in chinese if c in page] == []  # no Chinese label left
    assert report_html.render(built) == report_html.render(built, "zh_CN") != page
