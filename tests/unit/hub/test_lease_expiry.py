"""When a lease ends: at the service day's reset, or when the service's opening span
ends if that comes first (a kiosk must not issue numbers for a closed service)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hub.hall import Hall, Hours, Service
from hub.leases import expires_at
from hub.queue import QueueRules

CST = timezone(timedelta(hours=8))
WORKDAY = ((8 * 60 + 30, 12 * 60), (14 * 60, 17 * 60))


def rules_at(at: datetime) -> tuple[QueueRules, Service, Service]:
    office = Service("C", "C", "不动产登记", Hours((WORKDAY,) * 7))
    always = Service("A", "A", "综合受理")
    hall = Hall(code="H", name="h", services=(always, office), windows={1: ("A", "C")})
    return QueueRules(hall, lambda: at.timestamp()), always, office


def test_a_lease_ends_with_the_opening_span_or_the_service_day() -> None:
    morning = datetime(2026, 12, 7, 9, 15, tzinfo=CST)
    rules, always, office = rules_at(morning)
    day = rules.service_day()
    assert day == "2026-12-07"
    assert expires_at(rules, office, day) == datetime(2026, 12, 7, 12, 0, tzinfo=CST).timestamp()
    assert expires_at(rules, always, day) == datetime(2026, 12, 8, 4, 0, tzinfo=CST).timestamp()  # reset hour
    rules, _, office = rules_at(datetime(2026, 12, 7, 14, 5, tzinfo=CST))
    assert expires_at(rules, office, day) == datetime(2026, 12, 7, 17, 0, tzinfo=CST).timestamp()


def test_a_span_to_midnight_ends_there_unless_the_next_day_opens_at_midnight() -> None:
    late = Service("L", "L", "夜间", Hours((((8 * 60, 24 * 60),),) * 7))
    hall = Hall(code="H", name="h", services=(late,), windows={1: ("L",)})
    at = datetime(2026, 12, 7, 23, 0, tzinfo=CST)
    rules = QueueRules(hall, lambda: at.timestamp())
    assert expires_at(rules, late, rules.service_day()) == datetime(2026, 12, 8, 0, 0, tzinfo=CST).timestamp()
