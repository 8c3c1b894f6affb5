"""ASGI middleware: who is calling is checked before a body is read, and a body's size
is enforced while it is read.

Without it, a route read its whole body before its dependencies looked at the token:
a 96 MB chunked body sent without any token to ``/api/v1/tickets`` was read whole
(+155-192 MB per connection) before the 401, and a 400 MiB upload to ``/cases`` peaked
at 900 MB before its 413. Now:

* a request that carries a body to ``/api/v1/...`` (all but ``OPEN_PATHS``) must show a
  live bearer token first, else 401 before a byte of the body is read;
* ``Content-Length`` over the route's limit (``limit_for``) is 413 at once; a chunked body
  is counted as it arrives and refused with 413 the moment it passes the limit;
* a body that stops arriving for ``BODY_IDLE_S`` is refused with 408.

Every early refusal says ``Connection: close``: the rest of the body is never read.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hub.errors import error_response
from hub.tokens import TokenChecker

DEFAULT_MAX_BODY = 1024 * 1024  # every JSON request of the API fits many times over
BODY_IDLE_S = 30.0
OPEN_PATHS = frozenset({"/api/v1/pair", "/api/v1/city/link"})  # bodies accepted without a token
CITY_PREFIX = "/api/v1/city/"  # hall hubs calling a city hub: a hall credential, not a terminal token
CLOSE = {"Connection": "close"}


def _case_limit() -> int:
    from hub.routes.cases import MAX_REQUEST_BYTES

    return MAX_REQUEST_BYTES


def _city_case_limit() -> int:
    from hub.city.routes import MAX_CASE_BYTES

    return MAX_CASE_BYTES


# (method, path pattern, limit in bytes, or a function giving it), first match wins.
LIMITS: tuple[tuple[str, re.Pattern[str], Any], ...] = (
    ("POST", re.compile(r"/api/v1/cases"), _case_limit),
    ("POST", re.compile(r"/status/(login|logout|case-status)"), 8192),
    ("POST", re.compile(r"/api/v1/pair"), 4096),
    ("POST", re.compile(r"/api/v1/city/cases"), _city_case_limit),
    ("POST", re.compile(r"/api/v1/city/link"), 4096),
    ("POST", re.compile(r"/city/(login|logout)"), 8192),  # the city page's form (hub/city/pages.py)
)


def limit_for(method: str, path: str) -> int:
    """The most bytes a body of ``method path`` may have."""
    for m, pattern, limit in LIMITS:
        if m == method and pattern.fullmatch(path):
            return limit() if callable(limit) else limit
    return DEFAULT_MAX_BODY


class BodyTooLarge(HTTPException):
    """A body went past its limit while it was read (413; FastAPI passes an
    HTTPException from the body read on unchanged)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body may have at most {limit} bytes", headers=CLOSE)


class BodyTooSlow(HTTPException):
    """No part of the body arrived for ``BODY_IDLE_S`` (408)."""

    def __init__(self) -> None:
        super().__init__(408, f"the request body stopped arriving for {int(BODY_IDLE_S)} s", headers=CLOSE)


def _has_body(headers: dict[bytes, bytes]) -> bool:
    length = headers.get(b"content-length", b"").strip()
    return b"transfer-encoding" in headers or (length.isdigit() and int(length) > 0)


class BodyGuard:
    """The middleware (``app.add_middleware(BodyGuard, checker=...)``)."""

    def __init__(self, app: ASGIApp, checker: TokenChecker) -> None:
        self.app = app
        self.checker = checker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if not _has_body(headers):
            await self.app(scope, receive, send)
            return
        path, method = scope["path"], scope["method"]
        limit = limit_for(method, path)
        length = headers.get(b"content-length", b"").strip()
        if length.isdigit() and int(length) > limit:
            await self._refuse(scope, receive, send, 413, "request.too_large", BodyTooLarge(limit).detail, limit=limit)
            return
        if path.startswith("/api/") and path not in OPEN_PATHS:
            refusal = await self._check_token(
                headers.get(b"authorization", b"").decode("latin-1"), city=path.startswith(CITY_PREFIX)
            )
            if refusal is not None:
                await self._refuse(scope, receive, send, 401, *refusal)
                return
        await self.app(scope, _counting(receive, limit), send)

    async def _check_token(self, header: str, *, city: bool = False) -> tuple[str, str] | None:
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return "auth.missing", "send Authorization: Bearer TOKEN (create one with `kiosk hub token create`)"
        if city:  # a hall hub's credential from `kiosk hub link` (hub/city/links.py)
            from hub.city import links

            if await links.hall_of(self.checker.engine, token):
                return None
            return "auth.invalid", "unknown or revoked hall credential"
        if self.checker.cached(token) or await run_in_threadpool(self.checker.check, token):
            return None
        return "auth.invalid", "unknown or revoked token"

    @staticmethod
    async def _refuse(
        scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str, **extra: object
    ) -> None:
        headers = dict(CLOSE)
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        await error_response(status, code, message, headers=headers, extra=extra)(scope, receive, send)


def _counting(receive: Receive, limit: int) -> Receive:
    """``receive`` that refuses a body past ``limit`` bytes or too slow to arrive."""
    seen = 0
    done = False

    async def wrapped() -> Message:
        nonlocal seen, done
        if done:  # the body is in: later calls only wait for a disconnect
            return await receive()
        try:
            message = await asyncio.wait_for(receive(), BODY_IDLE_S)
        except TimeoutError:
            raise BodyTooSlow() from None
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            done = not message.get("more_body", False)
        else:
            done = True
        return message

    return wrapped
