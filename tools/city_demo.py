"""The city tier's demo: a city hub on a throw-away PostgreSQL cluster with the demo
hall and two more hall hubs linked, so /city shows three halls (docs/city.md).

    .venv/bin/python tools/city_demo.py                 # runs until Ctrl-C; prints the URL and a sign-in token
    .venv/bin/python tools/city_demo.py --html FILE     # writes the signed-in /city page and stops

It needs PostgreSQL's server programs (Debian: postgresql; initdb and pg_ctl) and,
as root, the ``postgres`` system user: the same as the tests' rig (tests/rigs/postgres.py),
which it uses. Everything lives in temporary folders and goes when it stops.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.feeds import tiny_feed
from tests.rigs.city import link_hall, running_city, running_hall, running_platform, wait_for
from tests.rigs.hub import kiosk_cli
from tests.rigs.postgres import postgres_cluster

HALLS = (  # the demo hall (its default hall file) and two more
    ("XA-BL", "碑林区政务服务中心（示例）", "碑林区", "district"),
    ("XA-BL-ZJC", "张家村街道便民服务中心（示例）", "碑林区", "street"),
    ("XA-YT-DYT", "大雁塔社区便民服务站（示例）", "雁塔区", "community"),
)


def _admin(db_url: str) -> str:
    from hub import db, tokens

    engine = db.make_engine(db_url, pool_size=1)
    try:
        return tokens.create(engine, "city-demo-admin", "admin")[1]
    finally:
        engine.dispose()


def _activity(hall, code: str, n: int, paper_low: bool) -> None:
    """A kiosk's heartbeat, a few tickets and ratings at one hall (sample data only)."""
    health = {"printer": {"state": "degraded", "key": "printer.paper_low"}} if paper_low else {"printer": "ok"}
    beat = {"sent_at": time.time(), "health": health, "outbox": {"waiting": 0, "dead": 0, "oldest_waiting_s": 0}}
    _say(httpx.post(hall.url + "/api/v1/heartbeats", json=beat, headers=hall.headers("kiosk")))
    for _ in range(n):  # refused (423) outside the demo hall's hours: then no tickets today
        _say(httpx.post(hall.url + "/api/v1/tickets", json={"service": "A"}, headers=hall.headers("kiosk")))
    for sat in (5, 4, 5, 2)[: max(1, n - 1)]:
        rec = {"id": uuid.uuid4().hex, "satisfaction": sat, "assessTime": "2026-12-07T10:00:00+08:00", "hallCode": code}
        if sat <= 2:
            rec["evalDetail"] = ["301"]
        _say(
            httpx.post(
                hall.url + "/api/v1/evaluations",
                json=rec,
                headers={**hall.headers("kiosk"), "Idempotency-Key": rec["id"]},
            )
        )


def _say(r: httpx.Response) -> None:
    if r.status_code >= 300:  # the demo goes on; the page shows what arrived
        print(f"{r.request.method} {r.request.url.path}: {r.status_code} {r.text[:160]}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, metavar="FILE", help="write the signed-in /city page here and stop")
    args = parser.parse_args()
    os.environ.setdefault("KIOSK_CITY_SNAPSHOT_S", "3")  # the halls' snapshots every 3 s, not 30: a lively page
    root = Path(tempfile.mkdtemp(prefix="kiosk-city-demo-"))
    feed = root / "feed.json"
    feed.write_text(json.dumps(tiny_feed(), ensure_ascii=False), encoding="utf-8")
    with (
        postgres_cluster() as pg,
        running_platform(root / "platform") as platform,
        running_city(root, pg, platform.url) as city,
        running_hall(root, "hall-1") as h1,
        running_hall(root, "hall-2") as h2,
        running_hall(root, "hall-3") as h3,
    ):
        for hall, (code, name, district, level) in zip((h1, h2, h3), HALLS, strict=True):
            link_hall(city, hall, code, name, district=district, level=level)
        kiosk_cli("hub", "city", "catalog", "publish", str(feed), "--db", city.db_url)
        for hall, (code, *_), n, low in zip((h1, h2, h3), HALLS, (5, 3, 2), (True, False, False), strict=True):
            _activity(hall, code, n, low)
        admin = _admin(city.db_url)
        auth = {"Authorization": f"Bearer {admin}"}

        def settled() -> bool:
            halls = httpx.get(city.url + "/api/v1/city/halls", headers=auth).json()
            return all(
                h["figures"]["online"]
                and h["figures"]["catalog_version"] == 7
                and h["figures"]["terminals_up"]
                and h["figures"]["ratings_today"]
                for h in halls
            )

        wait_for(settled, what="three halls online with the city's catalog", timeout_s=90)
        if args.html:
            args.html.write_text(httpx.get(city.url + "/city", headers=auth).text, encoding="utf-8")
            print(f"wrote {args.html}")
            return 0
        print(f"city page: {city.url}/city  (sign in with this admin token: {admin})")
        print("halls: " + ", ".join(f"{code} {hall.url}" for (code, *_), hall in zip(HALLS, (h1, h2, h3), strict=True)))
        print("Ctrl-C stops everything")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
