"""办件查询 shows words, not raw values (issue 14, finding 6): the hall's local
date-time instead of epoch seconds and each status's text in the screen's language,
on a machine set to UTC."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from kiosk.cases.service import CaseStatus
from offline_cache.wire.cases import CASE_STATUSES
from ui import i18n
from ui.screens.case_query import CaseQueryScreen

pytestmark = pytest.mark.gui

AT = 1796654440.2812328  # 2026-12-07 14:40:40 UTC = 22:40 in Xi'an


def _status() -> CaseStatus:
    return CaseStatus(
        record_id="r1",
        reference="ABCD2345",
        task_code="T1",
        task_name="高龄津贴申领",
        submitted_at=dt.datetime.fromtimestamp(AT - 60, dt.UTC),
        name_masked="张**",
        sent=True,
        case_number="HUB20261207000001",
        history=({"status": "submitted", "at": AT}, {"status": "accepted", "at": AT + 3600}),
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh_CN", ("22:40　已提交", "23:40　已受理")), ("en", ("22:40  Submitted", "23:40  Accepted"))],
)
def test_the_history_reads_as_hall_time_and_words(qtbot, utc_machine, language, words) -> None:
    i18n.set_language(language)
    try:
        screen = CaseQueryScreen(zone="Asia/Shanghai")
        qtbot.addWidget(screen)
        screen.query.setText("ABCD2345")
        screen.query_entered.connect(lambda _text: screen.show_cases([_status()], can_rate=False))
        qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
        text = screen.result.text()
    finally:
        i18n.set_language("zh_CN")
    assert "2026-12-07 22:39" in text  # submitted, in the hall's time (the machine says 14:39)
    assert f"2026-12-07 {words[0]}" in text and f"2026-12-07 {words[1]}" in text
    assert "1796654440" not in text and "case.status" not in text


def test_every_case_status_has_words_in_both_languages() -> None:
    for language in ("zh_CN", "en"):
        i18n.set_language(language)
        try:
            assert all(i18n.tr(f"case.status.{s}") != f"case.status.{s}" for s in CASE_STATUSES), language
        finally:
            i18n.set_language("zh_CN")
