"""The board's model: events and snapshots in, what the screen shows and what is spoken
out; a fake clock drives the lost banner and the age of calls."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kiosk.queue.board import BoardModel
from offline_cache.wire.queue import QueueCall, QueueEvent, QueueSnapshot, Ticket

HALL_TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 12, 2, 9, 30, tzinfo=HALL_TZ).timestamp()


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, HALL_TZ).isoformat(timespec="seconds")


def ticket(
    n: int, service: str = "A", status: str = "waiting", window: int | None = None, called_at: float | None = None
) -> dict:
    return Ticket(
        id=f"t{service}{n}",
        number=f"{service}{n:03d}",
        service=service,
        status=status,
        issued_at=iso(T0),
        window=window,
        called_at=iso(called_at) if called_at is not None else None,
    ).to_dict()


def ev(seq: int, kind: str, data: dict) -> QueueEvent:
    return QueueEvent(seq, kind, data)


def snapshot(seq: int, waiting: dict[str, int], calls: list[tuple[str, int, float]] = ()) -> QueueEvent:
    snap = QueueSnapshot(seq, waiting, [QueueCall(n, n[0], w, iso(t)) for n, w, t in calls])
    return ev(seq, "snapshot", snap.to_dict())


@pytest.fixture
def model() -> BoardModel:
    m = BoardModel(T0)
    m.set_services([("A", "综合受理"), ("B", "社保医保")])
    m.set_state("connected", T0)
    assert m.apply_event(snapshot(10, {"A": 2, "B": 0}), T0) == []
    return m


def test_a_live_call_is_shown_first_spoken_once_and_counts_move(model: BoardModel) -> None:
    assert model.apply_event(ev(11, "ticket.issued", ticket(3)), T0 + 1) == []
    spoken = model.apply_event(ev(12, "ticket.called", ticket(1, status="called", window=3, called_at=T0 + 2)), T0 + 2)
    assert [(c.number, c.window, c.live) for c in spoken] == [("A001", 3, True)]
    view = model.view(T0 + 2)
    assert [(c.number, c.window) for c in view.calls] == [("A001", 3)]
    assert [(w.service, w.name, w.waiting) for w in view.waiting] == [("A", "综合受理", 2), ("B", "社保医保", 0)]
    assert view.flash == 1 and view.synced and not view.lost
    # The same event again (a replay after a reconnect) changes nothing and says nothing.
    assert (
        model.apply_event(ev(12, "ticket.called", ticket(1, status="called", window=3, called_at=T0 + 2)), T0 + 3) == []
    )
    assert model.view(T0 + 3).flash == 1 and model.view(T0 + 3).waiting[0].waiting == 2


def test_a_recall_moves_the_number_to_the_top_and_is_spoken_again(model: BoardModel) -> None:
    model.apply_event(ev(11, "ticket.called", ticket(1, status="called", window=3, called_at=T0)), T0)
    model.apply_event(ev(12, "ticket.called", ticket(2, status="called", window=5, called_at=T0 + 1)), T0 + 1)
    spoken = model.apply_event(
        ev(13, "ticket.recalled", ticket(1, status="called", window=3, called_at=T0 + 9)), T0 + 9
    )
    assert [c.number for c in spoken] == ["A001"]
    assert [c.number for c in model.view(T0 + 9).calls] == ["A001", "A002"]  # once, on top


def test_a_snapshot_is_shown_and_never_spoken(model: BoardModel) -> None:
    spoken = model.apply_event(snapshot(40, {"A": 5, "B": 1}, [("A009", 2, T0 + 5), ("B003", 1, T0 + 4)]), T0 + 6)
    assert spoken == []
    view = model.view(T0 + 6)
    assert [(c.number, c.window, c.live) for c in view.calls] == [("A009", 2, False), ("B003", 1, False)]
    assert [w.waiting for w in view.waiting] == [5, 1] and view.flash == 0 and model.seq == 40
    # A hub with a new database counts from 1 again: its snapshot still replaces the state.
    model.apply_event(snapshot(3, {"A": 0, "B": 0}), T0 + 7)
    assert model.seq == 3 and model.view(T0 + 7).calls == ()


def test_calls_older_than_a_minute_are_shown_not_spoken(model: BoardModel) -> None:
    old = ticket(4, status="called", window=2, called_at=T0)
    assert model.apply_event(ev(11, "ticket.called", old), T0 + 61) == []
    assert model.view(T0 + 61).calls[0].number == "A004"
    fresh = ticket(5, status="called", window=2, called_at=T0 + 30)
    assert [c.number for c in model.apply_event(ev(12, "ticket.called", fresh), T0 + 61)] == ["A005"]


def test_events_before_any_snapshot_are_shown_but_not_spoken() -> None:
    m = BoardModel(T0)
    assert m.apply_event(ev(5, "ticket.called", ticket(1, status="called", window=1, called_at=T0)), T0) == []
    assert m.view(T0).calls[0].number == "A001" and m.view(T0).flash == 0


def test_the_list_keeps_the_newest_calls_only() -> None:
    m = BoardModel(T0, keep=3)
    m.apply_event(snapshot(0, {"A": 9}), T0)
    for n in range(1, 6):
        m.apply_event(ev(n, "ticket.called", ticket(n, status="called", window=n, called_at=T0)), T0)
    assert [c.number for c in m.view(T0).calls] == ["A005", "A004", "A003"]


def test_the_lost_banner_waits_a_few_seconds_then_stays_until_the_stream_is_back(model: BoardModel) -> None:
    model.set_state("lost", T0 + 100)
    assert not model.view(T0 + 102).lost  # a blip: the board does not alarm the hall
    view = model.view(T0 + 103)
    assert view.lost and view.state == "lost" and view.last_update == T0
    model.set_state("connected", T0 + 110)
    assert not model.view(T0 + 110).lost


def test_a_board_that_never_reached_the_hub_says_so() -> None:
    m = BoardModel(T0)
    assert not m.view(T0 + 2).lost
    view = m.view(T0 + 3)
    assert view.lost and view.last_update is None and not view.synced


def test_keep_alives_count_as_life_and_silence_does_not(model: BoardModel) -> None:
    for t in range(15, 200, 15):  # a quiet hall: a keep-alive comment every 15 s
        model.alive(T0 + t)
        assert not model.view(T0 + t + 14).lost
    model.alive(T0 + 300)
    assert not model.view(T0 + 324).lost
    assert model.view(T0 + 325).lost  # a half-open link: no FIN, no keep-alive


def test_a_transfer_of_a_ticket_seen_waiting_moves_the_count() -> None:
    m = BoardModel(T0)
    m.apply_event(snapshot(0, {"A": 0, "B": 0}), T0)
    m.apply_event(ev(1, "ticket.issued", ticket(1)), T0)
    moved = {**ticket(1), "service": "B"}  # keeps its number, joins B
    m.apply_event(ev(2, "ticket.transferred", moved), T0)
    assert [w.waiting for w in m.view(T0).waiting] == [0, 1] and not m.counts_uncertain


def test_a_transfer_of_a_ticket_from_before_the_snapshot_asks_the_hub() -> None:
    m = BoardModel(T0)
    m.apply_event(snapshot(0, {"A": 3, "B": 0}), T0)
    m.apply_event(ev(1, "ticket.transferred", {**ticket(7), "service": "B"}), T0)
    assert m.counts_uncertain
    assert not m.refresh_waiting(QueueSnapshot(2, {"A": 2, "B": 1}))  # of a later moment: not mixed in
    assert m.refresh_waiting(QueueSnapshot(1, {"A": 2, "B": 1}))
    assert [w.waiting for w in m.view(T0).waiting] == [2, 1] and not m.counts_uncertain


def test_a_bad_event_is_skipped_and_the_next_still_applies(model: BoardModel) -> None:
    assert model.apply_event(ev(11, "ticket.called", {"number": "A001"}), T0) == []
    spoken = model.apply_event(ev(12, "ticket.called", ticket(2, status="called", window=1, called_at=T0)), T0)
    assert [c.number for c in spoken] == ["A002"]


def test_an_unknown_state_is_refused(model: BoardModel) -> None:
    with pytest.raises(ValueError):
        model.set_state("sleeping", T0)


def test_a_finished_or_skipped_ticket_leaves_now_calling_and_stays_as_history(model: BoardModel) -> None:
    model.apply_event(ev(11, "ticket.called", ticket(1, status="called", window=3, called_at=T0)), T0)
    model.apply_event(ev(12, "ticket.called", ticket(2, status="called", window=5, called_at=T0 + 1)), T0 + 1)
    assert model.view(T0 + 1).current.number == "A002"
    model.apply_event(ev(13, "ticket.finished", ticket(2, status="finished", window=5, called_at=T0 + 1)), T0 + 2)
    view = model.view(T0 + 2)
    assert view.current.number == "A001" and [c.number for c in view.calls] == ["A002", "A001"]
    model.apply_event(ev(14, "ticket.held", ticket(1, status="held", window=3, called_at=T0)), T0 + 3)
    assert model.view(T0 + 3).current.number == "A001"  # held: still at its window
    model.apply_event(ev(15, "ticket.skipped", ticket(1, status="skipped", window=3, called_at=T0)), T0 + 4)
    assert model.view(T0 + 4).current is None and len(model.view(T0 + 4).calls) == 2


def test_a_snapshot_says_which_calls_are_still_at_a_window(model: BoardModel) -> None:
    calls = [QueueCall("A009", "A", 2, iso(T0 + 5), "finished"), QueueCall("B003", "B", 1, iso(T0 + 4), "called")]
    model.apply_event(ev(40, "snapshot", QueueSnapshot(40, {"A": 0, "B": 0}, calls).to_dict()), T0 + 6)
    assert model.view(T0 + 6).current.number == "B003"


def test_a_quiet_resync_ends_calls_the_hub_no_longer_holds_as_called(model: BoardModel) -> None:
    model.apply_event(ev(11, "ticket.called", ticket(1, status="called", window=3, called_at=T0)), T0)
    assert model.view(T0).current.number == "A001"
    # The service day ended: no event, the hub's snapshot no longer holds the call or its wait.
    assert model.refresh_waiting(QueueSnapshot(11, {"A": 0, "B": 0}, []))
    view = model.view(T0 + 1)
    assert view.current is None and [w.waiting for w in view.waiting] == [0, 0]


def test_a_call_from_an_older_hub_without_status_is_still_called_and_a_bad_status_is_refused() -> None:
    from offline_cache.wire import WireError

    old = {"number": "A001", "service": "A", "window": 3, "called_at": iso(T0)}
    assert QueueCall.from_dict(old).status == "called"
    with pytest.raises(WireError):
        QueueCall.from_dict({**old, "status": "gone"})
