"""Hall hubs' links to the city: a pairing code once, then the hall's own credential.

``kiosk hub city pair --hall CODE`` (on the city) makes a 6-digit code valid for
``CODE_TTL_S``; ``kiosk hub link --city URL --code N`` (on the hall) sends it once to
``POST /api/v1/city/link`` and stores the credential it gets back. The city keeps only
SHA-256 hashes of both (as ``hub.pairing`` does for terminals); the credential is made
in the transaction that marks the code used, so one code never gives two.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db, tokens, try_limits
from hub.city.errors import CityError
from hub.city.tables import city_halls, city_links, city_pairing
from hub.pairing import CODE_DIGITS, CODE_TTL_S, PER_CLIENT

SEEN_EVERY_S = 15.0


@dataclass(frozen=True)
class Linked:
    """What a hall's code was exchanged for."""

    hall_code: str
    hall_name: str
    credential: str


def _hash(kind: str, secret: str) -> str:
    return hashlib.sha256(f"{kind}:{secret}".encode()).hexdigest()


def create_code(engine: Engine, hall_code: str, *, clock: Callable[[], float] = time.time) -> tuple[str, float]:
    """A pairing code for a registered hall: (code, expiry in epoch seconds).

    Raises:
        CityError: ``city.hall.unknown`` (add it first with ``kiosk hub city hall add``).
    """
    now = clock()
    with db.write(engine) as conn:
        if conn.execute(sa.select(city_halls.c.code).where(city_halls.c.code == hall_code)).first() is None:
            raise CityError(
                "city.hall.unknown", f"no hall {hall_code[:40]!r}; add it with `kiosk hub city hall add`", 404
            )
        for _ in range(50):
            code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
            clash = conn.execute(
                sa.select(city_pairing.c.id).where(
                    city_pairing.c.code_hash == _hash("pair", code),
                    city_pairing.c.used_at.is_(None),
                    city_pairing.c.expires_at > now,
                )
            ).first()
            if clash is None:
                break
        else:
            raise CityError("city.pairing.busy", "too many live pairing codes; wait ten minutes", 503)
        conn.execute(
            city_pairing.insert().values(
                id=secrets.token_hex(4),
                hall_code=hall_code,
                code_hash=_hash("pair", code),
                created_at=now,
                expires_at=now + CODE_TTL_S,
            )
        )
    return code, now + CODE_TTL_S


def exchange(engine: Engine, code: object, *, clock: Callable[[], float] = time.time) -> Linked:
    """The hall's credential for ``code``, once.

    Raises:
        CityError: ``city.pairing.malformed`` (422), ``.unknown`` (404), ``.used`` (409),
            ``.expired`` (410).
    """
    if not isinstance(code, str) or len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
        raise CityError("city.pairing.malformed", f"the pairing code is {CODE_DIGITS} digits", 422)
    now = clock()
    with db.write(engine) as conn:
        row = conn.execute(
            sa.select(city_pairing)
            .where(city_pairing.c.code_hash == _hash("pair", code))
            .order_by(city_pairing.c.created_at.desc())
            .limit(1)
            .with_for_update()
        ).first()
        if row is None:
            raise CityError("city.pairing.unknown", "no such pairing code; make one with `kiosk hub city pair`", 404)
        if row.used_at is not None:
            raise CityError("city.pairing.used", "this pairing code was already used; make a new one", 409)
        if row.expires_at <= now:
            raise CityError("city.pairing.expired", "this pairing code has expired (10 minutes); make a new one", 410)
        credential = secrets.token_urlsafe(32)
        conn.execute(
            city_links.insert().values(
                id=secrets.token_hex(4),
                hall_code=row.hall_code,
                credential_hash=_hash("link", credential),
                created_at=now,
            )
        )
        conn.execute(city_pairing.update().where(city_pairing.c.id == row.id).values(used_at=now))
        name = conn.execute(sa.select(city_halls.c.name).where(city_halls.c.code == row.hall_code)).scalar_one()
    return Linked(row.hall_code, name, credential)


def exchange_limited(engine: Engine, code: object, client: str, *, clock: Callable[[], float] = time.time) -> Linked:
    """``exchange`` with the wrong tries of ``client`` (its address) limited in the
    database, as a terminal's pairing is (``hub.pairing.PER_CLIENT``, every worker alike).

    Raises:
        CityError: as ``exchange``, or 429 ``city.pairing.too_many`` (``retry_after``).
    """
    key = f"citypair|{client}"
    with db.write(engine) as conn:
        taken = try_limits.take(conn, [(key, PER_CLIENT)], clock())
    if taken.wait_s:
        raise CityError(
            "city.pairing.too_many",
            f"too many wrong codes; try again in {taken.wait_s} s",
            429,
            retry_after=taken.wait_s,
        )
    linked = exchange(engine, code, clock=clock)
    with db.write(engine) as conn:
        try_limits.forgive(conn, [key], clock())
    return linked


def hall_for(engine: Engine, credential: str, *, clock: Callable[[], float] = time.time) -> str | None:
    """The hall code of a live credential, or None (unknown or revoked)."""
    found = _lookup(engine, _hash("link", credential), clock)
    return None if found is None else found[1]


