"""自助申报 at the kiosk against the real simulators: the ID card over its pty, the
document camera's page, the printer over TCP; the case sealed in the outbox; the
receipt decoded from the printer's bytes; 好差评 with pf=5; 办件查询 by the reference."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from drivers.printer.escpos_decode import decode, qr_payloads, text_lines
from kiosk.config.loader import demo_settings
from kiosk.core import Core
from tests.cases_rig import ALLOWANCE, BANK_CARD, CITIZEN_ID, CITIZEN_NAME, kiosk_feed
from tests.helpers import bring_up_demo
from ui.app import start_role

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def running(qtbot, tmp_path: Path):
    settings = replace(demo_settings("kiosk"), data_dir=tmp_path / "data")
    core = Core.from_settings(settings)
    window = start_role(core, fullscreen=False)
    qtbot.addWidget(window)
    sims, stop = bring_up_demo(core)
    qtbot.waitUntil(lambda: core.cases is not None, timeout=10000)
    core.catalog.import_file(kiosk_feed(tmp_path), "feed", allow_shrink=True)  # 高龄津贴 at the kiosk
    yield core, window, sims, tmp_path
    stop()


def _click(qtbot, button) -> None:
    assert not button.isHidden() and button.isEnabled()
    scroll = button.parent()
    while scroll is not None and not isinstance(scroll, QScrollArea):
        scroll = scroll.parent()
    if scroll is not None:  # a click lands where the button is seen: scroll it into view first
        scroll.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _to_materials(qtbot, core, window, sims):
    window.guides.open_guide(ALLOWANCE)
    _click(qtbot, window.guides.guide_screen.apply_button)
    cases = window.cases
    assert window.stack.currentWidget() is cases.screen("identify")
    sims.id_reader.insert_demo(0)
    _click(qtbot, cases.screen("identify").card_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is cases.screen("form"), timeout=10000)
    form = cases.screen("form")
    assert form.findChild(type(form.title), "fixed_name").text() == "张**"
    form.inputs["phone"].setText("1381234")
    form.inputs["bank_account"].setText(BANK_CARD)
    _click(qtbot, form.next_button)
    assert form.errors["phone"].text() == "请填写11位手机号码" and form.errors["bank_account"].text() == ""
    form.inputs["phone"].setText("13812341234")
    _click(qtbot, form.next_button)
    assert window.stack.currentWidget() is cases.screen("materials")
    return cases, [s.material.material_name for s in cases.draft.slots]


def test_a_citizen_applies_with_an_e_licence_a_capture_and_a_tolerance(qtbot, running) -> None:
    core, window, sims, tmp_path = running
    cases, names = _to_materials(qtbot, core, window, sims)
    mats = cases.screen("materials")
    assert mats.state_labels[names.index("居民户口簿")].text() == "免提交（电子证照）"
    tol = names.index("本人社会保障卡（金融账户）或银行卡复印件")
    _click(qtbot, mats.tolerate_buttons[tol])
    assert mats.state_labels[tol].text().startswith("容缺（承诺 ")

    form_i = names.index("高龄津贴申请表")
    _click(qtbot, mats.capture_buttons[form_i])
    cap = cases.screen("capture")
    cases.attach_page(b"GIF89a not a page")  # a bad image is refused before it is kept
    assert cap.message.text() == "拍摄的材料不是有效的图片，请重新拍摄"
    _click(qtbot, cap.shoot_button)
    qtbot.waitUntil(lambda: cap.message.text() == "已拍摄 1 页", timeout=15000)
    _click(qtbot, cap.next_button)
    assert mats.state_labels[form_i].text() == "已拍摄 1 页"

    _click(qtbot, mats.next_button)
    _click(qtbot, cases.screen("commitment").next_button)
    delivery = cases.screen("delivery")
    _click(qtbot, delivery.buttons["post"])
    _click(qtbot, delivery.next_button)
    assert delivery.address_error.text() == "此项必填"
    _click(qtbot, delivery.buttons["window"])
    _click(qtbot, delivery.next_button)
    jobs = len(sims.printer.jobs)
    _click(qtbot, cases.screen("review").next_button)
    done = cases.screen("done")
    assert window.stack.currentWidget() is done and done.reference.text() == cases.case.reference
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=10000)
    elements = decode(sims.printer.jobs[-1])
    text = "".join(text_lines(elements))
    assert "申报回执" in text and cases.case.reference in text and "案件编号将在提交后生成，可扫码查询" in text
    assert "受理凭证" not in text and "张**" in text and CITIZEN_NAME not in text and CITIZEN_ID not in text
    assert "免提交（电子证照）" in text and "已拍摄 1 页" in text and "前补交" in text
    assert qr_payloads(elements) == [cases.case.qr_payload]

    record = core.cases.sync.outbox.get(cases.case.record_id)
    assert record.kind == "case" and len(record.blobs) == 1
    for f in (tmp_path / "data").rglob("*"):
        if f.is_file() and f.name != "catalog.sqlite" and "catalog" not in f.name:
            data = f.read_bytes()
            assert CITIZEN_ID.encode() not in data and CITIZEN_NAME.encode() not in data, f

    _click(qtbot, done.rate_button)
    rating = cases.screen("rating")
    _click(qtbot, rating.levels[5])
    _click(qtbot, rating.next_button)
    evaluations = [r for r in core.cases.sync.outbox.records() if r.kind == "evaluation"]
    assert len(evaluations) == 1
    body, _ = core.cases.sync.outbox.open(evaluations[0].id)
    assert body["pf"] == 5 and body["satisfaction"] == 5 and body["taskCode"] == ALLOWANCE
    assert not core.cases.ratings.can_rate(cases.case.record_id)  # one per case per visit

    reference = cases.case.reference
    cases.open_query()
    query = cases.screen("query")
    query.query.setText(reference.lower())
    _click(qtbot, query.next_button)
    assert reference in query.result.text() and "张**" in query.result.text() and "高龄津贴申领" in query.result.text()

    # The receipt's QR code held up to the camera finds the case too (the camera's footage
    # is swapped for one showing the receipt's code: a pulled camera first, then the code).
    query.query.clear()
    query.result.clear()
    sims.camera.unplug()
    _click(qtbot, query.scan_button)
    qtbot.waitUntil(lambda: query.message.text() not in ("", "请将回执上的二维码对准摄像头……"), timeout=10000)
    assert query.result.text() == ""
    sims.camera.payload = cases.case.qr_payload
    sims.camera.start()
    _click(qtbot, query.scan_button)
    qtbot.waitUntil(lambda: reference in query.result.text(), timeout=20000)
    assert query.query.text() == reference

    core.visit.end()  # the visit ends (or times out): nothing of the citizen stays on screen
    assert cases.draft is None and cases.case is None and query.query.text() == ""
    assert core.cases.ratings.can_rate(record.id)  # the next visit may rate its own case again


def test_a_card_left_by_the_last_citizen_does_not_identify_the_next_applicant(qtbot, running) -> None:
    """Finding 4 in 自助申报: the card still on the reader after a visit is asked back,
    not read as the next citizen's."""
    core, window, sims, _ = running
    sims.id_reader.insert_demo(0)
    window.guides.open_guide(ALLOWANCE)
    core.visit.begin()
    core.visit.end()  # the last citizen walked away, the card left on the reader
    qtbot.waitUntil(lambda: window.home.notice.text() == "请取走身份证", timeout=8000)
    window.guides.open_guide(ALLOWANCE)  # the next citizen applies
    _click(qtbot, window.guides.guide_screen.apply_button)
    identify = window.cases.screen("identify")
    _click(qtbot, identify.card_button)
    qtbot.waitUntil(lambda: identify.card_button.isEnabled(), timeout=10000)
    assert window.stack.currentWidget() is identify
    assert identify.message.text() == "请先取走读卡区上的身份证，再放上您本人的身份证"
    sims.id_reader.remove()
    qtbot.waitUntil(lambda: core.card_return.counts, timeout=8000)
    sims.id_reader.insert_demo(1)  # their own card
    _click(qtbot, identify.card_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.cases.screen("form"), timeout=10000)


