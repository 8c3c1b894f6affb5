"""``/status``: a plain page for technicians (an admin token as bearer for scripts, or
the session of the login form: hub/status_sessions.py, hub/routes/status_login.py)."""

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hub import cases, status_sessions
from hub import status as status_page
from hub.auth import HubDep
from hub.context import HubContext
from hub.errors import ApiError
from hub.routes.status_login import read_form
from hub.status_login import login_page
from offline_cache.wire import WireError

router = APIRouter()


def _allowed(ctx: HubContext, request: Request) -> bool:
    """An admin bearer token or a live session cookie (never credentials in the URL)."""
    query = request.query_params
    if "token" in query or "password" in query:
        raise ApiError(
            400,
            "auth.in_url",
            "credentials in the URL are refused (proxy logs, browser history): sign in on /status "
            "or send Authorization: Bearer",
        )
    if status_sessions.is_admin(ctx.checker, status_sessions.bearer_of(request.headers.get("authorization", ""))):
        return True
    return status_sessions.valid(ctx.engine, request.cookies.get(status_sessions.COOKIE), ctx.settings.clock())


@router.get("/status", response_class=HTMLResponse, tags=["hub"])
def status(ctx: HubDep, request: Request) -> HTMLResponse:
    """Terminals known, the queue now and today's counts (without a session or an admin
    bearer token: 401 with the login form)."""
    if not _allowed(ctx, request):
        return HTMLResponse(login_page(ctx.rules.hall.name), status_code=401, headers={"Cache-Control": "no-store"})
    page = status_page.page(status_page.gather(ctx), ctx.rules.local)
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.post("/status/case-status", response_class=HTMLResponse, tags=["hub"], include_in_schema=False)
async def case_status_form(ctx: HubDep, request: Request) -> Response:
    """The status page's form: change a case's status (the same rules as the API)."""
    if not await to_thread.run_sync(lambda: _allowed(ctx, request)):
        raise ApiError(401, "auth.missing", "sign in on /status first (or send an admin bearer token)")
    form = await read_form(request)
    number = form.get("case_number", "").strip()
    if not number or len(number) > 64 or not number.isalnum():
        raise ApiError(422, "request.invalid", "give a case number (letters and digits)", field="case_number")
    change = {"status": form.get("status", ""), "note": form.get("note", "")}
    try:
        await to_thread.run_sync(lambda: cases.change_status(ctx.engine, ctx.rules, number, change))
    except WireError as exc:
        raise ApiError(422, "request.invalid", str(exc), field=exc.field) from None
    return RedirectResponse("/status#cases", status_code=303)
