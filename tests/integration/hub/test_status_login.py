"""The status page's login (hub/status_sessions.py) on a real hub: a form and a session
cookie instead of credentials in the URL, and wrong passwords limited in the database."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.rigs.hub import running_hub

PASSWORD = "tech-pw-7"


def test_credentials_in_the_url_are_refused(tmp_path: Path) -> None:
    with running_hub(tmp_path, extra=("--status-password", PASSWORD)) as hub:
        for params in ({"password": PASSWORD}, {"token": hub.tokens["admin"]}):
            r = httpx.get(hub.url + "/status", params=params)
            assert r.status_code == 400 and r.json()["error"]["code"] == "auth.in_url"
            assert PASSWORD not in r.text and hub.tokens["admin"] not in r.text
        # Scripts keep the bearer header.
        assert httpx.get(hub.url + "/status", headers=hub.headers("admin")).status_code == 200


def test_the_login_form_gives_a_strict_http_only_session_and_logout_ends_it(tmp_path: Path) -> None:
    with running_hub(tmp_path, extra=("--status-password", PASSWORD)) as hub, httpx.Client(base_url=hub.url) as browser:
        page = browser.get("/status")
        assert page.status_code == 401 and 'action="/status/login"' in page.text
        r = browser.post("/status/login", data={"password": PASSWORD})
        assert r.status_code == 303 and r.headers["location"] == "/status"
        cookie = r.headers["set-cookie"]
        for attribute in ("HttpOnly", "SameSite=strict", "Path=/status", "Max-Age=28800"):
            assert attribute.lower() in cookie.lower()
        session = browser.cookies["hub_status"]
        assert PASSWORD not in cookie and len(session) >= 40
        page = browser.get("/status")
        assert page.status_code == 200 and 'id="today"' in page.text
        # The database keeps only the session's hash.
        assert hub.query("SELECT count(*) FROM status_sessions WHERE id_hash = :s", s=session) == [(0,)]
        assert hub.query("SELECT count(*) FROM status_sessions") == [(1,)]
        assert browser.post("/status/logout").status_code == 303
        assert "hub_status" not in browser.cookies
        # The old cookie is dead on the hub too, not only in this browser.
        assert httpx.get(hub.url + "/status", cookies={"hub_status": session}).status_code == 401
        assert httpx.get(hub.url + "/status", cookies={"hub_status": "made-up"}).status_code == 401


def test_wrong_passwords_lock_the_client_out_even_after_a_restart(tmp_path: Path) -> None:
    with running_hub(tmp_path, extra=("--status-password", PASSWORD)) as hub:
        for left in (4, 3, 2, 1):
            r = httpx.post(hub.url + "/status/login", data={"password": "guess"})
            assert r.status_code == 401 and f"{left} tries left" in r.text
        r = httpx.post(hub.url + "/status/login", data={"password": "guess"})
        assert r.status_code == 429 and r.headers["retry-after"] == "300"
        hub.restart()  # the count is in the database, not in a worker's memory
        r = httpx.post(hub.url + "/status/login", data={"password": PASSWORD})
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 300
        assert "set-cookie" not in r.headers
