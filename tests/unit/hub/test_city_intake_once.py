"""A rating or a 办不成事 report that reaches the city again under another key (a hall
restored from a backup, a re-queued record) is answered 200 with what was stored and
stored once: the city inserts it with ON CONFLICT DO NOTHING and reads nothing first."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from hub import db
from hub.city import intake, registry
from hub.city.errors import CityError
from hub.city.tables import city_evaluations, city_reports, platform_outbox, rectifications
from tests.unit.hub.test_city_platform import case_body, evaluation_body


@pytest.fixture
def engine(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=2)
    db.migrate(engine)
    registry.add(engine, registry.HallEntry("XA-BL", "碑林区政务服务中心", "district"))
    yield engine
    engine.dispose()


def _count(engine, table) -> int:
    with db.read(engine) as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_a_bad_rating_under_another_key_is_stored_queued_and_rectified_once(engine) -> None:
    now = time.time()
    first = intake.store_evaluation(engine, "XA-BL", "k1", evaluation_body("e1", 1), now, dt.UTC)
    other = intake.store_evaluation(engine, "XA-BL", "k2", evaluation_body("e1", 1), now, dt.UTC)
    assert first == (201, {"hall_code": "XA-BL", "id": "e1", "rectification": True})
    assert other == (200, {"hall_code": "XA-BL", "id": "e1"})
    assert (_count(engine, city_evaluations), _count(engine, platform_outbox), _count(engine, rectifications)) == (
        1,
        1,
        1,
    )


def test_a_report_under_another_key_is_stored_once(engine) -> None:
    report = {
        "report": {
            "reference": "BJ-0001",
            "reported_at": "2026-12-07T10:00:00+08:00",
            "tried": "户口迁入",
            "reasons": ["materials"],
            "phone": "13800001234",
            "hall_code": "XA-BL",
        }
    }
    assert intake.store_report(engine, "XA-BL", "k1", report, time.time())[0] == 201
    assert intake.store_report(engine, "XA-BL", "k2", report, time.time()) == (
        200,
        {"hall_code": "XA-BL", "reference": "BJ-0001"},
    )
    assert _count(engine, city_reports) == 1


def test_a_case_numbered_from_a_task_code_with_a_dash_is_taken(engine) -> None:
    # A hall numbers a case task code + day + sequence, and a task code is any printable
    # text (the demo catalog's T-GLJT): the city refused the '-', so every such case
    # became a dead letter at the hall and never reached the platform.
    body = case_body("T-GLJT202612080001")
    body["case"]["task_code"] = "T-GLJT"
    body["materials"] = []
    status, answer = intake.store_case(engine, "XA-BL", "k1", body, time.time())
    assert (status, answer["reference"]) == (201, "T-GLJT202612080001")
    assert _count(engine, platform_outbox) == 1


@pytest.mark.parametrize("reference", ["", " A0001", "A0001\n", "A" * 65, "A\x00B"])
def test_a_reference_that_no_hall_mints_is_refused(engine, reference: str) -> None:
    body = case_body(reference)
    body["materials"] = []
    with pytest.raises(CityError) as caught:
        intake.store_case(engine, "XA-BL", "k1", body, time.time())
    assert caught.value.code == "city.request.invalid"
    assert _count(engine, platform_outbox) == 0
