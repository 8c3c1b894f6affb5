"""The two requests set-up makes to the hub: exchange the pairing code for a token, then
one authenticated read that proves the token works (and shows the terminal on the hub's
``/status`` page).

Stdlib ``urllib`` on purpose: httpx lives only in ``offline_cache.sync`` (import rules),
whose client needs a token to exist; these are the two calls made before there is one.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from common.errors import KeyedError

TIMEOUT_S = 5.0


class HubLinkError(KeyedError):
    """``key`` is a message key (``setup.hub.*`` or the hub's ``pairing.*`` as
    ``setup.pairing.*``), ``data`` fills its text."""


@dataclass(frozen=True)
class Pairing:
    token: str
    terminal: str
    role: str
    window: int | None
    person_key: str = field(default="", repr=False)  # the hall's (hub/hall_secret.py); "" from an old hub


def normalize_url(url: str) -> str:
    """``192.168.1.5:8700`` -> ``http://192.168.1.5:8700`` (no trailing slash)."""
    text = url.strip()
    if not text:
        raise HubLinkError("setup.hub.no_url")
    text = text.rstrip("/") if not text.endswith("://") else text
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
        raise HubLinkError("setup.hub.bad_url", url=url.strip()[:80])
    try:
        parts.port  # noqa: B018 - raises for ":abc" or ":99999" (urllib's InvalidURL traceback otherwise)
    except ValueError:
        raise HubLinkError("setup.hub.bad_url", url=url.strip()[:80]) from None
    return text


def _call(method: str, url: str, body: dict | None = None, token: str = "") -> Any:
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as answer:
            return json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            code = json.loads(exc.read() or b"{}").get("error", {}).get("code", "")
        except (ValueError, AttributeError):
            code = ""
        if exc.code == 429:
            raise HubLinkError(
                "setup.pairing.rate_limited", seconds=int(exc.headers.get("Retry-After") or 60)
            ) from None
        if code.startswith("pairing."):
            raise HubLinkError("setup." + code) from None
        if exc.code in (401, 403):
            raise HubLinkError("setup.hub.token_refused", status=exc.code) from None
        raise HubLinkError("setup.hub.refused", status=exc.code) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise HubLinkError(
            "setup.hub.unreachable", reason=type(reason).__name__ if not isinstance(reason, str) else reason[:60]
        ) from None
    except ValueError:
        raise HubLinkError("setup.hub.bad_answer") from None


def pair(hub_url: str, code: str) -> Pairing:
    """Exchange ``code`` at the hub (HubLinkError with the reason when refused)."""
    base = normalize_url(hub_url)
    code = code.strip()
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise HubLinkError("setup.pairing.malformed")
    answer = _call("POST", base + "/api/v1/pair", {"code": code})
    try:
        return Pairing(
            str(answer["token"]),
            str(answer["terminal"]),
            str(answer["role"]),
            answer.get("window"),
            str(answer.get("person_key") or ""),
        )
    except (KeyError, TypeError):
        raise HubLinkError("setup.hub.bad_answer") from None


def verify(hub_url: str, token: str) -> int:
    """One authenticated read (the hub's service list); returns how many services."""
    answer = _call("GET", normalize_url(hub_url) + "/api/v1/services", token=token)
    services = answer.get("services", answer) if isinstance(answer, dict) else answer
    return len(services) if isinstance(services, list) else 0


def hall_code(hub_url: str) -> str:
    """The code of the hall the hub serves (its health answer; "" when it names none)."""
    answer = _call("GET", normalize_url(hub_url) + "/api/v1/health")
    return str(answer.get("hall") or "") if isinstance(answer, dict) else ""
