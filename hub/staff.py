"""The hall's clerks (工作人员): staff number, name and a PIN, signed in at a window.

The PIN is stored only as PBKDF2-HMAC-SHA256 (a random salt per clerk, ``ITERATIONS``
rounds), never as itself. Five wrong PINs in a row lock the staff number for
``LOCKOUT_S``; the count lives in the table, so every worker process of a hub sees the
same lockout. The demo hall seeds the clerks of ``DEMO_STAFF`` (README).
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

from hub import db
from hub.tables import staff

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


def list_all(engine: Engine) -> list[dict]:
    """Every clerk: number, name, whether locked now (never the PIN or its hash)."""
    with db.read(engine) as conn:
        rows = conn.execute(
            sa.select(staff.c.number, staff.c.name, staff.c.locked_until).order_by(staff.c.number)
        ).all()
    now = time.time()
    return [{"number": r.number, "name": r.name, "locked": bool(r.locked_until and r.locked_until > now)} for r in rows]


def remove(engine: Engine, number: str) -> None:
    with db.write(engine) as conn:
        if not conn.execute(staff.delete().where(staff.c.number == number)).rowcount:
            raise StaffError(f"no staff number {number!r} (see `kiosk hub staff list`)")


def sign_in(engine: Engine, number: str, pin: str, clock: Callable[[], float] = time.time) -> Clerk:
    """The clerk when ``pin`` is theirs.

    Raises:
        SignInRefused: ``staff.wrong_pin`` (also for an unknown number: no hint which
            numbers exist) or ``staff.locked`` with ``retry_after_s``.
    """
    now = clock()
    with db.write(engine) as conn:
        row = conn.execute(sa.select(staff).where(staff.c.number == number).with_for_update()).first()
        if row is None:
            hash_pin(pin, b"0" * 16)  # same time as a real check
            raise SignInRefused("staff.wrong_pin", "wrong staff number or PIN")
        if row.locked_until and row.locked_until > now:
            raise SignInRefused(
                "staff.locked",
                f"too many wrong PINs; try again in {int(row.locked_until - now + 0.999)} s",
                retry_after_s=int(row.locked_until - now + 0.999),
            )
        if hmac.compare_digest(hash_pin(pin, bytes.fromhex(row.pin_salt)), row.pin_hash):
            conn.execute(staff.update().where(staff.c.number == number).values(failures=0, locked_until=None))
            return Clerk(row.number, row.name)
        failures = row.failures + 1
        locked = failures >= MAX_TRIES
        conn.execute(
            staff.update()
            .where(staff.c.number == number)
            .values(failures=0 if locked else failures, locked_until=now + LOCKOUT_S if locked else None)
        )
    if locked:
        raise SignInRefused(
            "staff.locked", f"too many wrong PINs; try again in {int(LOCKOUT_S)} s", retry_after_s=int(LOCKOUT_S)
        )
    raise SignInRefused("staff.wrong_pin", "wrong staff number or PIN", tries_left=MAX_TRIES - failures)


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
