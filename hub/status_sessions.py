"""Who may see ``/status``: an admin bearer token (scripts) or a signed-in session.

A technician signs in once with the status password (or an admin token) through the
login form; the hub answers with a random session id in an HttpOnly, SameSite=Strict
cookie and keeps only the id's SHA-256 (``status_sessions``, so every worker process
knows it) until ``SESSION_S``. Wrong passwords are limited per client address in the
database (``PER_CLIENT``, hub/try_limits.py). Credentials in the URL are refused: they
end up in proxy logs and browser history.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db, try_limits
from hub.tables import status_sessions
from hub.tokens import TokenChecker

COOKIE = "hub_status"
SESSION_S = 8 * 3600.0  # one working shift
# Wrong passwords per client address: 5, then 5 minutes, doubling up to an hour; 30 a day.
PER_CLIENT = try_limits.Policy(tries=5, lock_s=300.0, max_lock_s=3600.0, daily=30)


@dataclass(frozen=True)
class LoginResult:
    """``session`` (the cookie's value) when signed in; else ``wait_s`` (locked) or
    ``tries_left``."""

    session: str | None = None
    wait_s: int = 0
    tries_left: int = 0


def _hash(session: str) -> str:
    return hashlib.sha256(f"status:{session}".encode()).hexdigest()


def is_admin(checker: TokenChecker, bearer: str | None) -> bool:
    """True when ``bearer`` is a live admin token."""
    if not bearer:
        return False
    who = checker.check(bearer)
    return who is not None and who.role == "admin"


def bearer_of(authorization: str) -> str | None:
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def valid(engine: Engine, session: str | None, now: float) -> bool:
    """True when ``session`` (a cookie's value) is a live session."""
    if not session or len(session) > 100:
        return False
    with db.read(engine) as conn:
        row = conn.execute(
            sa.select(status_sessions.c.expires_at).where(status_sessions.c.id_hash == _hash(session))
        ).first()
    return row is not None and row.expires_at > now


def log_in(
    engine: Engine, checker: TokenChecker, password: str | None, wanted: str | None, client: str, now: float
) -> LoginResult:
    """Check a login form's secret (the status password or an admin token), counting it
    against ``client``'s tries first; a new session when right."""
    key = f"status|{client}"
    with db.write(engine) as conn:
        taken = try_limits.take(conn, [(key, PER_CLIENT)], now)
    if taken.wait_s:
        return LoginResult(wait_s=taken.wait_s)
    secret = (password or "").encode()
    right = bool(wanted) and bool(secret) and hmac.compare_digest((wanted or "").encode(), secret)
    if not right and password and len(password) <= 200:
        right = is_admin(checker, password)
    if not right:
        return LoginResult(wait_s=taken.locks_s, tries_left=taken.tries_left)
    session = secrets.token_urlsafe(32)
    with db.write(engine) as conn:
        try_limits.forgive(conn, [key], now)
        conn.execute(status_sessions.delete().where(status_sessions.c.expires_at <= now))
        conn.execute(
            status_sessions.insert().values(id_hash=_hash(session), created_at=now, expires_at=now + SESSION_S)
        )
    return LoginResult(session=session)


def log_out(engine: Engine, session: str | None) -> None:
    if session and len(session) <= 100:
        with db.write(engine) as conn:
            conn.execute(status_sessions.delete().where(status_sessions.c.id_hash == _hash(session)))
