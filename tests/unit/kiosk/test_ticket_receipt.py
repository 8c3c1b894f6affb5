"""The queue ticket as a receipt: what it says (in both languages), the number printed
four times the normal size (golden bytes of GS !), no personal data."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.printer import escpos_decode as dec
from drivers.printer import escpos_render as er
from drivers.printer.receipt import Receipt
from kiosk.queue.ticket_receipt import NUMBER_SIZE, ticket_receipt
from kiosk.queue.ticketing import TakenTicket
from ui import i18n
from ui.i18n import tr

TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 2, 9, 41, tzinfo=TZ)


def ticket(**changes) -> TakenTicket:
    base = TakenTicket(
        id="2d38c29ac5984a61a1e185da20865979",
        number="A003",
        service="A",
        service_name="综合受理",
        status="waiting",
        ahead=2,
        wait_minutes=10,
        issued_at=dt.datetime(2026, 12, 2, 9, 30, tzinfo=TZ),
        follow_url="http://10.0.0.5:8700/q/2d38c29ac5984a61a1e185da20865979",
    )
    return TakenTicket(**{**base.__dict__, **changes})


@pytest.fixture(autouse=True)
def _chinese():
    i18n.set_language("zh_CN")
    yield
    i18n.set_language("zh_CN")


def test_the_big_number_is_gs_bang_0x33_bold_centred_golden_bytes() -> None:
    data = er.render(Receipt.builder().text("A003", size=NUMBER_SIZE, bold=True, align="center").build())
    assert data == bytes.fromhex(
        "1b40 1c26"  # ESC @, FS & (Chinese mode)
        "1d2133 1b4501 1b6101"  # GS ! 0x33 = width x4, height x4; ESC E bold; ESC a centre
        "41303033 0a"  # A003 LF
        "1d2100 1b4500 1b6100"
    )  # back to size 1, not bold, left


def test_the_ticket_says_hall_number_service_ahead_wait_time_and_follow_qr() -> None:
    receipt = ticket_receipt(ticket(), hall_name="碑林区政务服务中心", now=NOW, tr=tr)
    elements = dec.decode(er.render(receipt))
    lines = dec.text_lines(elements)
    assert lines[0] == "碑林区政务服务中心" and "排队号" in lines
    big = next(e for e in elements if isinstance(e, dec.TextLine) and e.text == "A003")
    assert (big.width, big.height, big.bold, big.align) == (4, 4, True, "center")
    service = next(e for e in elements if isinstance(e, dec.TextLine) and e.text == "综合受理")
    assert (service.width, service.height) == (2, 2)
    assert any(ln.startswith("前面等候") and ln.endswith("2 人") for ln in lines)
    assert any(ln.startswith("预计等候") and ln.endswith("约 10 分钟") for ln in lines)
    assert any(ln.startswith("取号时间") and ln.endswith("2026-12-02 09:30") for ln in lines)
    assert "过号请重新取号" in lines and "手机扫码，随时查看排队进度" in lines
    assert dec.qr_payloads(elements) == ["http://10.0.0.5:8700/q/2d38c29ac5984a61a1e185da20865979"]
    assert isinstance(elements[-1], dec.CutElement)


def test_priority_and_reprint_lines_and_the_next_in_line() -> None:
    receipt = ticket_receipt(
        ticket(priority="green_channel", already_held=True, ahead=0, wait_minutes=0),
        hall_name="",
        now=dt.datetime(2026, 12, 2, 2, 5, tzinfo=dt.UTC),
        tr=tr,
    )
    lines = dec.text_lines(dec.decode(er.render(receipt)))
    assert lines[0] == "排队号"  # no hall name given: no empty line
    assert any(ln.startswith("类别") and ln.endswith("绿色通道（军人、消防、医护）") for ln in lines)
    assert any(ln.startswith("预计等候") and ln.endswith("即将叫号") for ln in lines)
    assert any(ln.startswith("补打时间") and ln.endswith("10:05") for ln in lines)  # in hall time


def test_english_ticket_and_58mm_paper() -> None:
    i18n.set_language("en")
    receipt = ticket_receipt(ticket(service_name="General"), hall_name="Beilin Center", now=NOW, tr=tr)
    lines = dec.text_lines(dec.decode(er.render(receipt, paper_width_mm=58)))
    assert "Queue number" in lines and "A003" in lines
    assert any(ln.startswith("Ahead of you") and ln.endswith("2") for ln in lines)
    assert "Missed your call? Please take a new number" in "".join(lines)  # wrapped by columns
    assert all(er.text_columns(ln) <= 32 for ln in lines)


def test_announcement_says_number_and_ahead_only() -> None:
    t = ticket()
    assert t.announcement(tr, "zh_CN") == "您的号码是A零零三号，前面还有2人，请留意叫号"
    i18n.set_language("en")
    assert t.announcement(tr, "en") == (
        "Your number is A 0 0 3. 2 people are ahead of you. Please listen for your number"
    )


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_offline_ticket_says_it_was_issued_offline_and_is_valid(lang: str) -> None:
    i18n.set_language(lang)
    receipt = ticket_receipt(ticket(offline=True, ahead=0, wait_minutes=0), hall_name="", now=NOW, tr=tr)
    elements = dec.decode(er.render(receipt))
    text = "".join(dec.text_lines(elements)).replace(" ", "")
    assert tr("queue.ticket.offline").replace(" ", "") in text
    assert tr("queue.ticket.offline_valid").replace(" ", "") in text
    assert tr("queue.ticket.ahead") not in text  # the people ahead are not known offline
    assert any(isinstance(e, dec.TextLine) and e.text == "A003" and e.width == 4 for e in elements)
    assert dec.qr_payloads(elements) == ["http://10.0.0.5:8700/q/2d38c29ac5984a61a1e185da20865979"]