def test_a_required_material_missing_without_tolerance_prints_the_notice(qtbot, running) -> None:
    core, window, sims, _ = running
    cases, names = _to_materials(qtbot, core, window, sims)
    jobs = len(sims.printer.jobs)
    _click(qtbot, cases.screen("materials").next_button)  # the application form was not captured
    done = cases.screen("done")
    assert window.stack.currentWidget() is done and "高龄津贴申请表" in done.text.text()
    qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=10000)
    text = "".join(text_lines(decode(sims.printer.jobs[-1])))
    assert "一次性告知单" in text and "高龄津贴申请表" in text and "申报回执" not in text
    assert [r for r in core.cases.sync.outbox.records() if r.kind == "case"] == []


def test_an_e_id_code_on_the_camera_identifies_and_a_typed_id_is_checked(qtbot, running) -> None:
    core, window, sims, _ = running
    window.guides.open_guide(ALLOWANCE)
    _click(qtbot, window.guides.guide_screen.apply_button)
    cases = window.cases
    identify = cases.screen("identify")
    sims.camera.unplug()  # the camera's footage is swapped for a phone showing the demo e-ID
    _click(qtbot, identify.e_id_button)
    qtbot.waitUntil(lambda: identify.e_id_button.isEnabled(), timeout=10000)
    assert window.stack.currentWidget() is identify and identify.message.text() != ""
    sims.camera.payload = "CTID:DEMO-1"
    sims.camera.start()
    _click(qtbot, identify.e_id_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is cases.screen("form"), timeout=20000)
    assert cases.draft.applicant.source == "e_id"
    assert cases.screen("form").findChild(type(identify.title), "fixed_name").text() == "张**"

    _click(qtbot, cases.screen("form").cancel_button)
    window.guides.open_guide(ALLOWANCE)
    _click(qtbot, window.guides.guide_screen.apply_button)
    _click(qtbot, identify.typed_open)
    identify.typed.setText("610103188001010013")  # wrong check character
    _click(qtbot, identify.typed_button)
    assert "身份证号码不正确" in identify.message.text()
    identify.typed.setText("610103188001010012")
    qtbot.keyClick(identify.typed, Qt.Key.Key_Return)  # the keyboard's ⏎ submits too
    assert window.stack.currentWidget() is cases.screen("form")
    assert cases.draft.applicant.source == "typed"
    assert "name" in cases.screen("form").inputs  # a typed number brings no name: it is typed


