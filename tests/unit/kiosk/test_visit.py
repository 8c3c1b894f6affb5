"""The visit state machine: warning ≥ 20 s before the end, one tap extends, end wipes."""

from __future__ import annotations

import pytest

from kiosk.visit import EndReason, Visit, VisitListener, VisitState
from tests.support.clock import FakeClock


def make(timeout: float = 90, warning: float = 30):
    clock = FakeClock()
    events: list[tuple[str, object]] = []
    listener = VisitListener(
        on_state=lambda s: events.append(("state", s)),
        on_warning=lambda n: events.append(("warn", n)),
        on_ended=lambda r: events.append(("ended", r)),
    )
    return Visit(timeout, warning, clock=clock, listener=listener), clock, events


def test_warning_then_timeout_wipes_everything() -> None:
    visit, clock, events = make()
    wiped = []
    visit.on_wipe(lambda: wiped.append(True))
    visit.begin()
    visit.data["name"] = "张三丰"
    folder = visit.temp_dir()
    (folder / "scan.jpg").write_bytes(b"x")
    clock.t += 59
    assert visit.tick() is VisitState.ACTIVE
    clock.t += 1
    assert visit.tick() is VisitState.WARNING
    assert ("warn", 30) in events
    clock.t += 30
    assert visit.tick() is VisitState.IDLE
    assert events[-1] == ("ended", EndReason.TIMEOUT)
    assert visit.data == {} and wiped == [True] and not folder.exists()


def test_one_tap_during_warning_extends_the_whole_timeout() -> None:
    visit, clock, _ = make()
    visit.begin()
    clock.t += 75
    visit.tick()
    assert visit.state is VisitState.WARNING
    visit.touch()
    assert visit.state is VisitState.ACTIVE
    assert visit.seconds_left() == pytest.approx(90)


def test_end_is_idempotent_and_touch_when_idle_does_nothing() -> None:
    visit, clock, events = make()
    visit.touch()
    assert visit.state is VisitState.IDLE
    visit.begin()
    first = visit.visit_id
    visit.end()
    visit.end()
    assert [e for e in events if e[0] == "ended"] == [("ended", EndReason.DONE)]
    visit.begin()
    assert visit.visit_id and visit.visit_id != first


def test_a_failing_wipe_hook_does_not_keep_the_data() -> None:
    visit, _, _ = make()
    visit.on_wipe(lambda: 1 / 0)
    visit.begin()
    visit.data["id"] = "610103188001010012"
    visit.end(EndReason.CANCELLED)
    assert visit.data == {}


@pytest.mark.parametrize(("timeout", "warning"), [(90, 19), (30, 30)])
def test_too_short_warnings_are_refused(timeout: float, warning: float) -> None:
    with pytest.raises(ValueError):
        Visit(timeout, warning)
