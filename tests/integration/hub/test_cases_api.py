"""Cases, idempotency keys, status changes, heartbeats, help requests and licences on a
real hub (uvicorn subprocess), through the terminal's HubClient and plain HTTP."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import uuid
from datetime import datetime

import httpx
import pytest
from PIL import Image

from offline_cache.sync import HubRejected
from tests.rigs.hub import HubProcess

CASE = {
    "task_code": "610100000000TEST0001",
    "terminal_id": "kiosk-1",
    "hall_code": "610103-HALL",
    "area_code": "610103",
    "applicant": {"name": "张三", "id_number": "610103188001010012", "phone": "13800001234"},
    "values": {"reason": "迁入", "address": "西安市碑林区某街1号"},
}


def png(color: tuple[int, int, int] = (200, 10, 10), size: int = 32) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), color).save(out, "PNG")
    return out.getvalue()


def rid() -> str:
    return uuid.uuid4().hex


def test_a_case_gets_its_official_number_once_per_key(hub: HubProcess) -> None:
    # A fresh hub: the day's numbers of a task code start at 0001 (the other tests share one).
    with hub.client("kiosk") as kiosk:
        key = rid()
        first = kiosk.push("case", key, CASE)
        today = datetime.now().astimezone().strftime("%Y%m%d")  # the demo hall is Asia/Shanghai
        assert re.fullmatch(rf"{CASE['task_code']}\d{{8}}0001", first["case_number"])
        assert first["status"] == "submitted" and first["record_id"] == key
        assert first["case_number"][len(CASE["task_code"]) :][:8] in (today, _shanghai_day())
        # The answer was lost: the same record again is the same case, nothing stored twice.
        again = kiosk.push("case", key, CASE)
        assert again["case_number"] == first["case_number"]
        second = kiosk.push("case", rid(), CASE)
        assert second["case_number"].endswith("0002")
        # The same key with another body: refused, the engine dead-letters it.
        with pytest.raises(HubRejected) as exc:
            kiosk.push("case", key, {**CASE, "values": {"reason": "changed"}})
        assert (exc.value.status, exc.value.code) == (409, "idempotency.mismatch")
    r = httpx.post(hub.url + "/api/v1/cases", json=CASE, headers={**hub.headers("kiosk"), "Idempotency-Key": key})
    assert r.status_code == 200 and r.json()["case_number"] == first["case_number"]


def _shanghai_day() -> str:
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y%m%d")


def test_concurrent_copies_of_one_request_store_one_case(module_hub: HubProcess) -> None:
    key = rid()
    answers: list[dict] = []

    def send() -> None:
        with module_hub.client("kiosk") as kiosk:
            answers.append(kiosk.push("case", key, CASE))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({a["case_number"] for a in answers}) == 1
    following = int(answers[0]["case_number"][-4:]) + 1  # the module's tests run one by one
    with module_hub.client("kiosk") as kiosk:
        assert kiosk.push("case", rid(), CASE)["case_number"].endswith(f"{following:04d}")  # no number burnt


def test_images_travel_as_multipart_named_by_their_hash(module_hub: HubProcess) -> None:
    images = [png(), png((10, 200, 10), 48)]
    with module_hub.client("kiosk") as kiosk:
        key = rid()
        answer = kiosk.push("case", key, CASE, images)
        assert answer["images"] == 2
        assert kiosk.push("case", key, CASE, images)["case_number"] == answer["case_number"]
        # Other images under the same key are another request.
        with pytest.raises(HubRejected) as exc:
            kiosk.push("case", key, CASE, images[:1])
        assert exc.value.code == "idempotency.mismatch"
        with pytest.raises(HubRejected) as exc:
            kiosk.push("case", rid(), CASE, [b"MZ\x90\x00 not an image at all"])
        assert (exc.value.status, exc.value.code) == (422, "case.not_an_image")
        with pytest.raises(HubRejected) as exc:
            kiosk.push("case", rid(), CASE, [b"\xff\xd8\xff" + b"\0" * (5 * 1024 * 1024)])
        assert (exc.value.status, exc.value.code) == (413, "case.image_too_large")
    with module_hub.client("admin") as admin:
        got = admin._json("GET", f"/api/v1/cases/{answer['case_number']}")
        assert got["images"] == 2


def test_a_part_not_named_by_its_hash_and_broken_bodies_are_clear_4xx(module_hub: HubProcess) -> None:
    h = {**module_hub.headers("kiosk"), "Idempotency-Key": rid()}
    image = png()
    r = httpx.post(
        module_hub.url + "/api/v1/cases",
        headers=h,
        files=[("body", (None, json.dumps(CASE).encode(), "application/json")), ("0" * 64, ("x", image, "image/png"))],
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "case.image_hash_mismatch"
    assert r.json()["sha256"] == hashlib.sha256(image).hexdigest()
    r = httpx.post(
        module_hub.url + "/api/v1/cases",
        headers={**h, "Content-Type": "multipart/form-data; boundary=xx"},
        content=b'--xx\r\nContent-Disposition: form-data; name="body"\r\n\r\n{}',
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "request.bad_multipart"
    r = httpx.post(module_hub.url + "/api/v1/cases", headers=h, json={**CASE, "task_code": 5})
    assert r.status_code == 422 and r.json()["error"]["code"] == "request.invalid"
    assert r.json()["field"] == "body.task_code"
    r = httpx.post(module_hub.url + "/api/v1/cases", headers=module_hub.headers("kiosk"), json=CASE)
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency.missing"
    r = httpx.post(
        module_hub.url + "/api/v1/cases", headers={**module_hub.headers("kiosk"), "Idempotency-Key": "a/b"}, json=CASE
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "idempotency.bad_key"
    r = httpx.post(
        module_hub.url + "/api/v1/cases", headers={**module_hub.headers("display"), "Idempotency-Key": rid()}, json=CASE
    )
    assert r.status_code == 403
    r = httpx.post(module_hub.url + "/api/v1/cases", headers={**h, "Content-Type": "text/plain"}, content=b"hi")
    assert r.status_code == 415


def test_status_changes_reach_the_terminal_with_a_cursor(module_hub: HubProcess) -> None:
    mine, theirs = module_hub.add_terminal("kiosk"), module_hub.add_terminal("window", 1)  # only this test's cases
    with module_hub.client(mine) as kiosk, module_hub.client("admin") as admin, module_hub.client(theirs) as other:
        key = rid()
        number = kiosk.push("case", key, CASE)["case_number"]
        first = kiosk.case_updates(None)
        assert [(u["record_id"], u["case_number"], u["status"]) for u in first] == [(key, number, "submitted")]
        cursor = repr(first[-1]["at"])
        assert kiosk.case_updates(cursor) == []
        admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "accepted", "note": "收件即受理"})
        admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "in_progress"})
        news = kiosk.case_updates(cursor)
        assert [u["status"] for u in news] == ["accepted", "in_progress"]
        assert news[0]["at"] > first[-1]["at"] and news[1]["at"] > news[0]["at"]
        with pytest.raises(HubRejected) as exc:
            admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "submitted"})
        assert exc.value.status == 422
        admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "finished"})
        with pytest.raises(HubRejected) as exc:
            admin._json("POST", f"/api/v1/cases/{number}/status", json={"status": "rejected"})
        assert (exc.value.status, exc.value.code) == (409, "case.bad_transition")
        with pytest.raises(HubRejected) as exc:
            kiosk._json("POST", f"/api/v1/cases/{number}/status", json={"status": "rejected"})
        assert exc.value.status == 403
        case = kiosk._json("GET", f"/api/v1/cases/{number}")
        assert [h["status"] for h in case["history"]] == ["submitted", "accepted", "in_progress", "finished"]
        assert case["history"][1]["note"] == "收件即受理" and "applicant" not in case
        with pytest.raises(HubRejected) as exc:  # another terminal cannot read it
            other._json("GET", f"/api/v1/cases/{number}")
        assert exc.value.status == 404
        assert other.case_updates(None) == []
        with pytest.raises(HubRejected) as exc:
            admin._json("POST", "/api/v1/cases/NOSUCHCASE/status", json={"status": "accepted"})
        assert (exc.value.status, exc.value.code) == (404, "case.not_found")
    log = module_hub.log_path.read_text()
    assert "610103188001010012" not in log and "张三" not in log and "13800001234" not in log


def test_evaluations_honour_the_idempotency_key(module_hub: HubProcess) -> None:
    body = {
        "satisfaction": 5,
        "pf": 5,
        "hallCode": "610103-HALL",
        "areaCode": "610103",
        "assessTime": "2026-12-02T10:00:00+08:00",
        "projectNo": "X1",
    }
    with module_hub.client("kiosk") as kiosk:
        key = rid()
        first = kiosk.push("evaluation", key, body)
        assert first["id"] == key
        assert kiosk.push("evaluation", key, body)["id"] == key
        with pytest.raises(HubRejected) as exc:
            kiosk.push(
                "evaluation", key, {**body, "satisfaction": 1, "evalDetail": ["101"], "writingEvaluation": "太慢"}
            )
        assert exc.value.status in (409, 422)
        with pytest.raises(HubRejected) as exc:
            kiosk.push("evaluation", key, {**body, "satisfaction": 4})
        assert (exc.value.status, exc.value.code) == (409, "idempotency.mismatch")
    with module_hub.client("admin") as admin:
        stored = [e for e in admin._json("GET", "/api/v1/evaluations") if e["id"] == key]  # the others' too
        assert len(stored) == 1 and stored[0]["record"]["satisfaction"] == 5


def test_heartbeats_and_help_requests_show_on_the_status_page(module_hub: HubProcess) -> None:
    beat = {
        "sent_at": 1764650000.0,
        "health": {"printer": {"state": "degraded", "key": "printer.paper_low"}, "id_reader": {"state": "ok"}},
        "outbox": {"waiting": 7, "dead": 1, "oldest_waiting_s": 12.5},
    }
    terminal = module_hub.add_terminal("kiosk")  # its row on the page is this test's alone
    with module_hub.client(terminal) as kiosk:
        kiosk.heartbeat(beat)
        with pytest.raises(HubRejected) as exc:
            kiosk.heartbeat({"sent_at": "now", "health": {}, "outbox": {}})
        assert exc.value.status == 422
        help_id = rid()
        asked = kiosk.push("help_request", help_id, {"screen": "case_form", "hall_code": "610103-HALL"})
        assert asked["terminal"] == terminal and asked["screen"] == "case_form"
        assert kiosk.push("help_request", help_id, {"screen": "case_form", "hall_code": "610103-HALL"})["id"] == help_id
    with module_hub.client("window:2") as window:
        listed = window._json("GET", "/api/v1/help-requests")  # the other tests' too
        assert [h["id"] for h in listed if h["id"] == help_id] == [help_id]
    page = httpx.get(module_hub.url + "/status", headers=module_hub.headers("admin")).text
    assert "printer.paper_low" in page and "degraded" in page
    terminals = page.split('id="health"')[1].split("</table>")[0]
    assert ">7<" in next(row for row in terminals.split("<tr>") if terminal in row)
    assert "case_form" in page.split('id="help"')[1].split("</table>")[0]
    with httpx.stream(
        "GET",
        module_hub.url + "/api/v1/events",
        timeout=10,
        headers={**module_hub.headers("display"), "Last-Event-ID": "0"},
    ) as r:
        seen = ""
        for line in r.iter_lines():
            seen += line + "\n"
            if "help.requested" in seen and help_id in seen:
                break
    assert "event: help.requested" in seen


def test_licences_are_found_by_person_key_only(module_hub: HubProcess) -> None:
    from kiosk.config.settings import HubSettings
    from kiosk.queue.connection import HubConnection

    secret = HubSettings().person_key
    conn = HubConnection(module_hub.url, module_hub.tokens["kiosk"], person_secret=secret)
    with module_hub.client("kiosk") as kiosk:
        found = kiosk.licences(conn.person_key("610103188001010012"))
        assert sorted(x["name"] for x in found) == ["居民户口簿", "结婚证"]
        assert [x["type"] for x in kiosk.licences(conn.person_key("610103188001010012"), "marriage")] == ["marriage"]
        assert kiosk.licences(conn.person_key("11010519491231002X")) == []
        with pytest.raises(HubRejected) as exc:
            kiosk.licences("610103188001010012x")  # not a key: refused, never looked up
        assert exc.value.status == 422


def test_the_status_page_form_changes_a_case_status(module_hub: HubProcess) -> None:
    with module_hub.client("kiosk") as kiosk:
        number = kiosk.push("case", rid(), CASE)["case_number"]
    form = {"case_number": number, "status": "accepted", "note": "窗口受理"}
    with httpx.Client(base_url=module_hub.url) as browser:  # signed in with the login form (its cookie)
        assert browser.post("/status/login", data={"password": module_hub.tokens["admin"]}).status_code == 303
        r = browser.post("/status/case-status", data=form)
        assert r.status_code == 303 and r.headers["location"] == "/status#cases"
        page = browser.get("/status").text
        row = next(x for x in page.split('id="cases"')[1].split("</table>")[0].split("<tr>") if number in x)
        assert "accepted" in row
        r = browser.post("/status/case-status", data={**form, "status": "submitted"})
        assert r.status_code == 422
    r = httpx.post(module_hub.url + "/status/case-status", data=form)  # no session
    assert r.status_code == 401
    with module_hub.client("admin") as admin:
        history = admin._json("GET", f"/api/v1/cases/{number}")["history"]
    assert [(h["status"], h["note"]) for h in history] == [("submitted", ""), ("accepted", "窗口受理")]


def test_a_case_body_nested_100000_deep_is_called_that(module_hub: HubProcess) -> None:
    h = {**module_hub.headers("kiosk"), "Idempotency-Key": rid(), "Content-Type": "application/json"}
    r = httpx.post(module_hub.url + "/api/v1/cases", headers=h, content=b"[" * 100_000 + b"]" * 100_000)
    assert r.status_code == 422 and r.json()["error"] == {
        "code": "request.invalid",
        "message": "the case body is nested too deeply",
    }
