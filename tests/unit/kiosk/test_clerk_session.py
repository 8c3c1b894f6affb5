"""The signed-in clerk (kiosk/clerk_session.py): the lock falls only on a truly idle
window, a locked window allows nothing but the PIN, the PIN opens it where it was."""

from __future__ import annotations

import pytest

from kiosk.clerk_session import DESK_ACTIONS, ClerkSession, ClerkState, UnlockResult
from tests.support.clock import FakeClock


def make(idle_lock_s: float = 90) -> tuple[ClerkSession, FakeClock, list[ClerkState]]:
    clock = FakeClock()
    session = ClerkSession(idle_lock_s, clock)
    session.attended = True
    states: list[ClerkState] = []
    session.listen(states.append)
    return session, clock, states


def signed_in(idle_lock_s: float = 90) -> tuple[ClerkSession, FakeClock, list[ClerkState]]:
    session, clock, states = make(idle_lock_s)
    session.sign_in("3001", "王芳", "246810")
    return session, clock, states


def test_an_idle_window_locks_after_the_idle_time_and_a_touch_restarts_it() -> None:
    s, clock, states = signed_in()
    clock.t += 89
    assert s.tick() is ClerkState.IDLE
    s.touch()
    clock.t += 89
    assert s.tick() is ClerkState.IDLE
    clock.t += 1
    assert s.tick() is ClerkState.LOCKED
    assert states == [ClerkState.IDLE, ClerkState.LOCKED]


@pytest.mark.parametrize("serve", ["ticket", "case"])
def test_the_lock_never_falls_while_a_citizen_is_served(serve: str) -> None:
    s, clock, _ = signed_in()
    s.set_ticket(True) if serve == "ticket" else s.open_case()
    assert s.state is ClerkState.SERVING
    clock.t += 3600
    assert s.tick() is ClerkState.SERVING
    s.set_ticket(False) if serve == "ticket" else s.close_case()
    assert s.tick() is ClerkState.IDLE  # idle counts from when the citizen left
    clock.t += 89
    assert s.tick() is ClerkState.IDLE
    clock.t += 1
    assert s.tick() is ClerkState.LOCKED


def test_a_case_open_keeps_serving_after_the_ticket_ends() -> None:
    s, clock, _ = signed_in()
    s.set_ticket(True)
    s.open_case()
    s.set_ticket(False)
    clock.t += 600
    assert s.tick() is ClerkState.SERVING
    s.close_case()
    assert s.state is ClerkState.IDLE


def test_a_locked_window_allows_nothing_but_the_pin_and_switching_clerk() -> None:
    s, _, _ = signed_in()
    assert s.may("accept") and s.may("guide") and s.may("call") and not s.may("finish")
    s.lock()
    assert [a for a in sorted(DESK_ACTIONS | {"unlock", "sign_in"}) if s.may(a)] == ["sign_out", "unlock"]


def test_the_session_answers_for_the_ticket_actions() -> None:
    s, _, _ = signed_in()
    s.set_ticket(True)
    assert not s.may("call") and s.may("finish") and s.may("read_card") and s.may("accept")


def test_signed_out_allows_only_signing_in_unless_no_hub_checks_clerks() -> None:
    s, _, _ = make()
    assert [a for a in sorted(DESK_ACTIONS | {"sign_in"}) if s.may(a)] == ["sign_in"]
    s.attended = False  # no hub: the window accepts cases as the terminal
    assert s.may("accept") and s.may("guide") and not s.may("call")


def test_the_pin_opens_the_lock_where_it_was_and_five_wrong_sign_out() -> None:
    s, clock, _ = signed_in()
    s.set_ticket(True)
    s.lock()  # the clerk locks on purpose while serving
    assert s.unlock("000000") is UnlockResult.WRONG and s.tries_left == 4
    assert s.unlock("246810") is UnlockResult.OPENED and s.state is ClerkState.SERVING
    assert s.tries_left == 5
    s.set_ticket(False)
    s.lock()
    for _ in range(4):
        assert s.unlock("000000") is UnlockResult.WRONG
    assert s.unlock("000000") is UnlockResult.SIGNED_OUT
    assert s.state is ClerkState.SIGNED_OUT and s.staff_number == ""
    assert s.unlock("246810") is UnlockResult.SIGNED_OUT


def test_lock_does_nothing_when_signed_out_and_serving_changes_while_locked_are_kept() -> None:
    s, clock, _ = make()
    assert not s.lock() and s.state is ClerkState.SIGNED_OUT
    s.sign_in("3001", "王芳", "246810")
    s.lock()
    s.set_ticket(True)  # a refresh while locked: the ticket is at the window
    assert s.state is ClerkState.LOCKED
    assert s.unlock("246810") is UnlockResult.OPENED and s.state is ClerkState.SERVING


def test_a_non_positive_lock_time_is_refused() -> None:
    with pytest.raises(ValueError):
        ClerkSession(0)
