"""A small JSON-over-HTTP(S) client on the standard library, for the city tier's links
(hall → city, city → platform). The hub does not import httpx (a contract keeps it in
``offline_cache.sync``); these links send one request at a time from one task.
"""

from __future__ import annotations

import http.client
import json
import ssl
from typing import Any
from urllib.parse import urlsplit


class Unreachable(Exception):
    """No answer (refused, timed out, reset, not JSON): the request may have arrived."""


class Answered(Exception):
    """An answer outside 2xx: ``status`` and the body's error ``code`` if it had one."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status = status
        self.code = code
        self.message = message
        super().__init__(f"{status} {code}: {message}")


def request(
    method: str,
    url: str,
    body: bytes | None = None,
    *,
    headers: dict[str, str] | None = None,
    timeout_s: float = 5.0,
) -> Any:
    """Send one request; the JSON of a 2xx answer.

    Raises:
        Unreachable, Answered.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Answered(0, "city.url.invalid", f"not an http(s) URL: {url[:80]}")
    conn: http.client.HTTPConnection
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=timeout_s, context=ssl.create_default_context()
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout_s)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = {"Accept": "application/json", **(headers or {})}
    if body is not None:
        sent.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=body, headers=sent)
        answer = conn.getresponse()
        raw = answer.read()
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        raise Unreachable(f"{type(exc).__name__}: {str(exc)[:120]}") from None
    finally:
        conn.close()
    try:
        data = json.loads(raw.decode("utf-8")) if raw else None
    except (UnicodeDecodeError, ValueError):
        if 200 <= answer.status < 300:
            raise Unreachable(f"{answer.status} answer is not JSON") from None
        data = None
    if 200 <= answer.status < 300:
        return data
    error = data.get("error") if isinstance(data, dict) else None
    code = error.get("code", "") if isinstance(error, dict) else ""
    message = error.get("message", "") if isinstance(error, dict) else ""
    raise Answered(answer.status, str(code) or f"http.{answer.status}", str(message)[:200])
