"""The queue engine's pure rules, against a fake clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hub.hall import Hall, Hours, Service, demo_hall, hall_from_dict
from hub.queue import Candidate, QueueRuleError, QueueRules
from tests.support.clock import FakeClock

TZ = ZoneInfo("Asia/Shanghai")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


WEEKDAY_HALL = hall_from_dict(
    {
        "hall": {"code": "H1", "name": "测试大厅", "reset_hour": 4, "recall_max": 2, "priority_per_regular": 2},
        "hours": dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "08:30-12:00,13:30-17:30"),
        "services": [
            {"code": "A", "prefix": "A", "name": "综合受理", "avg_service_s": 600},
            {"code": "W", "prefix": "W", "name": "周末", "hours": {"sat": "09:00-17:00"}},
        ],
        "windows": [{"number": 1, "services": ["A"]}, {"number": 2, "services": ["A", "W"]}],
    }
)


def test_the_service_day_starts_at_the_reset_hour() -> None:
    clock = FakeClock(at(2026, 12, 2, 3, 59))
    rules = QueueRules(demo_hall(), clock)
    assert rules.service_day() == "2026-12-01"
    clock.set(at(2026, 12, 2, 4, 0))
    assert rules.service_day() == "2026-12-02"
    assert rules.day_start("2026-12-02") == at(2026, 12, 2, 4).timestamp()
    assert rules.local(at(2026, 12, 2, 9, 5).timestamp()) == "2026-12-02T09:05:00+08:00"


def test_numbers_have_at_least_three_digits() -> None:
    assert [QueueRules.number("A", n) for n in (1, 42, 999, 1000)] == ["A001", "A042", "A999", "A1000"]


def test_a_closed_service_says_when_it_opens() -> None:
    clock = FakeClock(at(2026, 12, 2, 12, 30))  # Wednesday lunch break
    rules = QueueRules(WEEKDAY_HALL, clock)
    a = rules.service("A")
    assert rules.open_now(a) == (False, "2026-12-02T13:30:00+08:00")
    with pytest.raises(QueueRuleError) as exc:
        rules.check_open(a)
    assert (exc.value.status, exc.value.code) == (423, "service.closed")
    assert exc.value.data == {"opens_at": "2026-12-02T13:30:00+08:00"}
    clock.set(at(2026, 12, 4, 18, 0))  # Friday evening: Monday morning next (weekend closed)
    assert rules.open_now(a) == (False, "2026-12-07T08:30:00+08:00")
    assert rules.open_now(rules.service("W")) == (False, "2026-12-05T09:00:00+08:00")
    clock.set(at(2026, 12, 5, 10, 0))  # Saturday
    assert rules.open_now(rules.service("W")) == (True, None)
    assert rules.open_now(a)[0] is False


def test_a_service_that_never_opens_has_no_opening_time() -> None:
    hours = Hours(((),) * 7)
    hall = Hall("H", "h", (Service("X", "X", "never", hours),), {1: ("X",)})
    rules = QueueRules(hall, FakeClock(at(2026, 12, 2, 10)))
    assert rules.open_now(rules.service("X")) == (False, None)


def test_appointment_slots_only_within_hours_and_in_the_future() -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    rules.check_slot(rules.service("A"), at(2026, 12, 3, 9, 30))
    rules.check_slot(rules.service("W"), at(2026, 12, 5, 9, 30))
    for service, slot, code in (
        ("A", at(2026, 12, 5, 9, 30), "appointment.slot_closed"),  # Saturday
        ("A", at(2026, 12, 3, 12, 30), "appointment.slot_closed"),
        ("A", at(2026, 12, 1, 9, 30), "appointment.slot_past"),
    ):
        with pytest.raises(QueueRuleError) as exc:
            rules.check_slot(rules.service(service), slot)
        assert exc.value.code == code and exc.value.status == 422


def test_unknown_service_and_window() -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    with pytest.raises(QueueRuleError) as exc:
        rules.service("Z")
    assert (exc.value.status, exc.value.code) == (404, "service.unknown")
    assert rules.serves(2) == ("A", "W")
    with pytest.raises(QueueRuleError) as exc:
        rules.serves(9)
    assert exc.value.code == "window.unknown"


def _c(name: str, prio: bool, t: float) -> Candidate:
    return Candidate(name, prio, t, int(t))


def test_priority_first_at_most_two_in_a_row_while_regulars_wait() -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    waiting = [
        _c("r1", False, 1),
        _c("r2", False, 2),
        _c("p1", True, 3),
        _c("p2", True, 4),
        _c("p3", True, 5),
        _c("p4", True, 6),
        _c("p5", True, 7),
    ]
    streak, order = 0, []
    while waiting:
        pick = rules.pick(waiting, streak)
        order.append(pick.ticket_id)
        streak = pick.streak
        waiting = [c for c in waiting if c.id != pick.ticket_id]
    assert order == ["p1", "p2", "r1", "p3", "p4", "r2", "p5"]
    assert rules.pick([], 0) is None


def test_without_regulars_priority_calls_do_not_count() -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    pick = rules.pick([_c("p1", True, 1)], 2)
    assert (pick.ticket_id, pick.streak) == ("p1", 2)
    pick = rules.pick([_c("p1", True, 1), _c("r1", False, 2)], 2)
    assert (pick.ticket_id, pick.streak) == ("r1", 0)


def test_rule_zero_serves_regulars_first_while_they_wait() -> None:
    hall = Hall("H", "h", demo_hall().services, {1: ("A",)}, priority_per_regular=0)
    rules = QueueRules(hall, FakeClock(at(2026, 12, 2, 10)))
    assert rules.pick([_c("p1", True, 1), _c("r1", False, 2)], 0).ticket_id == "r1"


def test_fifo_within_a_class_with_ties_broken_by_number() -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    waiting = [Candidate("b", False, 5.0, 2), Candidate("a", False, 5.0, 1), Candidate("c", False, 4.0, 3)]
    assert rules.pick(waiting, 0).ticket_id == "c"
    assert rules.pick(waiting[:2], 0).ticket_id == "a"


@pytest.mark.parametrize(
    ("action", "status", "recalls", "result"),
    [
        ("recall", "called", 0, "called"),
        ("skip", "called", 0, "skipped"),
        ("hold", "called", 0, "held"),
        ("resume", "held", 0, "called"),
        ("finish", "called", 0, "finished"),
        ("finish", "held", 0, "finished"),
        ("transfer", "waiting", 0, "waiting"),
        ("transfer", "called", 3, "waiting"),
    ],
)
def test_allowed_transitions(action: str, status: str, recalls: int, result: str) -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    assert rules.transition(action, status, recalls) == result


@pytest.mark.parametrize(
    ("action", "status", "recalls", "code"),
    [
        ("finish", "finished", 0, "ticket.already_finished"),
        ("recall", "called", 2, "ticket.recall_limit"),
        ("recall", "waiting", 0, "ticket.wrong_status"),
        ("resume", "called", 0, "ticket.wrong_status"),
        ("skip", "finished", 0, "ticket.wrong_status"),
        ("transfer", "skipped", 0, "ticket.wrong_status"),
        ("hold", "expired", 0, "ticket.wrong_status"),
        ("explode", "called", 0, "ticket.unknown_action"),
    ],
)
def test_refused_transitions(action: str, status: str, recalls: int, code: str) -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    with pytest.raises(QueueRuleError) as exc:
        rules.transition(action, status, recalls)
    assert exc.value.code == code


def test_wait_estimate_spreads_over_the_windows_serving() -> None:
    rules = QueueRules(WEEKDAY_HALL, FakeClock(at(2026, 12, 2, 10)))
    assert rules.estimate_s(rules.service("A"), 4) == 4 * 600 // 2
    assert rules.estimate_s(rules.service("W"), 3) == 3 * 300
