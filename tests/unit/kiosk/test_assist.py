"""呼叫帮助, helper mode and 办不成事 in the core, over a real outbox file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from drivers.printer import escpos_decode as dec
from drivers.printer.escpos_render import render as escpos
from kiosk.assist import AssistDesk, AssistError, helper_on_receipts
from kiosk.audit import masked_details
from kiosk.unresolved import ReportError, UnresolvedDesk, normalise_phone, unresolved_slip
from kiosk.visit import Visit
from offline_cache.outbox import Outbox
from ui.i18n import tr

CITIZEN_ID = "610103195001010015"


@pytest.fixture
def outbox(tmp_path: Path):
    with Outbox(tmp_path / "data") as box:
        yield box


def put_into(box: Outbox):
    return lambda kind, body, personal=(): box.put(kind, body, personal=personal)


def test_one_help_request_per_visit_and_none_without_an_outbox(outbox) -> None:
    visit = Visit(timeout_s=90, warning_s=30)
    desk = AssistDesk(visit, put=put_into(outbox), sign_in=None, hall_code="DEMO-HALL")
    assert desk.request_help("guide") == "sent"
    assert desk.request_help("ticket") == "already"  # a second tap is not a second call
    helps = [r for r in outbox.records() if r.kind == "help_request"]
    assert len(helps) == 1 and outbox.open(helps[0].id)[0] == {"screen": "guide", "hall_code": "DEMO-HALL"}
    visit.end()
    assert desk.request_help("home") == "sent"  # the next visit may ask again
    with pytest.raises(AssistError) as exc:
        AssistDesk(Visit(timeout_s=90, warning_s=30), put=None, sign_in=None).request_help("home")
    assert exc.value.key == "assist.unavailable"


def test_a_helper_is_recorded_step_by_step_and_leaves_with_the_visit(outbox) -> None:
    visit = Visit(timeout_s=90, warning_s=30)
    asked: list[tuple[str, str]] = []

    def hub(staff: str, pin: str) -> dict:
        asked.append((staff, pin))
        return {"staff": staff, "name": "王芳", "window": None}

    desk = AssistDesk(visit, put=put_into(outbox), sign_in=hub)
    for staff, pin, key in (("", "246810", "assist.fill_both"), ("3001", "12", "assist.bad_number")):
        with pytest.raises(AssistError) as exc:
            desk.sign_in(staff, pin)
        assert exc.value.key == key
    assert asked == [] and desk.helper is None and desk.record("guide", "screen.opened") is None
    helper = desk.sign_in("3001", "246810", "help")
    assert helper.masked_name == "王*" and helper_on_receipts(visit, tr) == "工号3001 王*"
    desk.record(
        "ticket", "ticket.taken", number="A001", citizen="张三丰", id_number=CITIZEN_ID, note=f"ID {CITIZEN_ID}"
    )
    visit_id = visit.visit_id
    visit.end()
    assert desk.helper is None and helper_on_receipts(visit, tr) == ""
    steps = [outbox.open(r.id)[0] for r in outbox.records() if r.kind == "audit_entry"]
    assert [s["action"] for s in steps] == ["assist.started", "ticket.taken", "assist.ended"]
    assert {s["helper"] for s in steps} == {"3001"} and {s["visit"] for s in steps} == {visit_id}
    taken = steps[1]["details"]
    assert taken["citizen"] == "张**" and taken["id_number"] == "6101**********0015"
    assert CITIZEN_ID not in str(steps) and "三丰" not in str(steps)


def test_a_case_submitted_is_one_step_however_often_its_screen_shows(outbox) -> None:
    # Journey 6 under a real pointer: back on the done screen after the rating, the
    # helper's record said the case was submitted twice.
    visit = Visit(timeout_s=90, warning_s=30)
    desk = AssistDesk(visit, put=put_into(outbox), sign_in=lambda staff, pin: {"staff": staff})
    desk.sign_in("3001", "246810")
    for reference in ("C9A614C84F", "C9A614C84F", "0B7E11D2AA"):
        desk.record("case", "case.submitted", reference=reference, citizen="张三丰")
    visit.end()
    visit.begin()
    desk.sign_in("3001", "246810")  # the next visit's case may have any reference again
    desk.record("case", "case.submitted", reference="C9A614C84F")
    steps = [outbox.open(r.id)[0] for r in outbox.records() if r.kind == "audit_entry"]
    submitted = [s["details"]["reference"] for s in steps if s["action"] == "case.submitted"]
    assert submitted == ["C9A614C84F", "0B7E11D2AA", "C9A614C84F"]


def test_masked_details_mask_by_name_and_scrub_the_rest() -> None:
    out = masked_details({"phone": "13812341234", "address": "陕西省西安市碑林区南大街1号", "note": "call 13812341234"})
    assert out["phone"] == "138****1234" and out["note"] == "call 138****1234"
    assert "南大街1号" not in out["address"]


def test_a_report_is_checked_stored_sealed_and_printed_with_its_reference(outbox, tmp_path: Path) -> None:
    desk = UnresolvedDesk(put_into(outbox), hall_code="DEMO-HALL", clock=lambda: 1_796_000_000.0)
    for form, key in (
        ({"tried": " ", "reasons": ["queue"]}, "unresolved.tried_missing"),
        ({"tried": "高龄津贴申领"}, "unresolved.reason_missing"),
        ({"tried": "高龄津贴申领", "reasons": ["other"]}, "unresolved.other_needs_text"),
        ({"tried": "高龄津贴申领", "reasons": ["queue"], "phone": "1381234"}, "unresolved.phone_invalid"),
        ({"tried": "高龄津贴申领", "text": "长" * 301}, "unresolved.text_too_long"),
    ):
        with pytest.raises(ReportError) as exc:
            desk.file(**form)
        assert exc.value.key == key
    assert outbox.records() == []  # nothing half-filed
    assert normalise_phone("029-8765 4321") == "02987654321"
    report = desk.file(
        tried="高龄津贴申领",
        task_code="T1",
        reasons=["materials", "bogus"],
        text="打 13912345678",
        phone="139 1234 5678",
    )
    assert report.reasons == ("materials",) and report.phone_masked == "139****5678"
    assert report.reference.startswith(f"BB{dt.datetime.fromtimestamp(1_796_000_000.0):%Y%m%d}-")
    body, _ = outbox.open(report.record_id)
    assert body["phone"] == "13912345678" and body["text"] == "打 139****5678"  # free text scrubbed
    record = outbox.get(report.record_id)
    assert "13912345678" not in str(record.summary)
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").rglob("*") if p.is_file())
    assert b"13912345678" not in raw  # sealed on disk
    slip = unresolved_slip(report, hall_name="演示政务服务大厅", tr=tr, helper="工号3001 王*")
    text = "".join(dec.text_lines(dec.decode(escpos(slip))))  # as the paper reads, lines joined
    assert report.reference in text and "139****5678" in text and "13912345678" not in text
    assert "12345" in text and "办不成事反映窗口" in text and "帮办人员" in text and "材料要求不清楚" in text
