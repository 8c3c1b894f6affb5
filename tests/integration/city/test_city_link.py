"""A hall hub linked to a city hub sends its cases (with materials) and ratings up;
the platform simulator takes each once; the official number and the platform's status
come down to the hall's 办件查询; a bad rating opens a rectification whose result goes
to the platform too. Real processes: PostgreSQL, the city hub, a SQLite hall hub, the
platform simulator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from hub import db as hub_db
from tests.rigs.city import link_hall, rating, running_city, running_hall, running_platform, submit_case, wait_for
from tests.rigs.hub import REPO, HubRigError, _env, kiosk_cli

PNG = b"\x89PNG\r\n\x1a\n" + b"scanned page" * 20
CASE = {
    "task_code": "11610103MB282815164000509004000",
    "terminal_id": "test-kiosk",
    "hall_code": "XA-BL",
    "area_code": "610103",
    "applicant": {"name": "张三丰", "id_number": "610103188001010012"},
    "values": {"bank_card": "6222020200112233446"},
}


REPORT = {
    "reference": "BB20261207-0A1B2C3D",
    "reported_at": "2026-12-07T10:05:00+08:00",
    "tried": "高龄津贴申领",
    "reasons": ["materials"],
    "text": "不知道申请表在哪里拿",
    "phone": "13912345678",
    "hall_code": "XA-BL",
}


def _city_admin(city) -> str:
    from hub import db, tokens

    engine = db.make_engine(city.db_url, pool_size=1)
    try:
        return tokens.create(engine, "city-admin", "admin")[1]
    finally:
        engine.dispose()


def _halls(city, token: str) -> list[dict]:
    r = httpx.get(city.url + "/api/v1/city/halls", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()


def test_a_linked_hall_sends_up_once_and_gets_the_official_number(tmp_path: Path, pg_cluster, monkeypatch) -> None:
    monkeypatch.setenv("KIOSK_CITY_SNAPSHOT_S", "1")  # the hall's snapshot every second, not 30
    with (
        running_platform(tmp_path / "platform") as platform,
        running_city(tmp_path, pg_cluster, platform.url) as city,
        running_hall(tmp_path) as hall,
    ):
        code = link_hall(city, hall)
        listed = [
            json.loads(line)
            for line in kiosk_cli("hub", "city", "hall", "list", "--json", "--db", city.db_url).stdout.splitlines()
        ]
        assert [(h["code"], h["level"], h["rectify_days"]) for h in listed] == [("XA-BL", "district", 15)]
        credential = hall.query("SELECT credential FROM city_link")[0][0]
        stored = city.query("SELECT hall_code, credential_hash FROM city_links")
        assert [r[0] for r in stored] == ["XA-BL"]
        assert credential not in json.dumps(stored)  # only its hash at the city
        with pytest.raises(HubRigError, match="city.pairing.used"):
            kiosk_cli("hub", "link", "--db", hall.db_url, "--city", city.url, "--code", code)

        number = submit_case(hall, CASE, PNG, "case0001")
        bad = rating(1, number)
        r = httpx.post(
            hall.url + "/api/v1/evaluations", json=bad, headers={**hall.headers("kiosk"), "Idempotency-Key": bad["id"]}
        )
        assert r.status_code == 201, r.text

        def official() -> dict | None:
            got = httpx.get(f"{hall.url}/api/v1/cases/{number}", headers=hall.headers("kiosk")).json()
            return got if got["platform_status"] == "finished" else None

        case = wait_for(official, what="the official number and 'finished' at the hall")
        assert case["reference_number"] == number and case["official_number"].startswith("GOV")
        # The rating travels on its own: the case can be 'finished' before it reaches the platform.
        log = wait_for(lambda: (got := platform.log())["evaluations"] and got, what="the rating at the platform")
        assert log["cases"] == {f"XA-BL:{number}": 1}
        assert log["evaluations"] == {bad["id"]: 1}
        assert log["invalid"] == []
        assert city.query("SELECT count(*) FROM city_case_blobs") == [(1,)]  # the material came along

        r = httpx.post(
            hall.url + "/api/v1/unresolved-reports",
            json=REPORT,
            headers={**hall.headers("kiosk"), "Idempotency-Key": "report0001"},
        )
        assert r.status_code == 201, r.text
        heartbeat = {
            "sent_at": 1.0,
            "health": {"printer": {"state": "degraded", "key": "printer.paper_low"}},
            "outbox": {"waiting": 0, "dead": 0, "oldest_waiting_s": 0},
        }
        r = httpx.post(hall.url + "/api/v1/heartbeats", json=heartbeat, headers=hall.headers("kiosk"))
        assert r.status_code == 200, r.text
        wait_for(lambda: city.query("SELECT phone_masked FROM city_reports"), what="the 办不成事 report at the city")
        assert city.query("SELECT hall_code, reference, phone_masked FROM city_reports") == [
            ("XA-BL", REPORT["reference"], "139****5678")
        ]
        admin = _city_admin(city)
        hall_row = wait_for(
            lambda: [h for h in _halls(city, admin) if h["snapshot"] and h["snapshot"]["terminals"]],
            what="the hall's snapshot with its kiosk's health",
            timeout_s=20,
        )[0]
        assert hall_row["linked"] and hall_row["rectifications"] == {"open": 1, "overdue": 0}
        assert hall_row["snapshot"]["terminals"][0]["devices"] == {"printer": "degraded"}
        assert "13912345678" not in json.dumps(hall_row)

        shown = kiosk_cli("hub", "link", "--status", "--db", hall.db_url).stdout
        assert f"linked to {city.url} as hall XA-BL" in shown and "waiting 0, dead letters 0, sent 3" in shown
        assert credential not in shown

        rows = city.query("SELECT hall_code, satisfaction, closed_at FROM rectifications")
        assert rows == [("XA-BL", 1, None)]
        kiosk_cli("hub", "city", "rectify", bad["id"], "--db", city.db_url, "--owner", "A017", "--result", "已回访")
        wait_for(lambda: platform.log()["rectifications"] == {bad["id"]: 1}, what="the rectification at the platform")

        # The link's API is the city's alone, and only for a live hall credential.
        assert httpx.post(hall.url + "/api/v1/city/link", json={"code": "123456"}).status_code == 404
        r = httpx.post(city.url + "/api/v1/city/evaluations", json={"record": {}}, headers={"Idempotency-Key": "x1"})
        assert (r.status_code, r.json()["error"]["code"]) == (401, "auth.missing")
        hall_auth = {"Authorization": f"Bearer {credential}", "Idempotency-Key": "x2"}
        r = httpx.post(city.url + "/api/v1/city/evaluations", json={"record": {"id": "x"}}, headers=hall_auth)
        assert (r.status_code, r.json()["error"]["code"]) == (422, "city.request.invalid")
        # Unlinked at the city: the hall keeps its records and says why they wait.
        kiosk_cli("hub", "city", "unlink", "--db", city.db_url, "--hall", "XA-BL")
        late = rating(5, number)
        r = httpx.post(
            hall.url + "/api/v1/evaluations",
            json=late,
            headers={**hall.headers("kiosk"), "Idempotency-Key": late["id"]},
        )
        assert r.status_code == 201, r.text
        wait_for(
            lambda: "401 auth.invalid" in kiosk_cli("hub", "link", "--status", "--db", hall.db_url).stdout,
            what="the hall's link to say its credential was refused",
        )
        assert hall.query("SELECT state FROM city_outbox WHERE ref = :ref", ref=late["id"]) == [("pending",)]
        assert late["id"] not in platform.log()["evaluations"]


def _kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args], capture_output=True, text=True, env=_env(), cwd=REPO, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("hub", "link", "--city", "ftp://city", "--code", "123456"), "city.link.bad_url"),
        (("hub", "link", "--city", "http://127.0.0.1:9", "--code", "12"), "city.pairing.malformed"),
        (("hub", "link", "--city", "http://127.0.0.1:9", "--code", "123456"), "city.unreachable"),
        (("hub", "city", "pair", "--hall", "NOPE"), "city.hall.unknown"),
        (("hub", "city", "hall", "add", "--code", "a b", "--name", "x", "--level", "street"), "city.hall.invalid"),
        (("hub", "city", "rectify", "nope", "--owner", "A017", "--result", "x"), "city.rectification.unknown"),
        (("hub", "serve", "--city"), "--city needs a PostgreSQL --db"),
        (("hub", "link", "--code", "123456"), "city.link.usage"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], key: str) -> None:
    db = tmp_path / "hub.sqlite"
    if args[:2] == ("hub", "city") and args[2] != "hall":
        # Admin commands never make a database (issue 17): these ask an existing one.
        engine = hub_db.make_engine(db, pool_size=1)
        hub_db.migrate(engine)
        engine.dispose()
    out = _kiosk(*args, "--db", str(db))
    assert out.returncode == 2, out.stderr
    assert key in out.stderr and len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    if args[:2] == ("hub", "link"):
        assert not db.exists()  # refused before the hall's database was touched
