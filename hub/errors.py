"""Every error the API answers is JSON ``{"error": {"code": ..., "message": ...}}``,
plus top-level extras some errors carry (``ticket`` for 409 ``ticket.exists``,
``opens_at`` for 423 ``service.closed``). FastAPI's own 404/405/422 get the same shape."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from hub.queue import QueueRuleError
from offline_cache.wire import WireError

log = logging.getLogger("hub")

_HTTP_CODES = {
    400: "request.bad",
    401: "auth.missing",
    403: "auth.forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request.timeout",
    413: "request.too_large",
    415: "request.unsupported_media_type",
}


class ApiError(Exception):
    """An error answer: HTTP status, code, message and extras for the body."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        super().__init__(f"{status} {code}: {message}")


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, object] | None = None,
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message}, **(extra or {})},
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the JSON shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.code, exc.message, headers=headers, extra=exc.extra)

    @app.exception_handler(QueueRuleError)
    async def _rule(_: Request, exc: QueueRuleError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, extra=exc.data)

    @app.exception_handler(WireError)
    async def _wire(_: Request, exc: WireError) -> JSONResponse:
        return error_response(422, "request.invalid", str(exc), extra={"field": exc.field})

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
        return error_response(422, "request.invalid", message, extra={"field": where})

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http.{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else code
        return error_response(exc.status_code, code, message, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("hub.internal_error on %s %s", request.method, request.url.path)
        return error_response(500, "internal", f"internal error ({type(exc).__name__}); see the hub's log")
