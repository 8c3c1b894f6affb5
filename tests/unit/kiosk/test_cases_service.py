"""kiosk.cases.service, receipts and evaluation over a real catalog and a real outbox:
the case stored sealed in one go, the receipts' decoded text, the query, the rating."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from drivers.printer import escpos_render
from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from kiosk.cases.errors import CaseError
from kiosk.cases.evaluation import RatingDesk
from kiosk.cases.licences import demo_licences
from kiosk.cases.receipts import acceptance_receipt, missing_notice, submission_receipt
from kiosk.cases.service import CaseDesk
from kiosk.catalog.service import CatalogService
from kiosk.config.settings import Settings
from kiosk.sync import SyncService
from offline_cache.db import StorageError
from tests.cases_rig import (
    ALLOWANCE,
    BANK_CARD,
    CITIZEN_ID,
    CITIZEN_NAME,
    kiosk_feed,
    page_jpeg,
    without_item,
)
from tests.outbox_rig import FakeHub
from tests.support.clock import FakeWallClock
from ui.i18n import tr


class Card:
    name, id_number, address = CITIZEN_NAME, CITIZEN_ID, "陕西省西安市碑林区东大街1号（示例）"


@pytest.fixture
def desk(tmp_path):
    catalog = CatalogService(tmp_path / "catalog.sqlite")
    catalog.import_file(kiosk_feed(tmp_path), "feed", allow_shrink=True)
    hub = FakeHub()
    sync = SyncService(Settings(data_dir=tmp_path / "data", terminal_id="K-01"), transport=hub)
    clock = FakeWallClock()
    yield CaseDesk(catalog, sync, demo_licences, clock=clock), sync, catalog, tmp_path
    sync.stop()
    catalog.close()


def _ready(desk: CaseDesk):
    draft = desk.start(ALLOWANCE)
    desk.identify_card(draft, Card())
    assert draft.fill({"phone": "13812341234", "bank_account": BANK_CARD}) == {}
    return draft


def _lines(receipt) -> str:
    # Lines wrap at the paper's width: joined without breaks, a phrase is found whole.
    return "".join(text_lines(decode(escpos_render.render(receipt))))


def test_a_kiosk_case_is_stored_sealed_and_its_receipt_never_claims_acceptance(desk) -> None:
    desk, sync, _, tmp_path = desk
    draft = _ready(desk)
    names = [s.material.material_name for s in draft.slots]
    assert draft.slots[names.index("居民户口簿")].state.value == "exempt"  # demo e-licence
    form = names.index("高龄津贴申请表")
    with pytest.raises(CaseError, match="case.image.not_image"):
        desk.attach(draft, form, b"%PDF-1.4 not an image")
    with pytest.raises(CaseError, match="case.image.too_large"):
        desk.attach(draft, form, b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024))
    assert desk.attach(draft, form, page_jpeg()) == 1
    assert desk.attach(draft, form, page_jpeg()) == 2
    due = draft.tolerate(names.index("本人社会保障卡（金融账户）或银行卡复印件"))
    assert draft.finish_materials().value == "commitment"
    draft.confirm()
    draft.choose_delivery("window")
    case = desk.submit(draft)
    assert case.name_masked == "张**" and case.id_masked == "6101**********0012"
    record = sync.outbox.get(case.record_id)
    assert record.state == "pending" and len(record.blobs) == 2
    assert record.summary == {"kind": "case", "item": ALLOWANCE, "name": "张**"}
    body, blobs = sync.outbox.open(case.record_id)
    assert body["applicant"]["id_number"] == CITIZEN_ID and body["values"]["materials"][2]["due"] == due.isoformat()
    sync.outbox.close()
    for f in (tmp_path / "data").rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert CITIZEN_ID.encode() not in data and CITIZEN_NAME.encode() not in data, f

    text = _lines(submission_receipt(case, hall_name="碑林区政务服务中心", online=False, now=case.submitted_at, tr=tr))
    assert "申报回执" in text and case.reference in text and "案件编号将在提交后生成，可扫码查询" in text
    assert "受理凭证" not in text and "不代表已受理" in text and "已保存，网络恢复后自动提交" in text
    assert "张**" in text and "6101**********0012" in text and CITIZEN_NAME not in text and CITIZEN_ID not in text
    assert "已拍摄 2 页" in text and "免提交（电子证照）" in text and f"请于 {due.isoformat()} 前补交" in text
    assert qr_payloads(
        decode(escpos_render.render(submission_receipt(case, hall_name="x", online=True, now=case.submitted_at, tr=tr)))
    ) == [case.qr_payload]


def test_the_hub_number_arrives_and_the_query_finds_the_case(desk) -> None:
    desk, sync, _, _ = desk
    draft = _ready(desk)
    for i, s in enumerate(draft.slots):
        if s.needed and not s.settled:
            draft.tolerate(i) if draft.can_tolerate(i) else desk.attach(draft, i, page_jpeg())
    draft.finish_materials()
    draft.confirm()
    draft.choose_delivery("post", "陕西省西安市碑林区东大街1号")
    case = desk.submit(draft)
    assert desk.find(case.reference).case_number == ""  # not sent yet
    sync.start()
    deadline = time.monotonic() + 5
    while desk.find(case.reference).case_number == "" and time.monotonic() < deadline:
        time.sleep(0.02)
    found = desk.find(case.reference)
    assert found.case_number.startswith("HUB") and found.sent and found.name_masked == "张**"
    assert desk.find(found.case_number).record_id == case.record_id
    assert desk.find(case.qr_payload).record_id == case.record_id
    assert [c.record_id for c in desk.find_by_person(CITIZEN_ID.lower())] == [case.record_id]
    assert desk.find_by_person("610113188001010023") == [] and desk.find("ZZZZZZZZ") is None


def test_window_acceptance_prints_the_window_clerk_and_legal_limit(desk) -> None:
    desk, _, _, _ = desk
    draft = desk.start("11610103MB282815164000509003000", channel="window")  # 临时救助: not a kiosk item
    with pytest.raises(CaseError, match="case.not_self_service"):
        desk.start("11610103MB282815164000509003000")
    desk.identify_card(draft, Card())
    draft.fill({"phone": "13812341234"})
    for i, s in enumerate(draft.slots):
        if s.needed and not s.settled:
            desk.attach(draft, i, page_jpeg())
    draft.finish_materials()
    draft.confirm()
    draft.choose_delivery("window")
    case = desk.submit(draft, accepted_by={"window_no": 3, "clerk": "工号0307"}, ticket="A012")
    text = _lines(acceptance_receipt(case, hall_name="碑林区政务服务中心", now=case.submitted_at, tr=tr))
    assert "受理凭证" in text and "3号窗口" in text and "工号0307" in text and "法定办结时限" in text
    assert desk.sync.outbox.open(case.record_id)[0]["values"]["ticket"] == "A012"


def test_missing_without_tolerance_prints_the_notice_instead(desk) -> None:
    desk, sync, _, _ = desk
    draft = _ready(desk)
    draft.finish_materials()
    text = _lines(missing_notice(draft, hall_name="碑林区政务服务中心", now=desk.clock(), tr=tr))
    assert "一次性告知单" in text and "高龄津贴申请表" in text and "尚缺以下材料" in text
    assert "居民户口簿" not in text  # exempt, not missing
    assert sync.outbox.records() == []


def test_disk_full_stores_nothing_and_an_item_gone_is_refused(desk, monkeypatch) -> None:
    desk, sync, catalog, tmp_path = desk
    draft = _ready(desk)
    for i, s in enumerate(draft.slots):
        if s.needed and not s.settled:
            draft.tolerate(i) if draft.can_tolerate(i) else desk.attach(draft, i, page_jpeg())
    draft.finish_materials()
    draft.confirm()
    draft.choose_delivery("window")

    def full(*a, **k):
        raise StorageError("storage.disk_full", path="outbox")

    monkeypatch.setattr(sync.outbox.blobs, "write", full)  # the disk fills while the pages go in
    with pytest.raises(CaseError) as err:
        desk.submit(draft)
    assert err.value.key == "case.not_stored" and err.value.data == {"reason": "storage.disk_full"}
    assert sync.outbox.records() == [] and draft.step.value == "review"
    monkeypatch.undo()
    catalog.import_file(without_item(tmp_path, ALLOWANCE), "feed", allow_shrink=True)
    with pytest.raises(CaseError, match="case.item_gone"):
        desk.submit(draft)
    with pytest.raises(CaseError, match="case.item_gone"):
        desk.start(ALLOWANCE)
    assert sync.outbox.records() == []


def test_typed_ids_are_checked_and_ratings_are_one_per_case_per_visit(desk) -> None:
    desk, sync, _, _ = desk
    draft = desk.start(ALLOWANCE)
    with pytest.raises(CaseError, match="case.error.id_number"):
        desk.identify_typed(draft, "610103188001010013")
    desk.identify_typed(draft, "610103188001010012")
    assert draft.values["name"] == "" and draft.applicant.source == "typed"

    ratings = RatingDesk(sync.put_evaluation)
    with pytest.raises(CaseError, match="case.rating.reason_needed"):
        ratings.rate("r1", satisfaction=2)
    record = ratings.rate(
        "r1",
        satisfaction=2,
        reasons=("attitude",),
        text="等了很久",
        anonymous=False,
        masked_name="张**",
        task_code=ALLOWANCE,
        project_type="即办件",
    )
    with pytest.raises(CaseError, match="case.rating.done"):
        ratings.rate("r1", satisfaction=5)
    body, _ = sync.outbox.open(record.id)
    assert body["pf"] == 5 and body["satisfaction"] == 2 and body["evalDetail"] == ["attitude"]
    assert body["userName"] == "张**" and body["projectType"] == 1
    ratings.forget()
    assert ratings.can_rate("r1")


def test_a_finished_case_found_in_the_query_can_be_rated(desk) -> None:
    desk, sync, _, _ = desk
    draft = _ready(desk)
    for i, s in enumerate(draft.slots):
        if s.needed and not s.settled:
            draft.tolerate(i) if draft.can_tolerate(i) else desk.attach(draft, i, page_jpeg())
    draft.finish_materials()
    draft.confirm()
    draft.choose_delivery("window")
    case = desk.submit(draft)
    sync.outbox.mark_sent(case.record_id, {"case_number": "11610103MB2828151640005090042026120200001"})
    assert not desk.find(case.reference).finished
    sync.outbox.add_updates(
        [
            {
                "record_id": case.record_id,
                "case_number": "11610103MB2828151640005090042026120200001",
                "status": "accepted",
                "at": 1.0,
            },
            {
                "record_id": case.record_id,
                "case_number": "11610103MB2828151640005090042026120200001",
                "status": "finished",
                "at": 2.0,
            },
        ]
    )
    found = desk.find("11610103MB2828151640005090042026120200001")
    assert found.finished and [h["status"] for h in found.history] == ["accepted", "finished"]


def test_an_e_id_is_identified_only_when_the_lookup_verifies_it(desk) -> None:
    desk, _, _, _ = desk
    from kiosk.cases.licences import demo_e_id

    draft = desk.start(ALLOWANCE)
    with pytest.raises(CaseError, match="case.e_id_unknown"):
        desk.identify_e_id(draft, "CTID:DEMO-1")  # no lookup configured
    desk.e_id_lookup = demo_e_id
    with pytest.raises(CaseError, match="case.e_id_unknown"):
        desk.identify_e_id(draft, "CTID:FORGED")
    desk.identify_e_id(draft, "ctid:demo-1")
    assert draft.applicant.source == "e_id" and draft.values["id_number"] == CITIZEN_ID


def _accepted_case(desk: CaseDesk):
    draft = desk.start("11610103MB282815164000509003000", channel="window")  # 临时救助, one 容缺 material
    desk.identify_card(draft, Card())
    draft.fill({"phone": "13812341234"})
    for i, s in enumerate(draft.slots):
        if s.needed and not s.settled:
            draft.tolerate(i) if draft.can_tolerate(i) else desk.attach(draft, i, page_jpeg())
    draft.finish_materials()
    draft.confirm()
    draft.choose_delivery("window")
    return desk.submit(draft, accepted_by={"window_no": 3, "clerk": "工号0307"})


def test_the_acceptance_receipt_speaks_the_windows_words_and_keeps_the_date_whole(desk) -> None:
    """Finding 11: the 受理凭证 carried the kiosk's 本机申报参考号 / 案件编号将在提交后生成 and
    split the 容缺 date over two lines ("2 / 026-12-14")."""
    desk, _, _, _ = desk
    case = _accepted_case(desk)
    (_, due), *_ = case.tolerated()
    lines = text_lines(
        decode(escpos_render.render(acceptance_receipt(case, hall_name="碑林区", now=case.submitted_at, tr=tr)))
    )
    text = "".join(lines)
    assert "受理参考号" in text and case.reference in text and "可凭受理参考号或扫码查询" in text
    assert "本机申报参考号" not in text and "案件编号将在提交后生成" not in text and "提交时间" not in text
    assert any(due in line for line in lines), lines  # the date on one line
    numbered = replace(case, case_number="HUB20261207000042")
    text = _lines(acceptance_receipt(numbered, hall_name="碑林区", now=case.submitted_at, tr=tr))
    assert "案件编号HUB20261207000042" in text.replace(" ", "") and case.reference in text
    assert "可凭受理参考号或扫码查询" not in text


def test_the_submission_receipt_prints_the_reference_beside_the_case_number(desk) -> None:
    """Finding 11: with the hub's number the 申报回执 dropped the reference the screen showed large."""
    desk, _, _, _ = desk
    draft = _ready(desk)
    for i, s in enumerate(draft.slots):
        if s.needed and not s.settled:
            draft.tolerate(i) if draft.can_tolerate(i) else desk.attach(draft, i, page_jpeg())
    draft.finish_materials()
    draft.confirm()
    draft.choose_delivery("window")
    case = replace(desk.submit(draft), case_number="HUB20261207000043")
    text = _lines(submission_receipt(case, hall_name="x", online=True, now=case.submitted_at, tr=tr))
    assert case.reference in text and "HUB20261207000043" in text and "本机申报参考号" in text
