"""``GET /q/{id}``: the public follow-the-queue page a ticket's QR code opens."""

from __future__ import annotations

import re

import httpx


def _field(page: str, name: str) -> str:
    m = re.search(rf"id={name}>(.*?)</(?:dd|div)>", page, re.DOTALL)
    assert m, f"no {name} on the page"
    return re.sub(r"<[^>]+>", "", m.group(1)).strip()


def test_the_page_shows_number_status_and_ahead_without_a_token_and_follows_the_queue(hub) -> None:
    with hub.client("kiosk") as kiosk:
        first = kiosk.issue_ticket("B", person="p" * 32)
        second = kiosk.issue_ticket("B")
    r = httpx.get(f"{hub.url}/q/{second.id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-store"
    page = r.text
    assert _field(page, "number") == second.number
    assert _field(page, "service") == "社保医保"
    assert _field(page, "status").startswith("等候中")
    assert _field(page, "ahead").startswith("1 人") and "1 person<" in page  # not "1 people"
    with hub.client("kiosk") as kiosk:
        wait_s = kiosk.get_ticket(second.id).estimated_wait_s
    assert wait_s > 0 and _field(page, "wait").startswith(f"约 {-(-wait_s // 60)} 分钟")  # rounded up
    assert "p" * 32 not in page  # the person key never shows

    with hub.client("window:2") as window:
        assert window.call_next(2).id == first.id
        assert window.call_next(2).id == second.id
    page = httpx.get(f"{hub.url}/q/{second.id}").text
    assert _field(page, "status").startswith("正在叫号") and _field(page, "window").startswith("2 号窗口")
    assert "id=ahead" not in page


def test_unknown_or_malformed_ids_get_a_plain_404_page(hub) -> None:
    for ticket_id in ("0" * 32, "not-hex", "<script>", "a" * 65):
        r = httpx.get(f"{hub.url}/q/{ticket_id}")
        assert r.status_code == 404, ticket_id
        assert "没有找到这个号码" in r.text and "<script>" not in r.text.split("<body>")[1]
