"""The kiosk's ticket leases in the outbox's file (real SQLite files): numbers handed out
in order, never twice (not across a reopening, not when the record cannot be stored),
not after the lease expires; a person's offline ticket found again."""

from __future__ import annotations

from pathlib import Path

import pytest

from offline_cache.outbox import Outbox, StorageError
from offline_cache.outbox.leases import LeaseBook, LeaseEmpty
from offline_cache.wire import WireError
from offline_cache.wire.lease import Lease, OfflineTicket

T0 = 1_764_900_000.0


def lease(first: int = 1, last: int = 3, service: str = "A", day: str = "2026-12-05", **kw) -> Lease:
    return Lease(
        id=kw.pop("id", f"{service}{first:031d}"),
        service=service,
        prefix=service,
        day=day,
        first=first,
        last=last,
        expires_at=kw.pop("expires_at", T0 + 3600),
    )


def test_numbers_go_out_in_order_once_with_their_records(tmp_path: Path) -> None:
    with Outbox(tmp_path) as outbox:
        book = LeaseBook(outbox)
        assert book.add(lease(1, 2)) and not book.add(lease(1, 2))  # the same lease again: nothing new
        book.add(lease(41, 41))
        assert book.remaining("A", T0) == 3
        issued = [book.issue("A", now=T0 + i, person=None) for i in range(3)]
        assert [i.number for i in issued] == ["A001", "A002", "A041"]
        with pytest.raises(LeaseEmpty):
            book.issue("A", now=T0 + 9)
        records = outbox.records()
        assert [r.id for r in records] == [i.record_id for i in issued] and {r.kind for r in records} == {"ticket"}
        body, _ = outbox.open(issued[2].record_id)
        assert OfflineTicket.from_dict(body) == OfflineTicket(lease(41, 41).id, "A", 41, T0 + 2)
        assert "person" not in records[0].summary  # the person key is sealed, never summarised


def test_a_reopened_book_carries_on_and_an_expired_lease_is_not_used(tmp_path: Path) -> None:
    with Outbox(tmp_path) as outbox:
        LeaseBook(outbox).add(lease(1, 5))
        assert LeaseBook(outbox).issue("A", now=T0).number == "A001"
    with Outbox(tmp_path) as outbox:  # the kiosk restarted
        book = LeaseBook(outbox)
        assert book.issue("A", now=T0).number == "A002"
        with pytest.raises(LeaseEmpty):
            book.issue("A", now=T0 + 3600)  # the lease ended with its service day
        assert book.forget_expired(T0 + 3600) == 1 and book.leases() == []


def test_a_record_that_cannot_be_stored_uses_no_number(tmp_path: Path) -> None:
    with Outbox(tmp_path) as outbox:
        book = LeaseBook(outbox)
        book.add(lease(1, 3))
        with pytest.raises(Exception) as caught:  # a person key the outbox cannot hold
            book.issue("A", now=T0, person="x" * 10 + "\ud800")
        assert not isinstance(caught.value, LeaseEmpty)
        assert outbox.records() == [] and book.leases()[0]["next"] == 1
        assert book.issue("A", now=T0).number == "A001"


def test_the_same_number_cannot_be_stored_twice(tmp_path: Path) -> None:
    with Outbox(tmp_path) as outbox:
        book = LeaseBook(outbox)
        book.add(lease(1, 3))
        book.issue("A", now=T0)
        # Another lease naming the same numbers (a hub's bug, or a restored backup).
        book.add(lease(1, 3, id="B" * 32))
        outbox.conn.execute("UPDATE leases SET next = 4 WHERE id = ?", (lease(1, 3).id,))
        with pytest.raises(StorageError):
            book.issue("A", now=T0)
        assert len(outbox.records()) == 1


def test_a_persons_offline_ticket_is_found_while_its_lease_holds(tmp_path: Path) -> None:
    with Outbox(tmp_path) as outbox:
        book = LeaseBook(outbox)
        book.add(lease(1, 3))
        first = book.issue("A", now=T0, person="person-key-1")
        held = book.held("person-key-1", "A", T0 + 5)
        assert held is not None and (held.record_id, held.number) == (first.record_id, "A001")
        assert book.held("person-key-1", "B", T0 + 5) is None and book.held("person-key-2", "A", T0 + 5) is None
        assert book.held("person-key-1", "A", T0 + 3600) is None  # a new service day


@pytest.mark.parametrize(
    "change",
    [{"n": 0}, {"issued_at": "now"}, {"priority": "appointment"}, {"person": "short"}, {"lease": ""}],
)
def test_a_bad_offline_ticket_body_is_refused(change: dict) -> None:
    good = OfflineTicket("L" * 32, "A", 1, T0, "elderly", "person-key-1").to_dict()
    assert OfflineTicket.from_dict(good).to_dict() == good
    with pytest.raises(WireError):
        OfflineTicket.from_dict({**good, **change})
