"""The sync messages of offline_cache.wire: cases, heartbeats, catalog feeds and pages."""

from __future__ import annotations

import math

import pytest

from offline_cache.wire import WireError
from offline_cache.wire.cases import NEXT_STATUSES, CaseSubmission, CaseUpdate, StatusChange
from offline_cache.wire.catalog import ChangesPage, check_feed
from offline_cache.wire.heartbeat import Heartbeat

CASE = {"task_code": "T1", "terminal_id": "k", "hall_code": "H", "area_code": "", "applicant": {}, "values": {}}


def test_a_case_round_trips_and_bad_fields_are_named() -> None:
    assert CaseSubmission.from_dict(CASE).to_dict() == CASE
    for bad, where in (
        ({**CASE, "task_code": "x" * 37}, "task_code"),
        ({**CASE, "task_code": " T1"}, "task_code"),
        ({**CASE, "applicant": []}, "applicant"),
        ({k: v for k, v in CASE.items() if k != "values"}, "values"),
    ):
        with pytest.raises(WireError) as exc:
            CaseSubmission.from_dict(bad)
        assert exc.value.field == where


def test_statuses_move_forward_only() -> None:
    assert StatusChange.from_dict({"status": "accepted"}).note == ""
    with pytest.raises(WireError):
        StatusChange.from_dict({"status": "submitted"})
    assert NEXT_STATUSES["finished"] == () and NEXT_STATUSES["rejected"] == ()
    assert "finished" in NEXT_STATUSES["in_progress"]
    with pytest.raises(WireError):
        CaseUpdate.from_dict({"record_id": "r", "case_number": "n", "status": "accepted", "at": math.nan})


def test_heartbeats_keep_states_and_refuse_garbage() -> None:
    beat = Heartbeat.from_dict(
        {"sent_at": 1, "health": {"printer": "ok", "cam": {"state": "weird"}}, "outbox": {"waiting": 2, "dead": 0}}
    )
    assert beat.devices == {"printer": {"state": "ok"}, "cam": {"state": "unknown"}} and beat.oldest_waiting_s is None
    for bad in (
        {"sent_at": True, "health": {}, "outbox": {"waiting": 0, "dead": 0}},
        {"sent_at": 1, "health": {"p": {"key": 5}}, "outbox": {"waiting": 0, "dead": 0}},
        {"sent_at": 1, "health": {}, "outbox": {"waiting": -1, "dead": 0}},
        {"sent_at": 1, "health": {f"d{i}": "ok" for i in range(65)}, "outbox": {"waiting": 0, "dead": 0}},
    ):
        with pytest.raises(WireError):
            Heartbeat.from_dict(bad)


def test_feeds_are_checked_shallowly_and_pages_whole() -> None:
    feed = {
        "format": "hall-kiosk-catalog-feed",
        "feed_version": 1,
        "catalog_version": 3,
        "items": [{"task_code": "A"}, {"task_code": "B", "anything": [1]}],
        "bundles": None,
    }
    checked = check_feed(feed)
    assert checked.version == 3 and list(checked.items) == ["A", "B"] and checked.rest["bundles"] == []
    for bad, where in (
        ({**feed, "format": "x"}, "format"),
        ({**feed, "catalog_version": 0}, "catalog_version"),
        ({**feed, "items": [{"task_code": "A"}, {"task_code": "A"}]}, "items[1].task_code"),
        ({**feed, "items": [{}]}, "items[0].task_code"),
        ({**feed, "topics": [1]}, "topics"),
    ):
        with pytest.raises(WireError) as exc:
            check_feed(bad)
        assert exc.value.field == where
    page = {
        "version": 3,
        "since": 2,
        "full": False,
        "upserts": [{"task_code": "A"}],
        "removals": ["B"],
        "rest": None,
        "next": None,
    }
    assert ChangesPage.from_dict(page).removals == ["B"]
    for bad in ({**page, "removals": [5]}, {**page, "upserts": [{"no": "code"}]}, {**page, "full": "no"}):
        with pytest.raises(WireError):
            ChangesPage.from_dict(bad)
