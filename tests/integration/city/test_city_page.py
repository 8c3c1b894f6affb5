"""The city's view across three real hall hubs: /city behind its sign-in, every hall
with its terminals (up, paper low), today's figures and catalog version, filters by
district and level, and the day's report as CSV, HTML and JSON (API and CLI).
Real processes: PostgreSQL, the city hub, three SQLite hall hubs, the platform simulator."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from tests.feeds import tiny_feed
from tests.rigs.city import link_hall, running_city, running_hall, running_platform, wait_for
from tests.rigs.hub import kiosk_cli

HALLS = (  # code, name, district, level
    ("XA-BL", "碑林区政务服务中心", "碑林区", "district"),
    ("XA-BL-ZJ", "张家村街道便民服务中心", "碑林区", "street"),
    ("XA-YT", "雁塔区政务服务中心", "雁塔区", "district"),
)
PAPER_LOW = {
    "sent_at": 1.0,
    "health": {"printer": {"state": "degraded", "key": "printer.paper_low"}},
    "outbox": {"waiting": 0, "dead": 0, "oldest_waiting_s": 0},
}


def _admin(city) -> str:
    from hub import db, tokens

    engine = db.make_engine(city.db_url, pool_size=1)
    try:
        return tokens.create(engine, "city-admin", "admin")[1]
    finally:
        engine.dispose()


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)"', html)


def test_the_city_page_shows_three_halls_and_the_day_across_them(tmp_path: Path, pg_cluster, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_CITY_SNAPSHOT_S", "1")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(tiny_feed(), ensure_ascii=False), encoding="utf-8")
    today = datetime.now(timezone(timedelta(hours=8))).date().isoformat()
    with (
        running_platform(tmp_path / "platform") as platform,
        running_city(tmp_path, pg_cluster, platform.url) as city,
        running_hall(tmp_path, "a") as a,
        running_hall(tmp_path, "b") as b,
        running_hall(tmp_path, "c") as c,
    ):
        for hall, (code, name, district, level) in zip((a, b, c), HALLS, strict=True):
            link_hall(city, hall, code, name, district=district, level=level)
        kiosk_cli("hub", "city", "catalog", "publish", str(feed), "--db", city.db_url)
        r = httpx.post(a.url + "/api/v1/heartbeats", json=PAPER_LOW, headers=a.headers("kiosk"))
        assert r.status_code == 200, r.text
        rating = {
            "id": "e" * 32,
            "satisfaction": 2,
            "assessTime": "2026-12-07T10:00:00+08:00",
            "hallCode": "XA-BL",
            "evalDetail": ["301"],
        }
        r = httpx.post(
            a.url + "/api/v1/evaluations", json=rating, headers={**a.headers("kiosk"), "Idempotency-Key": rating["id"]}
        )
        assert r.status_code == 201, r.text
        for _ in range(2):  # the demo hall is open all day: two people wait at hall B
            r = httpx.post(b.url + "/api/v1/tickets", json={"service": "A"}, headers=b.headers("kiosk"))
            assert r.status_code == 201, r.text

        # Without a session: the sign-in form, nothing of the halls.
        r = httpx.get(city.url + "/city")
        assert r.status_code == 401 and 'action="/city/login"' in r.text and "XA-BL" not in r.text
        assert httpx.post(city.url + "/city/login", data={"password": "wrong"}).status_code == 401
        admin = _admin(city)
        web = httpx.Client(base_url=city.url)
        r = web.post("/city/login", data={"password": admin}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/city"
        assert admin not in r.headers.get("set-cookie", "") and "Path=/city" in r.headers["set-cookie"]
        r = httpx.post(
            city.url + "/city/login",
            content=b"password=" + b"x" * 9000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert r.status_code == 413  # the form's body limit (hub/body_guard.py)

        def settled() -> str | None:
            page = web.get("/city").text
            return page if "拒收" not in page and page.count("在线 online") == 3 and "1 / " in page else None

        page = wait_for(settled, what="three halls online at the city", timeout_s=40)
        assert _rows(page) == ["XA-BL", "XA-BL-ZJ", "XA-YT"]

        def figures() -> dict | None:
            got = httpx.get(city.url + "/api/v1/city/halls", headers={"Authorization": f"Bearer {admin}"}).json()
            by = {h["code"]: h["figures"] for h in got}
            done = (
                all(f["catalog_version"] == 7 for f in by.values())
                and by["XA-BL"]["ratings_today"] == 1
                and by["XA-BL-ZJ"]["waiting"] == 2
                and by["XA-BL"]["paper_low"] == 1
            )
            return by if done else None

        by = wait_for(figures, what="version 7 at every hall and hall A's rating at the city")
        assert by["XA-BL"]["terminals_up"] == 1 and by["XA-BL"]["terminals_down"] == 0
        assert by["XA-BL-ZJ"]["paper_low"] == 0 and by["XA-BL-ZJ"]["tickets_today"] == 2
        page = web.get("/city").text
        assert 'class="n bad">1</td>' in page  # hall A's paper low, marked

        assert _rows(web.get("/city", params={"district": "碑林区"}).text) == ["XA-BL", "XA-BL-ZJ"]
        assert _rows(web.get("/city", params={"level": "district"}).text) == ["XA-BL", "XA-YT"]
        assert _rows(web.get("/city", params={"district": "碑林区", "level": "street"}).text) == ["XA-BL-ZJ"]
        (tmp_path / "city.html").write_text(page, encoding="utf-8")

        # The day's report: the page (same session), the API (admin token) and the CLI.
        r = web.get("/city/report", params={"date": today})
        assert r.status_code == 200 and "全市政务服务报表" in r.text
        api = httpx.get(
            city.url + "/api/v1/city/report", params={"date": today}, headers={"Authorization": f"Bearer {admin}"}
        ).json()
        total = api["rows"][-1]
        assert [row["code"] for row in api["rows"]] == ["XA-BL", "XA-BL-ZJ", "XA-YT", "*"]
        assert (total["ratings"], total["bad_ratings"], total["rectifications_opened"]) == (1, 1, 1)
        r = httpx.get(
            city.url + "/api/v1/city/report",
            params={"date": "2026-13-01"},
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert (r.status_code, r.json()["error"]["code"]) == (422, "city.report.bad_date")
        assert httpx.get(city.url + "/api/v1/city/report", params={"date": today}).status_code == 401
        month = kiosk_cli("hub", "city", "report", "--db", city.db_url, "--month", today[:7]).stdout
        rows = list(csv.reader(io.StringIO(month)))
        assert rows[0][0] == "编码" and [row[0] for row in rows[1:]] == ["XA-BL", "XA-BL-ZJ", "XA-YT", "*"]
        out = tmp_path / "day.html"
        kiosk_cli("hub", "city", "report", "--db", city.db_url, "--date", today, "--format", "html", "--out", str(out))
        assert "碑林区政务服务中心" in out.read_text(encoding="utf-8")
        web.close()
