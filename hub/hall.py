"""The hall a hub serves: its services, windows, opening hours and queue rules.

Read from a TOML hall file (docs/hub-api.md "Hall file") or the built-in demo hall
(three services A/B/C and a green-channel one, open around the clock, windows 1-8
serving all). The hall and each service may carry ``name_en``, the name English
screens, tickets and the board show. A bad file raises :class:`HallError` naming the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from offline_cache.wire.demo_hall import DEMO_HALL_NAME, DEMO_HALL_NAME_EN

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALL_DAY = ((0, 24 * 60),)
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class HallError(ValueError):
    """The hall file is unusable; ``key`` names the TOML key at fault."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"hall file: {key}: {problem}")


@dataclass(frozen=True)
class Hours:
    """Opening hours per weekday (0 = Monday): minute spans [start, end)."""

    spans: tuple[tuple[tuple[int, int], ...], ...] = (ALL_DAY,) * 7

    def is_open(self, at: datetime) -> bool:
        minute = at.hour * 60 + at.minute
        return any(start <= minute < end for start, end in self.spans[at.weekday()])

    def next_open(self, at: datetime) -> datetime | None:
        """The first opening time after ``at`` (None when it never opens)."""
        for days in range(8):
            day = (at + timedelta(days=days)).date()
            for start, _end in self.spans[day.weekday()]:
                opening = datetime.combine(day, time(0), tzinfo=at.tzinfo) + timedelta(minutes=start)
                if opening > at:
                    return opening
        return None

    def opens_on(self, weekday: int) -> bool:
        return bool(self.spans[weekday])

    def covers(self, at: datetime) -> bool:
        """Whether ``at`` falls inside opening hours (for appointment slots)."""
        return self.is_open(at)


@dataclass(frozen=True)
class Service:
    """One queue of the hall."""

    code: str
    prefix: str
    name: str
    hours: Hours = field(default_factory=Hours)
    avg_service_s: int = 300  # for the waiting-time estimate
    name_en: str = ""  # the name in English ("" = none: English screens show ``name``)


@dataclass(frozen=True)
class Hall:
    """Everything the queue engine needs to know about the hall."""

    code: str
    name: str
    services: tuple[Service, ...]
    windows: dict[int, tuple[str, ...]]  # window number -> service codes it serves
    timezone: str = "Asia/Shanghai"
    name_en: str = ""  # the hall's name in English ("" = none)
    reset_hour: int = 4  # a service day starts at this hour
    recall_max: int = 3
    priority_per_regular: int = 2  # priority calls allowed for each regular one
    event_retention: int = 1000  # events a reconnecting client may replay

    def service(self, code: str) -> Service | None:
        return next((s for s in self.services if s.code == code), None)

    @property
    def service_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.services)


def demo_hall() -> Hall:
    """The demo hall: A 综合受理, B 社保医保, C 不动产登记, G 绿色通道; windows 1-8."""
    services = (
        Service("A", "A", "综合受理", name_en="General applications"),
        Service("B", "B", "社保医保", name_en="Social and medical insurance"),
        Service("C", "C", "不动产登记", name_en="Real estate registration"),
        Service("G", "G", "绿色通道（老年人、残疾人、孕妇）", name_en="Green channel (elderly, disabled, pregnant)"),
    )
    codes = tuple(s.code for s in services)
    # The terminals' default hall name, so /status and every screen name the same hall.
    return Hall(
        code="DEMO-HALL",
        name=DEMO_HALL_NAME,
        name_en=DEMO_HALL_NAME_EN,
        services=services,
        windows=dict.fromkeys(range(1, 9), codes),
    )