def _lookup(engine: Engine, digest: str, clock: Callable[[], float]) -> tuple[str, str] | None:
    """(link id, hall code) of a live credential's hash; notes when the hall was seen."""
    with db.read(engine) as conn:
        row = conn.execute(
            sa.select(city_links.c.id, city_links.c.hall_code, city_links.c.last_seen).where(
                city_links.c.credential_hash == digest, city_links.c.revoked_at.is_(None)
            )
        ).first()
    if row is None:
        return None
    now = clock()
    if row.last_seen is None or now - row.last_seen >= SEEN_EVERY_S:
        with db.write(engine) as conn:
            conn.execute(city_links.update().where(city_links.c.id == row.id).values(last_seen=now))
    return row.id, row.hall_code


_REVOKED = sa.select(sa.func.count(), sa.func.max(city_links.c.revoked_at)).where(city_links.c.revoked_at.is_not(None))


class HallChecker:
    """Hall credentials looked up once and then trusted from memory, as terminals' tokens
    are (``hub.tokens.TokenChecker``, the same trust periods): every request of a hall
    was looked up twice (the body guard, then the route), a thread hop and a read
    transaction each, about a third of a snapshot's cost (bench/city.py). ``watch``
    (once a second, ``hub.city.tasks``) forgets them all when any credential was
    revoked, so ``kiosk hub city unlink`` takes effect within about a second; without a
    running watch a lookup is trusted ``tokens.CACHE_S``. On PostgreSQL ``revoke`` also
    sends ``NOTIFY city_links`` and every worker forgets at once (``forget``).

    Thread: any (``cached`` on the event loop, ``check`` and ``watch`` in worker threads).
    """

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock
        self._cache: dict[str, tuple[float, str, str]] = {}  # digest -> (monotonic, link id, hall)
        self._revoked: tuple[int, float | None] | None = None
        self._watched_at = float("-inf")
        self._unsaved: dict[str, float] = {}  # link id -> last_seen of cache hits, written by watch()
        self._seen: dict[str, float] = {}

    def cached(self, credential: str) -> str | None:
        """The hall of a credential checked recently enough, else None (ask ``check``)."""
        hit = self._cache.get(_hash("link", credential))
        if hit is None:
            return None
        now = time.monotonic()
        trust = tokens.TRUST_S if now - self._watched_at < tokens.WATCH_STALE_S else tokens.CACHE_S
        if now - hit[0] >= trust:
            return None
        wall = self.clock()
        if wall - self._seen.get(hit[1], 0.0) >= SEEN_EVERY_S:
            self._seen[hit[1]] = self._unsaved[hit[1]] = wall
        return hit[2]

    def check(self, credential: str) -> str | None:
        """The hall of a live credential from the database (None: unknown or revoked)."""
        digest = _hash("link", credential)
        found = _lookup(self.engine, digest, self.clock)
        if found is None:
            self._cache.pop(digest, None)
            return None
        if len(self._cache) > 50_000:  # a city's halls fit; guard against a flood of bad ones
            self._cache.clear()
        self._cache[digest] = (time.monotonic(), *found)
        self._seen[found[0]] = self.clock()
        return found[1]

    def forget(self) -> None:
        """Trust nothing cached (a credential was revoked). Thread: any."""
        self._cache.clear()

    def watch(self) -> float:
        """Forget every credential when one was revoked since the last look; write the
        last_seen of cache hits. The seconds until the next watch."""
        unsaved = tokens.sweep(self, _REVOKED)
        if unsaved:
            with db.write(self.engine) as conn:
                for link_id, at in unsaved.items():
                    conn.execute(city_links.update().where(city_links.c.id == link_id).values(last_seen=at))
        return tokens.WATCH_S


REVOKED_CHANNEL = "city_links"


def revocation_listener(engine: Engine):
    """PostgreSQL: the LISTEN connection that makes this worker forget its credentials
    as soon as one is revoked (run its ``run()`` as a task)."""
    from hub.notify import Listener, conninfo

    return Listener(conninfo(engine), checker_for(engine).forget, REVOKED_CHANNEL, "kiosk-hub-city-links")


_checkers: weakref.WeakKeyDictionary[Engine, HallChecker] = weakref.WeakKeyDictionary()


def checker_for(engine: Engine) -> HallChecker:
    """The process's credential checker for ``engine`` (one per app)."""
    found = _checkers.get(engine)
    if found is None:
        found = _checkers.setdefault(engine, HallChecker(engine))
    return found


async def hall_of(engine: Engine, credential: str) -> str | None:
    """The hall of a live credential: from memory when trusted, else from the database."""
    from starlette.concurrency import run_in_threadpool

    checker = checker_for(engine)
    return checker.cached(credential) or await run_in_threadpool(checker.check, credential)


def revoke(engine: Engine, hall_code: str, *, clock: Callable[[], float] = time.time) -> int:
    """Revoke every live credential of a hall (it must pair again); how many."""
    with db.write(engine) as conn:
        done = conn.execute(
            city_links.update()
            .where(city_links.c.hall_code == hall_code, city_links.c.revoked_at.is_(None))
            .values(revoked_at=clock())
        ).rowcount
        if done and conn.dialect.name == "postgresql":  # every worker forgets it now, not at its next watch
            conn.execute(sa.text(f"SELECT pg_notify('{REVOKED_CHANNEL}', '')"))
    if not done:
        raise CityError("city.link.none", f"hall {hall_code[:40]!r} has no live link", 404)
    return done
