"""Terminal tokens: created once (shown once), stored only as their SHA-256 hash.

Roles: ``kiosk`` (issues tickets, checks in appointments), ``window`` (calls and serves
for its own window number), ``display`` (reads only), ``admin`` (everything, the status
page, evaluations and appointments).
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.tables import tokens

ROLES = ("kiosk", "window", "display", "admin")
# Authenticated requests update last_seen at most this often per token (a write per
# request would halve SQLite's throughput for a column the status page shows in minutes).
LAST_SEEN_EVERY_S = 15.0


class TokenError(ValueError):
    """A token request that cannot be done (bad role, window missing, no such token)."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's terminal, role and window."""

    token_id: str
    terminal: str
    role: str
    window: int | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_request(terminal: str, role: str, window: int | None = None) -> None:
    """Refuse a token request that cannot be done, before any database is opened.

    Raises:
        TokenError: a bad role, a window missing or not wanted, a bad terminal name.
    """
    if role not in ROLES:
        raise TokenError(f"--role {role!r}: use one of {', '.join(ROLES)}")
    if role == "window" and (window is None or window < 1):
        raise TokenError("--role window needs --window N (the window's number, 1 or more)")
    if role != "window" and window is not None:
        raise TokenError(f"--window is only for --role window, not {role}")
    if not terminal.strip() or len(terminal) > 100:
        raise TokenError("--terminal NAME: give a name of 1-100 characters")


def create(engine: Engine, terminal: str, role: str, window: int | None = None, clock=time.time) -> tuple[str, str]:
    """A new token for ``terminal``: returns (token id, the token itself)."""
    check_request(terminal, role, window)
    token = secrets.token_urlsafe(32)
    token_id = secrets.token_hex(4)
    with db.write(engine) as conn:
        conn.execute(
            tokens.insert().values(
                id=token_id,
                terminal=terminal.strip(),
                role=role,
                window=window,
                token_hash=hash_token(token),
                created_at=clock(),
            )
        )
    return token_id, token


def list_all(engine: Engine) -> list[dict]:
    with db.read(engine) as conn:
        rows = conn.execute(sa.select(tokens).order_by(tokens.c.created_at)).all()
    return [dict(r._mapping) for r in rows]


def revoke(engine: Engine, ident: str, clock=time.time) -> int:
    """Revoke the token with this id; when no token has that id, every live token of
    the terminal with this name. Never both: ``revoke 3f2a9c01`` must not also take the
    tokens of a terminal someone named ``3f2a9c01`` (issue 17)."""
    with db.write(engine) as conn:
        by_id = conn.execute(sa.select(tokens.c.id).where(tokens.c.id == ident)).first() is not None
        which = tokens.c.id == ident if by_id else tokens.c.terminal == ident
        done = conn.execute(
            tokens.update().where(which, tokens.c.revoked_at.is_(None)).values(revoked_at=clock())
        ).rowcount
    if not done:
        raise TokenError(f"no live token with id or terminal name {ident!r} (see `kiosk hub token list`)")
    return done


# A token checked in the database is trusted this long without asking again, as long as
# the worker's watch (``TokenChecker.watch``) confirmed no token was revoked less than
# WATCH_STALE_S ago: a revoked token stops working within about WATCH_S. Without a
# running watch (or when it fails) a lookup is trusted CACHE_S only. Every lookup costs
# a thread hop and a query: at city scale (5,000 terminals, one request every few
# seconds each; bench/city.py) a short cache missed on nearly every request.
CACHE_S = 1.0
TRUST_S = 600.0
WATCH_S = 1.0
WATCH_STALE_S = 3.0
_REVOKED = sa.select(sa.func.count(), sa.func.max(tokens.c.revoked_at)).where(tokens.c.revoked_at.is_not(None))
_SEEN = tokens.update().where(tokens.c.id == sa.bindparam("tid")).values(last_seen=sa.bindparam("seen"))


def sweep(checker: Any, revoked_query: sa.Select) -> dict[str, float]:
    """The half of a credential cache's watch that tokens and city links share: forget
    every cached credential when any was revoked since the last look (``revoked_query``
    counts them and gives the latest time), note the watch, and hand over the last_seen
    times of cache hits for the caller to write."""
    with db.read(checker.engine) as conn:
        revoked = tuple(conn.execute(revoked_query).one())
    if revoked != checker._revoked:
        checker._cache.clear()
        checker._revoked = revoked
    checker._watched_at = time.monotonic()
    unsaved, checker._unsaved = checker._unsaved, {}
    return unsaved


class TokenChecker:
    """Looks bearer tokens up and notes when each terminal was last seen.

    Thread: any (``cached`` on the event loop, ``check`` on a worker thread, ``watch``
    in a worker thread once a second).
    """

    def __init__(self, engine: Engine, clock=time.time) -> None:
        self.engine = engine
        self.clock = clock
        self._seen: dict[str, float] = {}
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._revoked: tuple[int, float | None] | None = None
        self._watched_at = float("-inf")  # monotonic time of the last successful watch
        self._unsaved: dict[str, float] = {}  # last_seen of cache hits, written by watch()

    def cached(self, token: str) -> Principal | None:
        """The principal checked recently enough, else None (ask ``check``)."""
        hit = self._cache.get(hash_token(token))
        if hit is None:
            return None
        now = time.monotonic()
        trust = TRUST_S if now - self._watched_at < WATCH_STALE_S else CACHE_S
        if now - hit[0] >= trust:
            return None
        who = hit[1]
        wall = self.clock()
        if wall - self._seen.get(who.token_id, 0.0) >= LAST_SEEN_EVERY_S:
            self._seen[who.token_id] = wall
            self._unsaved[who.token_id] = wall
        return who

    def watch(self) -> None:
        """Once a second: forget every cached token when any was revoked since the last
        look (one small query instead of one per request), and write the last_seen
        times of cache hits in one transaction."""
        unsaved = sweep(self, _REVOKED)
        if unsaved:
            with db.write(self.engine) as conn:
                conn.execute(_SEEN, [{"tid": tid, "seen": at} for tid, at in unsaved.items()])

    def check(self, token: str) -> Principal | None:
        """The principal for ``token``, or None (unknown or revoked)."""
        with db.read(self.engine) as conn:
            row = conn.execute(
                sa.select(tokens.c.id, tokens.c.terminal, tokens.c.role, tokens.c.window).where(
                    tokens.c.token_hash == hash_token(token), tokens.c.revoked_at.is_(None)
                )
            ).first()
        digest = hash_token(token)
        if row is None:
            self._cache.pop(digest, None)
            return None
        if len(self._cache) > 50_000:  # a city's terminals fit; guard against a flood of bad ones
            self._cache.clear()
        who = Principal(row.id, row.terminal, row.role, row.window)
        self._cache[digest] = (time.monotonic(), who)
        now = self.clock()
        if now - self._seen.get(row.id, 0.0) >= LAST_SEEN_EVERY_S:
            self._seen[row.id] = now
            with db.write(self.engine) as conn:
                conn.execute(tokens.update().where(tokens.c.id == row.id).values(last_seen=now))
        return who


async def watch_forever(checker: TokenChecker) -> None:
    """Run ``checker.watch`` every WATCH_S for the app's life (a failure just leaves the
    cache at its short trust until the next success)."""
    import asyncio
    import logging

    from anyio import to_thread

    while True:
        await asyncio.sleep(WATCH_S)
        try:
            await to_thread.run_sync(checker.watch)
        except Exception:
            logging.getLogger("hub").warning("hub.tokens.watch_failed", exc_info=True)