def load_hall(path: Path) -> Hall:
    """Read and check a hall file (raises HallError, also for a missing or bad TOML file)."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise HallError("file", f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise HallError("file", f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise HallError("file", f"not valid TOML ({exc})") from None
    return hall_from_dict(raw)


def hall_from_dict(raw: dict[str, Any]) -> Hall:
    """Build a Hall from the parsed TOML (raises HallError)."""
    known = {"hall", "hours", "services", "windows"}
    for key in raw:
        if key not in known:
            raise HallError(key, "unknown key")
    head = _table(raw, "hall")
    default_hours = _hours(raw.get("hours"), "hours") if "hours" in raw else Hours()
    services = _services(raw.get("services"), default_hours)
    codes = {s.code for s in services}
    windows = _windows(raw.get("windows"), codes)
    return Hall(
        code=_str(head, "code", "hall.code"),
        name=_str(head, "name", "hall.name"),
        name_en=_optional_str(head, "name_en", "hall.name_en"),
        services=services,
        windows=windows,
        timezone=_timezone(head.get("timezone", "Asia/Shanghai")),
        reset_hour=_int(head, "reset_hour", "hall.reset_hour", 4, 0, 23),
        recall_max=_int(head, "recall_max", "hall.recall_max", 3, 0, 20),
        priority_per_regular=_int(head, "priority_per_regular", "hall.priority_per_regular", 2, 0, 100),
        event_retention=_int(head, "event_retention", "hall.event_retention", 1000, 10, 1_000_000),
    )


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise HallError(key, "missing table" if value is None else "not a table")
    return value


def _str(d: dict[str, Any], key: str, where: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value.strip():
        raise HallError(where, "missing" if value is None else "not a non-empty string")
    return value.strip()


def _optional_str(d: dict[str, Any], key: str, where: str) -> str:
    """An optional text (an English name): "" when absent, else a non-empty string."""
    return _str(d, key, where) if key in d else ""


def _int(d: dict[str, Any], key: str, where: str, default: int, low: int, high: int) -> int:
    value = d.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise HallError(where, f"not a whole number from {low} to {high}")
    return value


def _timezone(name: Any) -> str:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(str(name))
    except Exception:
        raise HallError("hall.timezone", f"unknown time zone {name!r}") from None
    return str(name)


def _spans(value: Any, where: str) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, str):
        raise HallError(where, 'not a string like "08:30-12:00,13:30-17:30" ("" = closed)')
    spans = []
    for part in filter(None, (p.strip() for p in value.split(","))):
        m = _SPAN.match(part)
        if not m:
            raise HallError(where, f'"{part}" is not HH:MM-HH:MM')
        h1, m1, h2, m2 = map(int, m.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if m1 > 59 or m2 > 59 or not 0 <= start < end <= 24 * 60:
            raise HallError(where, f'"{part}" is not a span within one day')
        spans.append((start, end))
    return tuple(sorted(spans))


def _hours(value: Any, where: str) -> Hours:
    if not isinstance(value, dict):
        raise HallError(where, 'not a table of weekdays (mon = "08:30-17:30" ...)')
    for key in value:
        if key not in DAYS:
            raise HallError(f"{where}.{key}", "not a weekday (mon tue wed thu fri sat sun)")
    # A weekday not named is closed: halls that open on weekends (周末不打烊) say so.
    return Hours(tuple(_spans(value.get(day, ""), f"{where}.{day}") for day in DAYS))


def _services(value: Any, default_hours: Hours) -> tuple[Service, ...]:
    if not isinstance(value, list) or not value:
        raise HallError("services", "missing: give at least one [[services]] table")
    out: list[Service] = []
    for i, item in enumerate(value):
        where = f"services[{i}]"
        if not isinstance(item, dict):
            raise HallError(where, "not a table")
        for key in item:
            if key not in {"code", "prefix", "name", "name_en", "hours", "avg_service_s"}:
                raise HallError(f"{where}.{key}", "unknown key")
        code = _str(item, "code", f"{where}.code")
        prefix = _str(item, "prefix", f"{where}.prefix")
        if not re.fullmatch(r"[A-Z]{1,2}", prefix):
            raise HallError(f"{where}.prefix", "not one or two capital letters")
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", code):
            raise HallError(f"{where}.code", "not 1-32 letters, digits, _ or -")
        if any(s.code == code for s in out):
            raise HallError(f"{where}.code", f"{code!r} is named twice")
        if any(s.prefix == prefix for s in out):
            raise HallError(f"{where}.prefix", f"{prefix!r} is used by another service")
        hours = _hours(item["hours"], f"{where}.hours") if "hours" in item else default_hours
        out.append(
            Service(
                code,
                prefix,
                _str(item, "name", f"{where}.name"),
                hours,
                _int(item, "avg_service_s", f"{where}.avg_service_s", 300, 10, 86400),
                _optional_str(item, "name_en", f"{where}.name_en"),
            )
        )
    return tuple(out)


def _windows(value: Any, codes: set[str]) -> dict[int, tuple[str, ...]]:
    if not isinstance(value, list) or not value:
        raise HallError("windows", "missing: give at least one [[windows]] table")
    out: dict[int, tuple[str, ...]] = {}
    for i, item in enumerate(value):
        where = f"windows[{i}]"
        if not isinstance(item, dict):
            raise HallError(where, "not a table")
        for key in item:
            if key not in {"number", "services"}:
                raise HallError(f"{where}.{key}", "unknown key")
        number = _int(item, "number", f"{where}.number", 0, 1, 9999)
        if number in out:
            raise HallError(f"{where}.number", f"window {number} is named twice")
        serves = item.get("services")
        if not isinstance(serves, list) or not serves or not all(isinstance(s, str) for s in serves):
            raise HallError(f"{where}.services", "not a list of service codes")
        for code in serves:
            if code not in codes:
                raise HallError(f"{where}.services", f"no service {code!r}")
        out[number] = tuple(serves)
    return out
