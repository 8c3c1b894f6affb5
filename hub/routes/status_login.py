"""``/status/login`` and ``/status/logout``: the technician's session for ``/status``
(hub/status_sessions.py)."""

from urllib.parse import parse_qs

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hub import status_sessions
from hub.auth import HubDep
from hub.status_login import login_page

router = APIRouter(include_in_schema=False)


def client_of(request: Request) -> str:
    return request.client.host if request.client else "?"


async def read_form(request: Request) -> dict[str, str]:
    """The first value of each field of a url-encoded form (BodyGuard caps its size)."""
    raw = await request.body()
    return {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), max_num_fields=10).items()}


@router.post("/status/login", response_class=HTMLResponse)
async def login(ctx: HubDep, request: Request) -> Response:
    """Sign in with the status password or an admin token: a session cookie, then back
    to ``/status``. Wrong: 401 with the form again; too many: 429 (``Retry-After``)."""
    form = await read_form(request)
    result = await to_thread.run_sync(
        lambda: status_sessions.log_in(
            ctx.engine,
            ctx.checker,
            form.get("password"),
            ctx.settings.status_password,
            client_of(request),
            ctx.settings.clock(),
        )
    )
    name = ctx.rules.hall.name
    if result.session is None and result.wait_s:
        page = login_page(name, f"too many wrong tries; try again in {result.wait_s} s")
        return HTMLResponse(page, status_code=429, headers={"Retry-After": str(result.wait_s)})
    if result.session is None:
        page = login_page(name, f"wrong password or token ({result.tries_left} tries left)")
        return HTMLResponse(page, status_code=401)
    answer = RedirectResponse("/status", status_code=303)
    answer.set_cookie(
        status_sessions.COOKIE,
        result.session,
        max_age=int(status_sessions.SESSION_S),
        path="/status",
        httponly=True,
        samesite="strict",
    )
    return answer


@router.post("/status/logout")
async def logout(ctx: HubDep, request: Request) -> Response:
    """End the session (its row and the cookie)."""
    session = request.cookies.get(status_sessions.COOKIE)
    await to_thread.run_sync(lambda: status_sessions.log_out(ctx.engine, session))
    answer = RedirectResponse("/status", status_code=303)
    answer.delete_cookie(status_sessions.COOKIE, path="/status", httponly=True, samesite="strict")
    return answer
