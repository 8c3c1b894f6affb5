"""The city's platform link on a real SQLite city database, against the platform
simulator over real HTTP on loopback (in-process): every message keeps the format,
every record reaches the platform exactly once through 503s, late answers, repeated and
shuffled status pages, and official numbers and statuses go down for the hall without
ever moving back."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from drivers.sim.platform import Faults, PlatformSimulator
from hub import db
from hub.city import intake, rectify, registry
from hub.city.errors import CityError
from hub.city.platform.https_json import HttpsJsonAdapter
from hub.city.platform.outbox import PlatformPusher
from hub.city.tables import city_cases, city_updates, platform_outbox, rectifications

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
PNG = b"\x89PNG\r\n\x1a\n" + b"material page" * 10


def case_body(reference: str) -> dict:
    return {
        "reference": reference,
        "submitted_at": 1_764_640_000.0,
        "case": {
            "task_code": "11610103MB282815164000509004000",
            "terminal_id": "kiosk-1",
            "hall_code": "XA-BL",
            "area_code": "610103",
            "applicant": {"name": "张三丰", "id_number": "610103188001010012"},
            "values": {"bank_card": "6222020200112233446"},
        },
        "materials": [{"sha256": hashlib.sha256(PNG).hexdigest(), "media_type": "image/png", "data": ""}],
    }


def evaluation_body(ident: str, satisfaction: int, project: str = "") -> dict:
    return {
        "record": {
            "id": ident,
            "satisfaction": satisfaction,
            "assessTime": "2026-12-04T10:00:00+08:00",
            "hallCode": "XA-BL",
            "projectNo": project,
            "evalDetail": ["301"] if satisfaction <= 2 else [],
            "windowNo": 3,
        }
    }


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=4)
    db.migrate(engine)
    registry.add(engine, registry.HallEntry("XA-BL", "碑林区政务服务中心", "district", rectify_days=15))
    yield engine
    engine.dispose()


def _with_data(body: dict) -> dict:
    import base64

    body["materials"][0]["data"] = base64.b64encode(PNG).decode()
    return body


def test_deadline_counts_working_days_only() -> None:
    friday = dt.date(2026, 12, 4)
    assert rectify.deadline(friday, 5) == dt.date(2026, 12, 11)
    assert rectify.deadline(friday, 15) == dt.date(2026, 12, 25)
    assert rectify.deadline(dt.date(2026, 12, 5), 1) == dt.date(2026, 12, 7)  # Saturday → Monday


def test_a_case_is_stored_once_per_key_and_once_per_reference(engine) -> None:
    now = time.time()
    first = intake.store_case(engine, "XA-BL", "k1", _with_data(case_body("A0001")), now)
    again = intake.store_case(engine, "XA-BL", "k1", _with_data(case_body("A0001")), now)
    other_key = intake.store_case(engine, "XA-BL", "k2", _with_data(case_body("A0001")), now)
    assert (first[0], again[0], other_key[0]) == (201, 200, 200)
    with db.read(engine) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(city_cases)).scalar_one() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(platform_outbox)).scalar_one() == 1


def test_a_damaged_material_is_refused_whole(engine) -> None:
    body = _with_data(case_body("A0002"))
    body["materials"][0]["sha256"] = "0" * 64
    with pytest.raises(CityError) as caught:
        intake.store_case(engine, "XA-BL", "k3", body, time.time())
    assert caught.value.code == "case.image_hash_mismatch"
    with db.read(engine) as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(city_cases)).scalar_one() == 0
        assert conn.execute(sa.select(sa.func.count()).select_from(platform_outbox)).scalar_one() == 0


def test_a_bad_rating_opens_a_rectification_due_in_the_halls_working_days(engine) -> None:
    friday_10h = dt.datetime(2026, 12, 4, 10, tzinfo=SHANGHAI).timestamp()
    status, answer = intake.store_evaluation(engine, "XA-BL", "e1", evaluation_body("e1", 2), friday_10h, dt.UTC)
    intake.store_evaluation(engine, "XA-BL", "e2", evaluation_body("e2", 4), friday_10h, dt.UTC)
    assert (status, answer["rectification"]) == (201, True)
    with db.read(engine) as conn:
        rows = conn.execute(sa.select(rectifications.c.evaluation_id, rectifications.c.deadline)).all()
    assert [tuple(r) for r in rows] == [("e1", "2026-12-25")]
    listed = rectify.listing(engine, dt.date(2026, 12, 28), overdue_only=True)
    assert [r["evaluation_id"] for r in listed] == ["e1"]
    rectify.close(engine, "e1", owner="A017", result="窗口增设引导员")
    assert rectify.listing(engine, dt.date(2026, 12, 28), overdue_only=True) == []
    with pytest.raises(CityError) as caught:
        rectify.close(engine, "e1", owner="A017", result="again")
    assert caught.value.code == "city.rectification.closed"


def test_every_record_reaches_the_platform_once_through_faults(engine) -> None:
    faults = Faults(fail=0.25, hang=0.15, dup=0.5, shuffle=True, hang_s=0.5)
    sim = PlatformSimulator(faults=faults, seed=7).start()
    try:
        now = time.time()
        for i in range(8):
            intake.store_case(engine, "XA-BL", f"c{i}", _with_data(case_body(f"A{i:04d}")), now)
            intake.store_evaluation(
                engine, "XA-BL", f"e{i}", evaluation_body(f"e{i}", 1 + i % 5, f"A{i:04d}"), now, dt.UTC
            )
        rectify.close(engine, "e0", owner="A017", result="已回访并致歉")
        pusher = PlatformPusher(engine, HttpsJsonAdapter(sim.url, timeout_s=0.25), base_s=0.01, cap_s=0.05, poll_s=0.05)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(min(pusher.step(), 0.05))
            log = sim.state.log()
            with db.read(engine) as conn:
                finished = conn.execute(
                    sa.select(sa.func.count()).where(city_cases.c.platform_status == "finished")
                ).scalar_one()
            if len(log["cases"]) == 8 and len(log["evaluations"]) == 8 and log["rectifications"] and finished == 8:
                break
        log = sim.state.log()
        assert log["invalid"] == []
        assert sorted(log["cases"]) == [f"XA-BL:A{i:04d}" for i in range(8)]
        assert set(log["cases"].values()) == {1}
        assert set(log["evaluations"].values()) == {1} and len(log["evaluations"]) == 8
        assert log["rectifications"] == {"e0": 1}
        assert log["faulted"].get("fail") and log["faulted"].get("hang") and log["faulted"].get("dup")
        with db.read(engine) as conn:
            cases = conn.execute(sa.select(city_cases.c.official_number, city_cases.c.platform_status)).all()
            updates = conn.execute(
                sa.select(city_updates.c.reference, city_updates.c.platform_status).order_by(city_updates.c.id)
            ).all()
        assert all(c.official_number and c.official_number.startswith("GOV") for c in cases)
        assert {c.platform_status for c in cases} == {"finished"}
        order = {"accepted": 0, "in_progress": 1, "finished": 2}
        last: dict[str, int] = {}
        for u in updates:  # what the halls see never moves back, though the feed came shuffled
            assert order[u.platform_status] >= last.get(u.reference, -1)
            last[u.reference] = order[u.platform_status]
    finally:
        sim.stop()


def test_one_city_process_pushes_at_a_time(engine) -> None:
    sim = PlatformSimulator().start()
    try:
        now = [1000.0]
        clock = lambda: now[0]
        first = PlatformPusher(engine, HttpsJsonAdapter(sim.url), clock=clock, lease_s=5.0)
        second = PlatformPusher(engine, HttpsJsonAdapter(sim.url), clock=clock, lease_s=5.0)
        intake.store_case(engine, "XA-BL", "c1", _with_data(case_body("A0001")), now[0])
        second.step()  # takes the lease and sends
        assert sim.state.log()["cases"] == {"XA-BL:A0001": 1}
        intake.store_case(engine, "XA-BL", "c2", _with_data(case_body("A0002")), now[0])
        now[0] += 1
        assert first.step() == 2.5  # the second holds the lease: the first only waits
        assert sim.state.log()["cases"] == {"XA-BL:A0001": 1}
        now[0] += 10  # the second died: its lease ran out, the first takes over
        first.step()
        assert sim.state.log()["cases"] == {"XA-BL:A0001": 1, "XA-BL:A0002": 1}
    finally:
        sim.stop()
