"""The halls and stations the city knows (``kiosk hub city hall add|list``)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.city.errors import CityError
from hub.city.tables import city_halls

#: 政务服务中心 of the city / a district, 便民服务中心 of a street, 便民服务站 of a
#: community, and a bank or post-office service point (驿站).
LEVELS = ("city", "district", "street", "community", "post")
_CODE = re.compile(r"^[A-Za-z0-9-]{1,32}$")


@dataclass(frozen=True)
class HallEntry:
    """One hall or station in the registry."""

    code: str
    name: str
    level: str
    district: str = ""
    address: str = ""
    hours: str = ""
    rectify_days: int = 5  # working days to rectify after a bad rating

    def to_dict(self) -> dict:
        return asdict(self)


def check(entry: HallEntry) -> HallEntry:
    """The entry if every field is usable (CityError ``city.hall.invalid`` if not)."""
    if not _CODE.match(entry.code):
        raise CityError("city.hall.invalid", f"--code {entry.code[:40]!r}: 1-32 letters, digits or '-'")
    if not entry.name.strip() or len(entry.name) > 100:
        raise CityError("city.hall.invalid", "--name: give a name of 1-100 characters")
    if entry.level not in LEVELS:
        raise CityError("city.hall.invalid", f"--level {entry.level!r}: use one of {', '.join(LEVELS)}")
    if not 1 <= entry.rectify_days <= 60:
        raise CityError("city.hall.invalid", "--rectify-days: 1 to 60 working days")
    for name, value, limit in (("district", entry.district, 64), ("address", entry.address, 200)):
        if len(value) > limit:
            raise CityError("city.hall.invalid", f"--{name}: at most {limit} characters")
    if len(entry.hours) > 200:
        raise CityError("city.hall.invalid", "--hours: at most 200 characters")
    return entry


def add(engine: Engine, entry: HallEntry, *, clock: Callable[[], float] = time.time) -> HallEntry:
    """Add a hall, or change the one with this code (its links stay)."""
    check(entry)
    values = {**entry.to_dict(), "name": entry.name.strip()}
    with db.write(engine) as conn:
        found = conn.execute(sa.select(city_halls.c.code).where(city_halls.c.code == entry.code)).first()
        if found is None:
            conn.execute(city_halls.insert().values(**values, created_at=clock()))
        else:
            conn.execute(city_halls.update().where(city_halls.c.code == entry.code).values(**values))
    return entry


def get(engine: Engine, code: str) -> HallEntry | None:
    with db.read(engine) as conn:
        row = conn.execute(sa.select(city_halls).where(city_halls.c.code == code)).first()
    return None if row is None else _entry(row)


def list_all(engine: Engine) -> list[HallEntry]:
    with db.read(engine) as conn:
        rows = conn.execute(sa.select(city_halls).order_by(city_halls.c.code)).all()
    return [_entry(r) for r in rows]


def _entry(row) -> HallEntry:
    return HallEntry(row.code, row.name, row.level, row.district, row.address, row.hours, row.rectify_days)
