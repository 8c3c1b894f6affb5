"""``GET /status`` renders from an auto-escaping template (hub/templates/status.html.mako):
names that halls, terminals and operators choose are shown as text, never run as markup."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.rigs.hub import create_token, running_hub

SCRIPT = "<script>alert(1)</script>"
EVERY_DAY = "\n".join(f'{d} = "00:00-24:00"' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
HALL = f"""
[hall]
code = "H1"
name = "大厅{SCRIPT}"
[hours]
{EVERY_DAY}
[[services]]
code = "A"
prefix = "A"
name = "综合受理<b>"
[[windows]]
number = 1
services = ["A"]
"""


def _table(page: str, table: str) -> str:
    return page.split(f'id="{table}"')[1].split("</table>")[0]


def test_a_hall_service_and_terminal_named_with_markup_show_escaped(tmp_path: Path) -> None:
    hall = tmp_path / "hall.toml"
    hall.write_text(HALL, encoding="utf-8")
    with running_hub(tmp_path / "hub", hall=hall) as hub:
        token = create_token(hub.db_url, "kiosk", terminal=f"kiosk-{SCRIPT}")
        beat = {"sent_at": 1764650000.0, "health": {"printer<i>": {"state": "ok"}}, "outbox": {"waiting": 3, "dead": 0}}
        r = httpx.post(hub.url + "/api/v1/heartbeats", json=beat, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200, r.text
        page = httpx.get(hub.url + "/status", headers=hub.headers("admin"))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    text = page.text
    assert "<script>" not in text and "<b>" not in text and "<i>" not in text
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<h1>大厅{escaped} (H1)</h1>" in text
    assert f"kiosk-{escaped}" in _table(text, "terminals")
    health = _table(text, "health")
    assert f"kiosk-{escaped}" in health and "printer&lt;i&gt;: ok" in health and ">3<" in health
    assert "综合受理&lt;b&gt;" in _table(text, "waiting")
    assert 'id="alerts"' in text  # hub/alerts.py's section goes in as markup, its texts escaped there
