"""Pairing codes: a technician types six digits at the terminal instead of a 43-character
token.

``kiosk hub pair`` makes a code for one terminal name, role and window, valid for
``CODE_TTL_S``; the terminal sends it once to ``POST /api/v1/pair`` and gets its token
back. The hub keeps only the code's SHA-256 hash. A million codes hash in well under a
second, so the hash hides nothing from someone holding the database for long; what
protects a code is that it lives ten minutes, works once, and that guessing over the
API is limited per client in the database (``exchange_limited``, hub/try_limits.py).
The token is created in the same transaction that marks the code used, so two terminals racing with one code cannot both get a token.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db, try_limits
from hub.tables import pairing_codes, tokens
from hub.tokens import ROLES, TokenError, hash_token

CODE_TTL_S = 600.0
CODE_DIGITS = 6
# Wrong codes per client address: 5, then a minute's wait, doubling up to an hour; 100 a day.
PER_CLIENT = try_limits.Policy(tries=5, lock_s=60.0, max_lock_s=3600.0, daily=100)


class PairingError(Exception):
    """A code that cannot be exchanged: ``code`` is ``pairing.unknown``,
    ``pairing.expired``, ``pairing.used`` or ``pairing.malformed``; ``status`` the HTTP
    status to answer."""

    def __init__(self, code: str, message: str, status: int) -> None:
        self.code = code
        self.message = message
        self.status = status
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Paired:
    """What a code was exchanged for."""

    token: str
    terminal: str
    role: str
    window: int | None

    def to_dict(self) -> dict:
        return {"token": self.token, "terminal": self.terminal, "role": self.role, "window": self.window}


def hash_code(code: str) -> str:
    return hashlib.sha256(f"pair:{code}".encode()).hexdigest()


def check_code(code: object) -> str:
    """The code if it is six ASCII digits (PairingError ``pairing.malformed`` if not)."""
    if not isinstance(code, str) or len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise PairingError(
            "pairing.malformed", f"the pairing code is {CODE_DIGITS} digits (from `kiosk hub pair` on the hub)", 422
        )
    return code


def _check_target(terminal: str, role: str, window: int | None) -> None:
    # The same rules as `kiosk hub token create`, checked before a code is shown, so a
    # technician never carries a code that cannot be exchanged.
    if role not in ROLES:
        raise TokenError(f"--role {role!r}: use one of {', '.join(ROLES)}")
    if role == "window" and (window is None or window < 1):
        raise TokenError("--role window needs --window N (the window's number, 1 or more)")
    if role != "window" and window is not None:
        raise TokenError(f"--window is only for --role window, not {role}")
    if not terminal.strip() or len(terminal) > 100:
        raise TokenError("--terminal NAME: give a name of 1-100 characters")


def create(
    engine: Engine,
    terminal: str,
    role: str,
    window: int | None = None,
    *,
    clock: Callable[[], float] = time.time,
    ttl_s: float = CODE_TTL_S,
) -> tuple[str, float]:
    """A new code for ``terminal``: returns (the code, its expiry in epoch seconds).

    Raises:
        TokenError: a role, window or name that no token could have.
    """
    _check_target(terminal, role, window)
    now = clock()
    with db.write(engine) as conn:
        for _ in range(50):
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            # Two live codes must never be equal: the exchange would not know which.
            clash = conn.execute(
                sa.select(pairing_codes.c.id).where(
                    pairing_codes.c.code_hash == hash_code(code),
                    pairing_codes.c.used_at.is_(None),
                    pairing_codes.c.expires_at > now,
                )
            ).first()
            if clash is None:
                break
        else:  # 50 clashes in a row: a million live codes; something is wrong
            raise TokenError("too many live pairing codes; wait ten minutes")
        conn.execute(
            pairing_codes.insert().values(
                id=secrets.token_hex(4),
                code_hash=hash_code(code),
                terminal=terminal.strip(),
                role=role,
                window=window,
                created_at=now,
                expires_at=now + ttl_s,
            )
        )
    return code, now + ttl_s


def exchange(engine: Engine, code: object, *, clock: Callable[[], float] = time.time) -> Paired:
    """The token for ``code``, once (PairingError when unknown, expired or used)."""
    code = check_code(code)
    now = clock()
    with db.write(engine) as conn:
        row = conn.execute(
            sa.select(pairing_codes)
            .where(pairing_codes.c.code_hash == hash_code(code))
            .order_by(pairing_codes.c.created_at.desc())
            .limit(1)
        ).first()
        if row is None:
            raise PairingError(
                "pairing.unknown", "no such pairing code; check the digits or make a new one with `kiosk hub pair`", 404
            )
        if row.used_at is not None:
            raise PairingError(
                "pairing.used", "this pairing code was already used; make a new one with `kiosk hub pair`", 409
            )
        if row.expires_at <= now:
            raise PairingError(
                "pairing.expired",
                f"this pairing code has expired (codes last {int(CODE_TTL_S // 60)} minutes); make a new one",
                410,
            )
        token = secrets.token_urlsafe(32)
        token_id = secrets.token_hex(4)
        conn.execute(
            tokens.insert().values(
                id=token_id,
                terminal=row.terminal,
                role=row.role,
                window=row.window,
                token_hash=hash_token(token),
                created_at=now,
            )
        )
        done = conn.execute(
            pairing_codes.update()
            .where(pairing_codes.c.id == row.id, pairing_codes.c.used_at.is_(None))
            .values(used_at=now, token_id=token_id)
        ).rowcount
        if done != 1:  # cannot happen under BEGIN IMMEDIATE / the row's lock; refuse loudly
            raise PairingError("pairing.used", "this pairing code was just used", 409)
    return Paired(token, row.terminal, row.role, row.window)


def exchange_limited(engine: Engine, code: object, client: str, *, clock: Callable[[], float] = time.time) -> Paired:
    """``exchange`` with the wrong tries of ``client`` (its address) limited in the
    database (``PER_CLIENT``: the same count in every worker process).

    Raises:
        PairingError: as ``exchange``, or 429 ``pairing.rate_limited`` (``retry_after``).
    """
    key = f"pair|{client}"
    with db.write(engine) as conn:
        taken = try_limits.take(conn, [(key, PER_CLIENT)], clock())
    if taken.wait_s:
        raise RateLimited(taken.wait_s)
    paired = exchange(engine, code, clock=clock)
    with db.write(engine) as conn:
        try_limits.forgive(conn, [key], clock())
    return paired


class RateLimited(PairingError):
    """Too many wrong codes from this client: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("pairing.rate_limited", f"too many wrong pairing codes; try again in {retry_after} s", 429)
        self.retry_after = retry_after
