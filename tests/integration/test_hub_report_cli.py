"""``kiosk hub report`` and ``kiosk hub followup`` as a technician types them, over a
simulated day in a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_kiosk
from tests.unit.hub.day_rig import DAY, build_day


def test_report_files_and_followup_from_the_command_line(tmp_path: Path) -> None:
    db_path = tmp_path / "hub.sqlite"
    engine, _, _ = build_day(db_path)
    engine.dispose()
    out = run_kiosk("hub", "report", "--db", str(db_path), "--date", DAY)
    assert out.returncode == 0, out.stderr
    assert "tickets,ALL,,,issued,7,合计" in out.stdout and "times,ALL,,,waiting_p90_s,900,6" in out.stdout
    assert "e4,1,deadline 2026-12-11; pending" in out.stdout
    done = run_kiosk("hub", "followup", "--db", str(db_path), "e4", "--note", "已致电说明")
    assert done.returncode == 0 and "followed up" in done.stdout
    page = tmp_path / "report.html"
    wrote = run_kiosk("hub", "report", "--db", str(db_path), "--date", DAY, "--format", "html", "--out", str(page))
    assert wrote.returncode == 0, wrote.stderr
    html = page.read_text(encoding="utf-8")
    assert '<b id="kpi-pending">1</b>' in html and "已回访" in html
    csv_file = tmp_path / "report.csv"
    assert run_kiosk("hub", "report", "--db", str(db_path), "--date", DAY, "--out", str(csv_file)).returncode == 0
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with the BOM
    assert "e4,1,deadline 2026-12-11; done" in csv_file.read_text(encoding="utf-8-sig")


def test_bad_input_is_one_line_and_status_2(tmp_path: Path) -> None:
    db_path = tmp_path / "hub.sqlite"
    for args, words in (
        (("--date", "04.12.2026"), "YYYY-MM-DD"),
        (("--date", DAY, "--out", str(tmp_path / "no" / "such" / "r.csv")), "--out"),
        (("--date", DAY, "--followup-days", "0"), "--followup-days"),
    ):
        out = run_kiosk("hub", "report", "--db", str(db_path), *args)
        assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr
        assert len(out.stderr.strip().splitlines()) == 1
    missing = run_kiosk("hub", "followup", "--db", str(db_path), "nope")
    assert missing.returncode == 2 and f"database {db_path} does not exist" in missing.stderr
    assert not db_path.exists()  # a mistyped --db creates nothing (issue 17)
    made = run_kiosk("hub", "token", "create", "--create", "--db", str(db_path), "--terminal", "a", "--role", "admin")
    assert made.returncode == 0, made.stderr
    missing = run_kiosk("hub", "followup", "--db", str(db_path), "nope")
    assert missing.returncode == 2 and "no evaluation 'nope'" in missing.stderr


def test_the_report_writes_ratings_in_either_direction(tmp_path: Path) -> None:
    from hub import scales

    db_path = tmp_path / "hub.sqlite"
    engine, _, _ = build_day(db_path)
    engine.dispose()
    rows = {}
    for scale in ("gbt39734", "reversed"):
        out = run_kiosk("hub", "report", "--db", str(db_path), "--date", DAY, "--scale", scale)
        assert out.returncode == 0, out.stderr
        rows[scale] = out.stdout
        assert f'day,,,,scale,{scale},"{scales.SCALES[scale]}"' in out.stdout
    # e4 is a 1 (非常不满意) as stored; on the reversed scale that is a 5.
    assert "e4,1,deadline" in rows["gbt39734"] and "e4,5,deadline" in rows["reversed"]
    assert "stars_5" in rows["gbt39734"] and "level_" not in rows["gbt39734"]
    assert "level_5" in rows["reversed"] and "stars_" not in rows["reversed"]
    bad = run_kiosk("hub", "report", "--db", str(db_path), "--date", DAY, "--scale", "upside-down")
    assert bad.returncode == 2 and "--scale" in bad.stderr
