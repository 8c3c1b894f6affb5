"""Catalog versions down the tree on real (SQLite) databases: the city's shrink guard and
whole-feed export, the hall taking a version all or nothing, and the snapshot's catalog
part checked at the city."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub import catalog, db
from hub.city import catalog_city, catalog_hall
from hub.city.errors import CityError
from hub.city.wire import check_snapshot
from tests.feeds import tiny_feed


@pytest.fixture
def city(tmp_path: Path):
    engine = db.make_engine(tmp_path / "city.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def hall(tmp_path: Path):
    engine = db.make_engine(tmp_path / "hall.sqlite", pool_size=2)
    db.migrate(engine)
    yield engine
    engine.dispose()


def test_the_city_refuses_a_shrinking_version_unless_allowed(city) -> None:
    feed = tiny_feed()
    catalog_city.publish(city, feed, 1.0)
    small = {**feed, "catalog_version": 8, "items": feed["items"][:1]}
    with pytest.raises(CityError) as caught:
        catalog_city.publish(city, small, 2.0)
    assert caught.value.code == "city.catalog.shrinks" and catalog_city.head(city) == 7
    assert catalog_city.publish(city, small, 2.0, allow_shrink=True)["removed"] == 2
    with pytest.raises(CityError) as caught:
        catalog_city.publish(city, small, 3.0)
    assert caught.value.code == "city.catalog.not_newer"


def test_the_city_feed_is_the_whole_version_and_a_hall_publishes_it(city, hall) -> None:
    catalog_city.publish(city, tiny_feed(), 1.0)
    doc = json.loads(catalog_city.feed_json(city) or "null")
    assert doc["catalog_version"] == 7 and doc["topics"] == tiny_feed()["topics"]
    state = catalog_hall.CatalogState()
    assert catalog_hall.apply(hall, state, 7, doc, 5.0)
    assert [v["version"] for v in catalog.versions(hall)] == [7]
    assert state.summary(hall) == {"version": 7, "city_version": 7, "refused": None}


def test_a_shrink_the_city_allowed_is_taken_by_the_hall_and_no_other(city, hall) -> None:
    # The hall's own publish refuses a shrink; the city operator's --allow-shrink travels
    # in the feed as the version's mark, and only then does the hall follow.
    feed = tiny_feed()
    catalog_city.publish(city, feed, 1.0)
    state = catalog_hall.CatalogState()
    assert catalog_hall.apply(hall, state, 7, json.loads(catalog_city.feed_json(city) or "null"), 2.0)
    small = {**feed, "catalog_version": 8, "items": feed["items"][:1]}
    unmarked = {**small}
    assert not catalog_hall.apply(hall, state, 8, unmarked, 3.0)
    assert state.refused is not None and "catalog.import.shrinks" in state.refused["error"]
    catalog_city.publish(city, small, 4.0, allow_shrink=True)
    doc = json.loads(catalog_city.feed_json(city) or "null")
    assert doc[catalog.SHRINK_MARK] is True
    assert catalog_hall.apply(hall, state, 8, doc, 5.0)
    assert sorted(v["version"] for v in catalog.versions(hall)) == [7, 8] and state.refused is None


@pytest.mark.parametrize(
    ("doc", "why"),
    [
        ({**tiny_feed(), "catalog_version": 9}, "not the announced 7"),  # the city moved on meanwhile
        ({**tiny_feed(), "items": [{"task_name": "no code"}]}, "wire.invalid"),
        ([], "catalog_version"),
    ],
)
def test_a_hall_refuses_a_bad_version_and_keeps_what_it_had(hall, doc, why) -> None:
    catalog.publish(hall, {**tiny_feed(), "catalog_version": 3}, 1.0)
    state = catalog_hall.CatalogState()
    assert not catalog_hall.apply(hall, state, 7, doc, 5.0)
    assert [v["version"] for v in catalog.versions(hall)] == [3]
    assert state.refused is not None and state.refused["version"] == 7 and why in state.refused["error"]
    assert state.handled == 7  # not fetched again every round


def test_the_snapshot_catalog_part_is_checked() -> None:
    base = {"terminals": [], "queue": {"counts": {}}}
    assert check_snapshot(base)["catalog"] is None  # a hall hub from before catalogs down the tree
    good = {"version": 7, "city_version": 7, "refused": {"version": 8, "error": "x" * 500}}
    assert len(check_snapshot({**base, "catalog": good})["catalog"]["refused"]["error"]) == 200
    for bad in ({"version": "7"}, {"version": 1, "refused": {"version": 2}}, []):
        with pytest.raises(CityError) as caught:
            check_snapshot({**base, "catalog": bad})
        assert caught.value.code == "city.request.invalid"