def test_with_the_hub_reachable_the_receipt_carries_the_hubs_case_number(qtbot, tmp_path: Path) -> None:
    """Stored first, then sent at once: the 申报回执 waits a moment for the official
    number (implementation code + date + sequence) and prints it."""
    import re

    from tests.rigs.hub import running_hub

    with running_hub(tmp_path / "hub") as hub:
        base = demo_settings("kiosk")
        settings = replace(
            base, data_dir=tmp_path / "data", hub=replace(base.hub, url=hub.url, token=hub.tokens["kiosk"])
        )
        core = Core.from_settings(settings)
        window = start_role(core, fullscreen=False)
        qtbot.addWidget(window)
        sims, stop = bring_up_demo(core)
        try:
            qtbot.waitUntil(lambda: core.cases is not None, timeout=10000)
            core.catalog.import_file(kiosk_feed(tmp_path), "feed", allow_shrink=True)
            qtbot.waitUntil(core.cases.online, timeout=15000)
            cases, names = _to_materials(qtbot, core, window, sims)
            mats = cases.screen("materials")
            _click(qtbot, mats.tolerate_buttons[names.index("本人社会保障卡（金融账户）或银行卡复印件")])
            _click(qtbot, mats.capture_buttons[names.index("高龄津贴申请表")])
            cap = cases.screen("capture")
            _click(qtbot, cap.shoot_button)
            qtbot.waitUntil(lambda: cap.message.text() == "已拍摄 1 页", timeout=15000)
            _click(qtbot, cap.next_button)
            _click(qtbot, mats.next_button)
            _click(qtbot, cases.screen("commitment").next_button)
            _click(qtbot, cases.screen("delivery").buttons["window"])
            _click(qtbot, cases.screen("delivery").next_button)
            jobs = len(sims.printer.jobs)
            _click(qtbot, cases.screen("review").next_button)
            qtbot.waitUntil(lambda: len(sims.printer.jobs) == jobs + 1, timeout=15000)
            text = "".join(text_lines(decode(sims.printer.jobs[-1])))
            stored = hub.query("SELECT case_number FROM cases")
            assert len(stored) == 1
            number = stored[0][0]
            assert re.fullmatch(ALLOWANCE + r"\d{8}\d{4}", number)
            assert number in text and "案件编号将在提交后生成" not in text
            assert number in cases.screen("done").message.text()
        finally:
            window.close()
            stop()
