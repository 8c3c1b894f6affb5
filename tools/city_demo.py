"""The city tier's demo: a city hub on a throw-away PostgreSQL cluster with the demo
hall and two more hall hubs linked, so /city shows three halls (docs/city.md). A
simulated kiosk at each hall feeds its real hall hub (heartbeats, tickets, cases,
ratings, one printer low on paper) and, while the demo runs, keeps the figures moving.

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
import random
import sys
import tempfile
import threading
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


CASE = {  # sample data only: the city page shows counts, never a citizen
    "terminal_id": "test-kiosk",
    "area_code": "610103",
    "applicant": {"name": "示例"},
    "values": {"reason": "示例"},
}
TICK_S = 3.0  # how often each simulated hall does something while the demo runs


class SimulatedHall:
    """A hall's kiosk as it feeds the real hall hub: heartbeats, tickets, cases, ratings."""

    def __init__(self, hub, code: str, paper_low: bool, task_code: str) -> None:
        self.hub, self.code, self.paper_low, self.task_code = hub, code, paper_low, task_code
        self.headers = hub.headers("kiosk")

    def heartbeat(self) -> None:
        printer = {"state": "degraded", "key": "printer.paper_low"} if self.paper_low else {"state": "ok"}
        beat = {"sent_at": time.time(), "health": {"printer": printer}, "outbox": {"waiting": 0, "dead": 0}}
        _say(httpx.post(self.hub.url + "/api/v1/heartbeats", json=beat, headers=self.headers))

    def ticket(self, service: str = "A") -> None:
        _say(httpx.post(self.hub.url + "/api/v1/tickets", json={"service": service}, headers=self.headers))

    def case(self) -> None:
        body = {**CASE, "task_code": self.task_code, "hall_code": self.code}
        _say(self.post("/api/v1/cases", body, uuid.uuid4().hex))

    def rating(self, satisfaction: int) -> None:
        rec = {"id": uuid.uuid4().hex, "satisfaction": satisfaction, "assessTime": _now_iso(), "hallCode": self.code}
        if satisfaction <= 2:
            rec["evalDetail"] = ["301"]  # a bad rating names a reason; the city opens a rectification
        _say(self.post("/api/v1/evaluations", rec, rec["id"]))

    def post(self, path: str, body: dict, key: str) -> httpx.Response:
        return httpx.post(self.hub.url + path, json=body, headers={**self.headers, "Idempotency-Key": key})

    def start(self, tickets: int) -> None:
        """The morning so far: a heartbeat, some tickets, a case, a few ratings."""
        self.heartbeat()
        for _ in range(tickets):
            self.ticket()
        self.case()
        for sat in (5, 4, 5, 2)[: max(1, tickets - 1)]:
            self.rating(sat)

    def tick(self, rng: random.Random) -> None:
        """One moment of the hall: its heartbeat, and now and then a visitor."""
        self.heartbeat()
        if rng.random() < 0.5:
            self.ticket(rng.choice("AB"))
        if rng.random() < 0.15:
            self.case()
        if rng.random() < 0.2:
            self.rating(rng.choice((5, 5, 5, 4, 4, 3, 2)))


def _live(halls: list[SimulatedHall], stop: threading.Event) -> None:
    rng = random.Random(16)
    while not stop.wait(TICK_S):
        for hall in halls:
            try:
                hall.tick(rng)
            except httpx.HTTPError as exc:  # a hub restarting: the next tick tries again
                print(f"{hall.code}: {exc}", file=sys.stderr)


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600))


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
    catalog = tiny_feed()
    feed.write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
    version, task_code = catalog["catalog_version"], catalog["items"][0]["task_code"]
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
        admin = _admin(city.db_url)
        auth = {"Authorization": f"Bearer {admin}"}

        seen: list[dict] = []
        sims: list[SimulatedHall] = []
        stop = threading.Event()
        feeder = threading.Thread(target=_live, args=(sims, stop), daemon=True)

        def settled(*figures: str) -> bool:
            seen[:] = httpx.get(city.url + "/api/v1/city/halls", headers=auth).json()
            return all(
                h["figures"]["catalog_version"] == version and all(h["figures"][f] for f in figures) for h in seen
            )

        try:
            # A hall takes cases only for items of its catalog: the city's, once each hall has it.
            wait_for(settled, what="the city's catalog at the three halls", timeout_s=90)
            sims += [
                SimulatedHall(hall, code, paper_low, task_code)
                for hall, (code, *_), paper_low in zip((h1, h2, h3), HALLS, (True, False, False), strict=True)
            ]
            for sim, tickets in zip(sims, (5, 3, 2), strict=True):
                sim.start(tickets)
            feeder.start()  # from now on the kiosks' heartbeats keep their terminals up
            wait_for(
                lambda: settled("online", "terminals_up", "tickets_today", "cases_today", "ratings_today"),
                what="three halls online with tickets, cases and ratings",
                timeout_s=90,
            )
        except AssertionError as exc:
            figures = {h["code"]: h["figures"] for h in seen}
            print(f"{exc}\n{json.dumps(figures, ensure_ascii=False)}", file=sys.stderr)
            stop.set()
            return 1
        if args.html:
            args.html.write_text(httpx.get(city.url + "/city", headers=auth).text, encoding="utf-8")
            print(f"wrote {args.html}")
            stop.set()
            return 0
        print(f"city page: {city.url}/city  (sign in with this admin token: {admin})")
        print("halls: " + ", ".join(f"{code} {hall.url}" for (code, *_), hall in zip(HALLS, (h1, h2, h3), strict=True)))
        print(f"the halls' kiosks take tickets, cases and ratings every {TICK_S:g} s; Ctrl-C stops everything")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
        finally:
            stop.set()
            feeder.join(TICK_S * 4)
    return 0


if __name__ == "__main__":
    sys.exit(main())
