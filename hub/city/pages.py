"""The city's own view: ``/city`` (the page) and ``/city/report`` for a browser signed
in as on ``/status`` (its session cookie, or an admin bearer token), and
``GET /api/v1/city/report`` for the city's dashboards (an admin token)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from hub import status_sessions
from hub.auth import Caller, require
from hub.city import page, report, view
from hub.city.errors import CityError
from hub.errors import ApiError
from hub.status_login_html import login_page

router = APIRouter()
NO_STORE = {"Cache-Control": "no-store"}


def _signed_in(request: Request) -> bool:
    """An admin bearer token or a live /status session (never credentials in the URL)."""
    if "token" in request.query_params or "password" in request.query_params:
        raise ApiError(400, "auth.in_url", "credentials in the URL are refused: sign in on /status")
    ctx = request.app.state.hub
    if status_sessions.is_admin(ctx.checker, status_sessions.bearer_of(request.headers.get("authorization", ""))):
        return True
    return status_sessions.valid(ctx.engine, request.cookies.get(status_sessions.COOKIE), ctx.settings.clock())


def _login(request: Request) -> HTMLResponse:
    # The form signs in on /status (the same session); /city opens with it afterwards.
    name = request.app.state.hub.rules.hall.name
    return HTMLResponse(login_page(name, "sign in, then open /city again"), status_code=401, headers=NO_STORE)


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
