"""The phone page of a ticket (hub/public.py) renders from an auto-escaping template:
names from the hall file are shown as text, and the page reads in both languages."""

from __future__ import annotations

from hub.public import missing_page, ticket_page
from offline_cache.wire import Ticket


def test_hall_and_service_names_with_markup_show_escaped() -> None:
    ticket = Ticket(id="ab12", number="A007", service="A", status="called", window=3)
    page = ticket_page("大厅<script>alert(1)</script>", ticket, "综合受理<b>")
    body = page.split("<body>")[1]
    assert "<script>" not in body and "<b>" not in body
    assert "<p>大厅&lt;script&gt;alert(1)&lt;/script&gt;</p>" in body and "综合受理&lt;b&gt;" in body
    assert "<dd id=window>3 号窗口 <span class=en>window 3</span></dd>" in body
    assert "id=ahead" not in body  # called: nobody is ahead any more


def test_the_missing_page_says_so_in_both_languages() -> None:
    body = missing_page().split("<body>")[1]
    assert body == "<h1>没有找到这个号码</h1><p class=en>No such ticket.</p></body></html>\n"
