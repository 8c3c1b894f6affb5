"""The hall's clerks (工作人员): staff number, name and a PIN, signed in at a window.

The PIN is stored only as PBKDF2-HMAC-SHA256 (a random salt per clerk, ``ITERATIONS``
rounds), never as itself. Wrong PINs are limited in the database (``hub.try_limits``),
so every worker process of a hub sees the same count: five wrong PINs from one terminal
for one staff number lock that terminal out of that number for ``LOCKOUT_S``, doubling
on each further lock (see ``limits``). The demo hall seeds the clerks of ``DEMO_STAFF`` (README).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from hub import db, try_limits
from hub.tables import staff
from hub.try_limits import Policy

ITERATIONS = 120_000  # ~50 ms on the hall's small server: slow for guessing, fine per sign-in
MAX_TRIES = 5
LOCKOUT_S = 300.0
NUMBER_RE = re.compile(r"[0-9A-Za-z]{1,32}")
PIN_RE = re.compile(r"[0-9]{4,12}")
# The demo hall's clerks (sample data; README "Window role").
DEMO_HALL_CODE = "DEMO-HALL"  # hub.hall.demo_hall()
DEMO_STAFF = (("3001", "王芳", "246810"), ("3002", "李明", "135790"))


class StaffError(ValueError):
    """A staff request that cannot be done (bad number, bad PIN, no such clerk)."""


class SignInRefused(Exception):
    """A sign-in that failed: ``code`` is ``staff.wrong_pin`` or ``staff.locked``."""

    def __init__(self, code: str, message: str, **data: object) -> None:
        self.code = code
        self.message = message
        self.data = data
        super().__init__(f"{code}: {message}")


@dataclass(frozen=True)
class Clerk:
    number: str
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"staff": self.number, "name": self.name}


def hash_pin(pin: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, ITERATIONS).hex()


def check_number(number: str) -> str:
    if not isinstance(number, str) or not NUMBER_RE.fullmatch(number):
        raise StaffError("--number: give 1-32 letters or digits (the staff number, 工号)")
    return number


def check_pin(pin: str) -> str:
    if not isinstance(pin, str) or not PIN_RE.fullmatch(pin):
        raise StaffError("--pin: give 4-12 digits")
    return pin


def add(engine: Engine, number: str, name: str, pin: str, clock: Callable[[], float] = time.time) -> Clerk:
    """A new clerk (StaffError when the number is taken or a value is bad)."""
    number, pin = check_number(number), check_pin(pin)
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise StaffError("--name: give a name of 1-64 characters")
    salt = secrets.token_bytes(16)
    try:
        with db.write(engine) as conn:
            conn.execute(
                staff.insert().values(
                    number=number,
                    name=name,
                    pin_hash=hash_pin(pin, salt),
                    pin_salt=salt.hex(),
                    failures=0,
                    created_at=clock(),
                )
            )
    except IntegrityError:
        raise StaffError(f"staff number {number} exists already (see `kiosk hub staff list`)") from None
    return Clerk(number, name)


def list_all(engine: Engine, clock: Callable[[], float] = time.time) -> list[dict]:
    """Every clerk: number, name, whether locked now for some terminal (never the PIN or its hash)."""
    now = clock()
    with db.read(engine) as conn:
        rows = conn.execute(sa.select(staff.c.number, staff.c.name).order_by(staff.c.number)).all()
        locked = {key.rsplit("|", 1)[1] for key in try_limits.locked_keys(conn, "staff|%", now)}
    return [{"number": r.number, "name": r.name, "locked": r.number in locked} for r in rows]


def remove(engine: Engine, number: str) -> None:
    with db.write(engine) as conn:
        if not conn.execute(staff.delete().where(staff.c.number == number)).rowcount:
            raise StaffError(f"no staff number {number!r} (see `kiosk hub staff list`)")


# Wrong PINs (hub.try_limits): per calling token and staff number, so one terminal's
# guesses lock only that terminal out of that number, never the clerk out of her own
# window; per calling token over all numbers (guessing across numbers); and per staff
# number over all tokens, a daily cap that one token alone cannot reach (20 < 60).
PER_PAIR = Policy(tries=MAX_TRIES, lock_s=LOCKOUT_S, max_lock_s=3600.0, daily=20)
PER_CALLER = Policy(tries=10, lock_s=LOCKOUT_S, max_lock_s=3600.0, daily=50)
PER_NUMBER = Policy(tries=60, lock_s=3600.0, max_lock_s=3600.0, daily=60)
# Hashed for an unknown staff number, so its refusal takes as long as a real one.
_NO_SALT = secrets.token_bytes(16)
_NO_HASH = hash_pin("0000", _NO_SALT)


def limits(caller: str, number: str) -> list[tuple[str, Policy]]:
    """The try-limit keys of one sign-in by the token ``caller``."""
    return [
        (f"staff|{caller}|{number}", PER_PAIR),
        (f"staff|{caller}|*", PER_CALLER),
        (f"staff|*|{number}", PER_NUMBER),
    ]


def sign_in(
    engine: Engine, number: str, pin: str, clock: Callable[[], float] = time.time, *, caller: str = "cli"
) -> Clerk:
    """The clerk when ``pin`` is theirs (``caller``: the calling token's id).

    A known and an unknown staff number get the same answers in the same time: the try
    is counted and the PIN hashed either way.

    Raises:
        SignInRefused: ``staff.wrong_pin`` (+ ``tries_left``) or ``staff.locked`` (+
            ``retry_after_s``).
    """
    keys = limits(caller, number)
    with db.write(engine) as conn:
        taken = try_limits.take(conn, keys, clock())
        if taken.wait_s:
            raise SignInRefused(
                "staff.locked", f"too many wrong PINs; try again in {taken.wait_s} s", retry_after_s=taken.wait_s
            )
    with db.read(engine) as conn:
        row = conn.execute(sa.select(staff).where(staff.c.number == number)).first()
    salt, wanted = (bytes.fromhex(row.pin_salt), row.pin_hash) if row is not None else (_NO_SALT, _NO_HASH)
    right = hmac.compare_digest(hash_pin(pin, salt), wanted)
    if right and row is not None:
        with db.write(engine) as conn:
            try_limits.forgive(conn, [k for k, _ in keys], clock())
        return Clerk(row.number, row.name)
    if taken.locks_s:
        raise SignInRefused(
            "staff.locked", f"too many wrong PINs; try again in {taken.locks_s} s", retry_after_s=taken.locks_s
        )
    raise SignInRefused("staff.wrong_pin", "wrong staff number or PIN", tries_left=taken.tries_left)


def seed_demo(engine: Engine, hall_code: str, clock: Callable[[], float] = time.time) -> None:
    """Add the demo clerks that are missing when the hub serves the demo hall (idempotent;
    a real hall's clerks come only from ``kiosk hub staff add``)."""
    if hall_code != DEMO_HALL_CODE:
        return
    with db.read(engine) as conn:
        have = set(conn.execute(sa.select(staff.c.number)).scalars())
    for number, name, pin in DEMO_STAFF:
        if number not in have:
            try:
                add(engine, number, name, pin, clock)
            except StaffError:
                pass  # another worker added it meanwhile
