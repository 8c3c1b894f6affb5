"""Issue 16's test: three hall hubs and one city hub, kiosks in each hall taking tickets
and submitting cases and ratings while links are cut and come back and processes are
SIGKILLed (100 and more kills across the terminals, the hall hubs and the city hub, at
random points from a seeded RNG), and the platform simulator fails, answers late and
repeats itself. Afterwards every case and every rating is at the platform exactly once,
every case shows its official number through 办件查询 at a terminal of another hall, and
every bad rating has its rectification record at the city.

The seed is new each run and printed in every failure (``KIOSK_CITY_KILL_SEED=N`` runs
one again).
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections import Counter
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from offline_cache.outbox import Outbox
from offline_cache.sync.client import HubClient
from tests.rigs.city import city_process, hall_process, link_hall, running_platform, running_together, wait_for
from tests.rigs.city_terminal import TerminalFarm
from tests.rigs.hub import HubProcess
from tests.rigs.link_cut import LinkCut

HALLS = (("XA-BL", "碑林区政务服务中心", "district"), ("XA-ZJ", "张家村街道便民服务中心", "street"),
         ("XA-DY", "大雁塔社区便民服务站", "community"))  # fmt: skip
KIOSKS = 2  # per hall
KILLS = 100  # at least, across the tiers
CHAOS_MAX_S = 200.0  # the machine is too slow for the test when the kills need longer (35-70 s seen at load 10-15)
PER_RUN = 5  # a terminal's run: a ticket, a case and a rating this many times
HUB_UP_S = (1.0, 3.0)  # a hub lives at least this long (it started, then did some work) before its kill
SIGKILL = 9
WAITING = "SELECT count(*) FROM records WHERE state = 'pending'"


@dataclass
class Terminal:
    hall: Hall
    key: str  # its token's key in hall.hub.tokens
    data: Path
    log: Path
    pid: int = 0


@dataclass
class Hall:
    code: str
    hub: HubProcess
    link: LinkCut
    terminals: list[Terminal] = field(default_factory=list)
    up_since: float = 0.0  # monotonic; 0 = down


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_a_hundred_kills_across_three_halls_and_a_city(tmp_path: Path, pg_cluster, monkeypatch) -> None:
    seed = int(os.environ.get("KIOSK_CITY_KILL_SEED") or random.SystemRandom().randrange(1, 2**31))
    rng = random.Random(seed)
    said = f"seed {seed} (KIOSK_CITY_KILL_SEED={seed} runs it again)"
    monkeypatch.setenv("KIOSK_CITY_RETRY_CAP_S", "0.5")  # short backoff: the test waits less
    monkeypatch.setenv("KIOSK_CITY_PLATFORM_TIMEOUT_S", "1")
    faults = ("--fail", "0.2", "--hang", "0.05", "--hang-s", "1.5", "--dup", "0.3", "--shuffle")
    started = time.monotonic()
    with ExitStack() as stack:
        platform = stack.enter_context(running_platform(tmp_path / "platform", *faults))
        city, *hubs = stack.enter_context(
            running_together(
                [city_process(tmp_path, pg_cluster, platform.url)]
                + [hall_process(tmp_path, code, KIOSKS) for code, _, _ in HALLS]
            )
        )
        halls = [
            Hall(code, hub, stack.enter_context(LinkCut(city.port)), up_since=time.monotonic())
            for (code, _, _), hub in zip(HALLS, hubs, strict=True)
        ]
        _link_all(city, halls)
        farm = TerminalFarm(tmp_path)
        stack.callback(farm.close)
        for hall in halls:
            for n in range(KIOSKS):
                key = "kiosk" if n == 0 else f"kiosk{n + 1}"
                folder = tmp_path / f"{hall.code}-{key}"
                hall.terminals.append(Terminal(hall, key, folder, tmp_path / f"{hall.code}-{key}.log"))
        terminals = [t for h in halls for t in h.terminals]
        chaos = Chaos(rng, farm, city, halls)
        began = time.monotonic()
        print(f"{said}: three halls and a city up and linked in {began - started:.1f} s")
        kills = chaos.run(said)
        figures = f"kills {dict(kills)}, of them mid-transfer {dict(chaos.caught)}, links cut {chaos.cuts}"
        print(f"{said}: {figures} in {time.monotonic() - began:.1f} s")
        assert chaos.bad_endings == [], f"{said}: {chaos.bad_endings[:2]}"
        assert chaos.enough() and sum(kills.values()) >= KILLS, f"{said}: {figures}"

        # Calm: every link mended, every hub up, the platform well again; each terminal's
        # run ends by itself, then one more run (no new records) must find its outbox empty.
        platform.faults(fail=0.0, hang=0.0)
        for t in terminals:
            assert farm.wait(t.pid, 120) in (0, SIGKILL), f"{said}: {t.data.name} ended badly: {_tail(t)}"
        for t in terminals:
            t.pid = _start(farm, t, rng, count=0)
        for t in terminals:
            assert farm.wait(t.pid, 120) == 0, f"{said}: {t.data.name} could not empty its outbox: {_tail(t)}"
        sent = {t.data.name: _outbox(t) for t in terminals}
        cases = {f"{t.hall.code}:{n}" for t in terminals for n in sent[t.data.name][0]}
        ratings = {rid: s for t in terminals for rid, s in sent[t.data.name][1].items()}
        assert len(cases) >= 30 and len(ratings) >= 30, f"{said}: too little traffic: {len(cases)} cases"

        def arrived() -> bool:
            log = platform.log()
            return len(log["cases"]) >= len(cases) and len(log["evaluations"]) >= len(ratings)

        wait_for(arrived, what=f"every case and rating at the platform ({said})", timeout_s=90)
        log = platform.log()
        assert set(log["cases"]) == cases, f"{said}: cases missing or unknown at the platform"
        assert set(log["evaluations"]) == set(ratings), f"{said}: ratings missing or unknown at the platform"
        twice = {k: n for kind in ("cases", "evaluations") for k, n in log[kind].items() if n != 1}
        assert twice == {}, f"{said}: at the platform more than once: {twice}"
        assert log["invalid"] == [], f"{said}: {log['invalid'][:3]}"
        for hall in halls:
            numbers = [n for t in hall.terminals for n in sent[t.data.name][0]]
            ids = [rid for t in hall.terminals for rid in sent[t.data.name][1]]
            _once_each_tier(hall, city, numbers, ids, said)

        bad = {rid for rid, s in ratings.items() if s <= 2}
        opened = {r[0] for r in city.query("SELECT evaluation_id FROM rectifications")}
        assert opened == bad and bad, f"{said}: rectifications {len(opened)} for {len(bad)} bad ratings"

        wait_for(
            lambda: city.query("SELECT count(*) FROM city_cases WHERE official_number IS NULL") == [(0,)],
            what=f"every official number at the city ({said})",
        )
        official = {
            f"{h}:{r}": o for h, r, o in city.query("SELECT hall_code, reference, official_number FROM city_cases")
        }
        assert set(official) == cases and len(set(official.values())) == len(cases), said
        for hall in halls:  # and down again to each case's own hall
            mine = {k.partition(":")[2]: v for k, v in official.items() if k.startswith(hall.code + ":")}
            wait_for(
                lambda h=hall, m=mine: dict(h.hub.query("SELECT case_number, official_number FROM case_official")) == m,
                what=f"every official number down at {hall.code} ({said})",
            )
        calm = time.monotonic()
        _query_at_other_halls(halls, official, said)
        _tickets_kept(halls, said)
        print(f"{len(cases)} cases, {len(ratings)} ratings ({len(bad)} bad); all at the platform "
              f"{calm - began:.1f} s after the first kill; 办件查询 of every case twice: {time.monotonic() - calm:.1f} s")  # fmt: skip


class Chaos:
    """Kills and cuts at random points until ``KILLS`` landed (or the time is out)."""

    def __init__(self, rng: random.Random, farm: TerminalFarm, city: HubProcess, halls: list[Hall]) -> None:
        self.rng, self.farm, self.city, self.halls = rng, farm, city, halls
        self.kills: Counter[str] = Counter()
        self.cuts = 0
        self.caught: Counter[str] = Counter()  # kills that caught records on their way up
        self.bad_endings: list[str] = []  # runs that ended by themselves, not well
        self.city_up = time.monotonic()
        self.later: list[tuple[float, str, object]] = []  # (when, what, whom): restarts and mends

    def run(self, said: str) -> Counter[str]:
        for hall in self.halls:
            for t in hall.terminals:
                t.pid = _start(self.farm, t, self.rng)
        started = time.monotonic()
        while not self.enough():
            if time.monotonic() - started > CHAOS_MAX_S:
                raise AssertionError(
                    f"{said}: in {CHAOS_MAX_S} s only {dict(self.kills)} kills, of them mid-transfer "
                    f"{dict(self.caught)}, {self.cuts} links cut: the machine is too slow for the test"
                )
            self._due()
            self._one()
            time.sleep(self.rng.uniform(0.05, 0.35))
        for _, what, whom in self.later:  # what is still down comes back now
            self._back(what, whom)
        self.later = []
        for hall in self.halls:
            hall.link.mend()
            hall.hub._wait_healthy()
        self.city._wait_healthy()
        return self.kills

    def enough(self) -> bool:
        """KILLS kills landed, at least 3 of each tier, at least one of each while records
        were on their way up from it, and 3 links cut."""
        tiers = ("terminal", "hall", "city")
        return (
            sum(self.kills.values()) >= KILLS
            and all(self.kills[t] >= 3 and self.caught[t] >= 1 for t in tiers)
            and self.cuts >= 3
        )

    def _one(self) -> None:
        now = time.monotonic()
        roll = self.rng.random()
        # The city is killed only while it has messages for the platform: its pusher keeps
        # up with this traffic, and a kill at an idle moment tries nothing new (13 kills
        # were needed once for one that caught a message).
        if roll < 0.08 and self._up(self.city_up, now) and _pending(self.city, "platform_outbox"):
            self.kills["city"] += _kill(self.city)
            self.caught["city"] += _pending(self.city, "platform_outbox")
            self.city_up = 0.0
            self.later.append((now + self.rng.uniform(0, 1.0), "city", self.city))
        elif roll < 0.22:
            hall = self.rng.choice(self.halls)
            if self._up(hall.up_since, now):
                self.kills["hall"] += _kill(hall.hub)
                self.caught["hall"] += _pending(hall.hub, "city_outbox")
                hall.up_since = 0.0
                self.later.append((now + self.rng.uniform(0, 1.0), "hall", hall))
        elif roll < 0.30:
            hall = self.rng.choice(self.halls)
            if hall.link.up:
                hall.link.cut()
                self.cuts += 1
                self.later.append((now + self.rng.uniform(0.3, 3.0), "link", hall))
        else:
            t = self.rng.choice([t for h in self.halls for t in h.terminals])
            if self.farm.kill(t.pid):
                self.kills["terminal"] += 1
                self.caught["terminal"] += _waiting(t.data)
            t.pid = _start(self.farm, t, self.rng)
        for hall in self.halls:  # a run that ended by itself: the next citizens come
            for t in hall.terminals:
                ended = self.farm.status(t.pid)
                if ended is not None:
                    if ended != 0:
                        self.bad_endings.append(f"{t.data.name}: {ended}: {_tail(t)}")
                    t.pid = _start(self.farm, t, self.rng)

    def _up(self, since: float, now: float) -> bool:
        return since > 0 and now - since >= self.rng.uniform(*HUB_UP_S)

    def _due(self) -> None:
        now = time.monotonic()
        due = [x for x in self.later if x[0] <= now]
        self.later = [x for x in self.later if x[0] > now]
        for _, what, whom in due:
            self._back(what, whom)

    def _back(self, what: str, whom: object) -> None:
        if what == "city":
            self.city.spawn()  # no wait: the halls find it when it answers
            self.city_up = time.monotonic()
        elif what == "hall":
            assert isinstance(whom, Hall)
            whom.hub.spawn()
            whom.up_since = time.monotonic()
        else:
            assert isinstance(whom, Hall)
            whom.link.mend()


def _kill(hub: HubProcess) -> int:
    """SIGKILL a hub; 1 when it was running (a kill that landed), else 0."""
    running = hub.proc is not None and hub.proc.poll() is None
    hub.kill()
    return int(running)


def _pending(hub: HubProcess, table: str) -> int:
    """1 when the killed hub left records of ``table`` waiting to go up, else 0."""
    return int(hub.query(f"SELECT count(*) FROM {table} WHERE state = 'pending'")[0][0] > 0)


def _waiting(data: Path) -> int:
    """1 when a killed terminal left records waiting in its outbox (0: none, or it was
    killed before its outbox was made)."""
    try:
        with closing(sqlite3.connect(f"file:{data / 'outbox.sqlite'}?mode=ro", uri=True)) as db:
            return int(db.execute(WAITING).fetchone()[0] > 0)
    except sqlite3.OperationalError:
        return 0


def _link_all(city: HubProcess, halls: list[Hall]) -> None:
    """Register, pair and link the three halls (the CLI's code, in this process: nine
    interpreter starts took half a minute on a busy machine)."""
    for hall, (_, name, level) in zip(halls, HALLS, strict=True):
        link_hall(city, hall.hub, hall.code, name, 5, level=level, via=hall.link.url, in_process=True)


def _start(farm: TerminalFarm, t: Terminal, rng: random.Random, count: int = PER_RUN) -> int:
    return farm.run(
        t.data,
        t.hall.hub.url,
        t.hall.hub.tokens[t.key],
        f"test-{t.key}",
        t.hall.code,
        t.log,
        count,
        rng.randrange(2**31),
    )


def _outbox(t: Terminal) -> tuple[list[str], dict[str, int]]:
    """The hall's case numbers and the ratings (id: satisfaction) a terminal sent."""
    with Outbox(t.data, sweep=False) as outbox:
        records = outbox.records(limit=100_000)
        assert {r.state for r in records} == {"sent"}, Counter(r.state for r in records)
        numbers = [str((r.reply or {})["case_number"]) for r in records if r.kind == "case"]
        ratings = {r.id: int(outbox.open(r.id)[0]["satisfaction"]) for r in records if r.kind == "evaluation"}
    return numbers, ratings


