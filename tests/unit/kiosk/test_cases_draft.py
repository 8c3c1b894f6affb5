"""kiosk.cases.draft: the application's steps with a fake clock."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.cases.draft import Applicant, CaseDraft, MaterialState, Step, add_working_days
from kiosk.cases.errors import CaseError
from kiosk.catalog.types import ItemGuide, Material
from tests.cases_rig import BANK_CARD, CITIZEN_ID
from tests.support.clock import FakeWallClock

GUIDE = ItemGuide(
    task_code="11610103MB282815164000509004000",
    task_name="高龄津贴申领",
    task_type="5",
    dept_code="D",
    dept_name="民政",
    allow_tolerance=True,
    materials=(
        Material("申请人居民身份证", order_num=1, e_licence_exempt=True),
        Material("居民户口簿", order_num=2, e_licence_exempt=True),
        Material("本人社会保障卡（金融账户）或银行卡复印件", order_num=3, is_need="容缺"),
        Material("高龄津贴申请表", order_num=4),
        Material("授权委托书", order_num=5, is_need="非必要"),
    ),
)
PERSON = Applicant("张三丰", CITIZEN_ID, "id_card", "陕西省西安市碑林区东大街1号（示例）")
FORM = {"phone": "13812341234", "bank_account": BANK_CARD}


def test_working_days_skip_the_weekend() -> None:
    assert add_working_days(dt.date(2026, 12, 2), 5) == dt.date(2026, 12, 9)  # Wed -> next Wed
    assert add_working_days(dt.date(2026, 12, 4), 1) == dt.date(2026, 12, 7)  # Fri -> Mon


def test_the_whole_way_with_an_exemption_a_capture_and_a_tolerance() -> None:
    clock = FakeWallClock()
    d = CaseDraft(GUIDE, clock=clock, tolerance_days=5)
    with pytest.raises(CaseError):
        d.fill(FORM)  # not identified yet
    d.identify(PERSON, {"申请人居民身份证", "居民户口簿"})
    assert d.step is Step.FORM and d.values["name"] == "张三丰"
    assert [s.state for s in d.slots[:2]] == [MaterialState.EXEMPT, MaterialState.EXEMPT]
    assert d.fill({"phone": "123"}) == {"phone": "case.error.mobile", "bank_account": "case.error.required"}
    assert d.step is Step.FORM
    assert d.fill(FORM) == {} and d.step is Step.MATERIALS
    assert not d.can_tolerate(3) and d.can_tolerate(2)
    with pytest.raises(CaseError, match="case.no_tolerance"):
        d.tolerate(3)
    assert d.tolerate(2) == dt.date(2026, 12, 9)
    d.add_page(3, b"p1")
    d.add_page(3, b"p2")
    d.drop_pages(3)  # retake
    assert d.slots[3].state is MaterialState.MISSING
    d.add_page(3, b"p1b")
    assert d.finish_materials() is Step.COMMITMENT  # the optional 授权委托书 may stay missing
    d.confirm()
    assert d.choose_delivery("post", "") == {"postal_address": "case.error.required"}
    assert d.choose_delivery("window") == {} and d.step is Step.REVIEW
    assert d.back() is Step.DELIVERY
    d.choose_delivery("window")
    d.submitted()
    assert d.pages() == [b"p1b"]
    records = d.material_records()
    assert records[2] == {
        "name": GUIDE.materials[2].material_name,
        "state": "tolerated",
        "need": "容缺",
        "due": "2026-12-09",
    }
    assert records[3]["pages"] == [0] and records[4]["state"] == "missing"
    with pytest.raises(CaseError):
        d.back()


def test_a_required_material_missing_without_tolerance_leads_to_the_notice() -> None:
    d = CaseDraft(GUIDE, clock=FakeWallClock())
    d.identify(PERSON, set())  # no e-licences: ID card and 户口簿 must be captured
    d.fill(FORM)
    d.add_page(0, b"id")
    d.tolerate(2)
    assert [s.material.material_name for s in d.missing()] == ["居民户口簿", "高龄津贴申请表"]
    assert d.finish_materials() is Step.NOTICE
    with pytest.raises(CaseError):
        d.confirm()


def test_an_exempt_material_takes_no_pages_and_a_card_holder_cannot_be_swapped() -> None:
    d = CaseDraft(GUIDE, clock=FakeWallClock())
    d.identify(PERSON, {"申请人居民身份证"})
    assert d.fill({**FORM, "id_number": "610113188001010023"}) == {"id_number": "case.error.not_card_holder"}
    d.fill({**FORM, "id_number": CITIZEN_ID})
    with pytest.raises(CaseError, match="case.material_exempt"):
        d.add_page(0, b"x")
    with pytest.raises(CaseError, match="case.no_such_material"):
        d.add_page(9, b"x")
    assert "张三丰" not in repr(PERSON)
