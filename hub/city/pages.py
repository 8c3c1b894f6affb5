"""The city's own view: ``/city`` (the page) and ``/city/report`` for a browser signed
in at ``/city/login`` (the /status password or an admin token, the /status sessions
and tries; the cookie is scoped to /city) or an admin bearer token, and
``GET /api/v1/city/report`` for the city's dashboards (an admin token)."""

from __future__ import annotations

from datetime import datetime

from anyio import to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from hub import status_sessions
from hub.auth import Caller, require
from hub.city import page, report, view
from hub.city.errors import CityError
from hub.errors import ApiError
from hub.routes.status_login import read_form

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store"}


def _signed_in(request: Request) -> bool:
    """An admin bearer token or a live session (never credentials in the URL)."""
    if "token" in request.query_params or "password" in request.query_params:
        raise ApiError(400, "auth.in_url", "credentials in the URL are refused: sign in at /city/login")
    ctx = request.app.state.hub
    if status_sessions.is_admin(ctx.checker, status_sessions.bearer_of(request.headers.get("authorization", ""))):
        return True
    return status_sessions.valid(ctx.engine, request.cookies.get(status_sessions.COOKIE), ctx.settings.clock())


def _login(request: Request) -> HTMLResponse:
    return HTMLResponse(page.login_page(), status_code=401, headers=NO_STORE)


@router.post("/city/login", response_class=HTMLResponse, include_in_schema=False)
async def login(request: Request) -> Response:
    """Sign in with the status password or an admin token (the /status rules and tries):
    a session cookie for /city, then the page. Wrong: 401 with the form; too many: 429."""
    ctx = request.app.state.hub
    form = await read_form(request)
    client = request.client.host if request.client else "?"
    result = await to_thread.run_sync(
        lambda: status_sessions.log_in(
            ctx.engine, ctx.checker, form.get("password"), ctx.settings.status_password, client, ctx.settings.clock()
        )
    )
    if result.session is None and result.wait_s:
        text = page.login_page(f"too many wrong tries; try again in {result.wait_s} s")
        return HTMLResponse(text, status_code=429, headers={"Retry-After": str(result.wait_s), **NO_STORE})
    if result.session is None:
        text = page.login_page(f"wrong password or token ({result.tries_left} tries left)")
        return HTMLResponse(text, status_code=401, headers=NO_STORE)
    answer = RedirectResponse("/city", status_code=303)
    answer.set_cookie(
        status_sessions.COOKIE,
        result.session,
        max_age=int(status_sessions.SESSION_S),
        path="/city",
        httponly=True,
        samesite="strict",
    )
    return answer


def _today(request: Request) -> datetime:
    return datetime.fromtimestamp(request.app.state.hub.settings.clock(), report.CST)


@router.get("/city", response_class=HTMLResponse, tags=["city"])
def city(
    request: Request,
    district: str = Query("", max_length=64),
    level: str = Query("", max_length=64),
) -> HTMLResponse:
    """Every hall and station now, filterable by district and level (401: the login form)."""
    if not _signed_in(request):
        return _login(request)
    ctx = request.app.state.hub
    now = ctx.settings.clock()
    halls = view.halls(ctx.engine, now, district=district or None, level=level or None)
    body = page.city_page(halls, view.choices(ctx.engine), _today(request).date().isoformat(), district, level)
    return HTMLResponse(body, headers=NO_STORE)


def _report(request: Request, day: str | None, month: str | None, district: str, level: str):
    try:
        p = report.period(day, month)
    except CityError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from None
    today = _today(request).date()
    rows = report.build(request.app.state.hub.engine, p, today, district=district or None, level=level or None)
    return p, rows, today


def _answer(p: report.Period, rows: list[dict], today, fmt: str) -> Response:
    if fmt == "csv":
        name = f"city-report-{p.label}.csv"
        return Response(
            report.to_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'},
        )
    return HTMLResponse(page.report_page(rows, p, today.isoformat()), headers=NO_STORE)


@router.get("/city/report", tags=["city"])
def city_report(
    request: Request,
    date: str | None = Query(None, max_length=10),
    month: str | None = Query(None, max_length=7),
    format: str = Query("html", pattern="^(html|csv)$"),
    district: str = Query("", max_length=64),
    level: str = Query("", max_length=64),
) -> Response:
    """A day's or a month's report across the halls, as a page or CSV."""
    if not _signed_in(request):
        return _login(request)
    p, rows, today = _report(request, date, month, district, level)
    return _answer(p, rows, today, format)


@router.get("/api/v1/city/report", tags=["city"])
def api_report(
    request: Request,
    who: Caller,
    date: str | None = Query(None, max_length=10),
    month: str | None = Query(None, max_length=7),
    format: str = Query("json", pattern="^(json|html|csv)$"),
    district: str = Query("", max_length=64),
    level: str = Query("", max_length=64),
) -> Response:
    """The same report for the city's dashboards (a city admin token): JSON
    ``{"period", "first", "last", "rows"}`` (the last row, code ``*``, is the total)."""
    require(who)
    p, rows, today = _report(request, date, month, district, level)
    if format != "json":
        return _answer(p, rows, today, format)
    return JSONResponse({"period": p.label, "first": p.first.isoformat(), "last": p.last.isoformat(), "rows": rows})