def _once_each_tier(hall: Hall, city: HubProcess, numbers: list[str], ids: list[str], said: str) -> None:
    """What the hall's kiosks sent is at the hall once, went up to the city once (one
    outbox row each, all sent, none dead) and was queued for the platform once."""
    where = f"{said}: {hall.code}"
    assert sorted(r[0] for r in hall.hub.query("SELECT case_number FROM cases")) == sorted(numbers), where
    assert sorted(r[0] for r in hall.hub.query("SELECT id FROM evaluations")) == sorted(ids), where
    up = sorted([("case", n) for n in numbers] + [("evaluation", i) for i in ids])
    wait_for(
        lambda: sorted(hall.hub.query("SELECT kind, ref FROM city_outbox WHERE state = 'sent'")) == up,
        what=f"each record of {where} sent up once, and only once queued",
    )
    assert hall.hub.query("SELECT count(*) FROM city_outbox") == [(len(up),)], where
    queued = "SELECT kind, ref FROM platform_outbox WHERE hall_code = :h AND kind IN ('case', 'evaluation')"
    assert sorted(city.query(queued, h=hall.code)) == up, f"{where}: queued for the platform not once each"


def _query_at_other_halls(halls: list[Hall], official: dict[str, str], said: str) -> None:
    """办件查询 at a kiosk of the next hall by the provisional number, and at the one
    after by the official number: each shows the platform's number and status."""
    clients = [HubClient(h.hub.url, h.hub.tokens["kiosk"], timeout_s=10) for h in halls]
    try:
        for provisional, number in sorted(official.items()):
            home = next(i for i, h in enumerate(halls) if provisional.startswith(h.code + ":"))
            by_provisional = clients[(home + 1) % 3].lookup_case(provisional)
            assert [(c["provisional_number"], c["official_number"]) for c in by_provisional] == [
                (provisional, number)
            ], f"{said}: {provisional} at {halls[(home + 1) % 3].code}: {by_provisional}"
            assert by_provisional[0]["platform_status"] in ("accepted", "in_progress", "finished"), said
            by_official = clients[(home + 2) % 3].lookup_case(number)
            assert [c["provisional_number"] for c in by_official] == [provisional], f"{said}: {number}"
    finally:
        for client in clients:
            client.close()


def _tickets_kept(halls: list[Hall], said: str) -> None:
    """Every ticket a kiosk was given is in its hall's queue, once."""
    for hall in halls:
        given = [line.split()[1] for t in hall.terminals for line in _lines(t.log) if line.startswith("ticket ")]
        kept = {r[0] for r in hall.hub.query("SELECT id FROM tickets")}
        assert given and len(given) == len(set(given)), f"{said}: {hall.code} tickets {len(given)}"
        assert set(given) <= kept, f"{said}: {hall.code} lost {len(set(given) - kept)} tickets it gave"


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _tail(t: Terminal) -> str:
    err = Path(str(t.log) + ".err")
    return err.read_text(errors="replace")[-2000:] if err.exists() else "(no log)"
