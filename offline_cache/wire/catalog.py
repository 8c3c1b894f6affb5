"""Catalog versions on the wire: the feed the hub publishes and the changes it sends.

The hub checks a feed only *shallowly* (the document's shape, the version, every item's
``task_code`` present and unique): what it stores per item is opaque JSON. The terminal
checks every field when it applies the changes (``offline_cache.catalog.validate``), in
one transaction, so a bad item changes nothing there.

A change set (``GET /api/v1/catalog/changes?since=V``)::

    {"version": 2026120201, "since": 2026112601, "full": false,
     "upserts": [{...item...}], "removals": ["1161..."],
     "rest": {"source": ..., "sample_data": true, "departments": [...], "topics": [...],
              "halls": [...], "bundles": [...]},
     "next": null}

``full`` means: this is the whole catalog (``since`` was 0, unknown or older than the
hub keeps); ``next`` is a page cursor (``&after=CODE``) while more items follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from offline_cache.wire import _check as c
from offline_cache.wire.errors import WireError

FORMAT = "hall-kiosk-catalog-feed"
FEED_VERSION = 1
MAX_ITEMS = 500_000
REST_LISTS = ("departments", "topics", "halls", "bundles")
MAX_VERSION = 2**62


@dataclass(frozen=True)
class PublishedFeed:
    """A feed checked for publishing: its version, items by code, and the rest."""

    version: int
    items: dict[str, dict[str, Any]]
    rest: dict[str, Any]


def check_feed(doc: Any) -> PublishedFeed:
    """The shallow check of a feed document before the hub publishes it.

    Raises:
        WireError: naming the field at fault (``items[12].task_code``: duplicate ...).
    """
    d = c.mapping(doc)
    if d.get("format") != FORMAT:
        raise WireError("format", f"not {FORMAT!r}")
    if d.get("feed_version") != FEED_VERSION:
        raise WireError("feed_version", f"not {FEED_VERSION}")
    version = c.integer(d, "catalog_version", low=1, high=MAX_VERSION)
    items_in = c.get(d, "items", "")
    if not isinstance(items_in, list):
        raise WireError("items", "not a list")
    if len(items_in) > MAX_ITEMS:
        raise WireError("items", f"more than {MAX_ITEMS}")
    items: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(items_in):
        where = f"items[{i}]"
        item = c.mapping(item, where)
        code = _code(item, where)
        if code in items:
            raise WireError(f"{where}.task_code", f"duplicate {code!r}")
        items[code] = dict(item)
    rest: dict[str, Any] = {
        "source": d.get("source") if isinstance(d.get("source"), str) else "",
        "sample_data": d.get("sample_data") is True,
    }
    for name in REST_LISTS:
        value = d.get(name)
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise WireError(name, "not a list of objects")
        rest[name] = [dict(v) for v in value]
    return PublishedFeed(version, items, rest)


@dataclass(frozen=True)
class CatalogChanges:
    """What changed since the terminal's version (the pages put together)."""

    version: int
    full: bool
    upserts: list[dict[str, Any]] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)
    rest: dict[str, Any] | None = None

    def to_feed(self) -> dict[str, Any]:
        """A full change set as a feed document (the terminal imports it whole)."""
        rest = self.rest or {}
        return {
            "format": FORMAT,
            "feed_version": FEED_VERSION,
            "catalog_version": self.version,
            "source": rest.get("source", ""),
            "sample_data": bool(rest.get("sample_data")),
            **{name: list(rest.get(name, [])) for name in REST_LISTS},
            "items": list(self.upserts),
        }


@dataclass(frozen=True)
class ChangesPage:
    """One page of ``/api/v1/catalog/changes``."""

    version: int
    since: int
    full: bool
    upserts: list[dict[str, Any]]
    removals: list[str]
    rest: dict[str, Any] | None
    next: str | None

    @classmethod
    def from_dict(cls, d: Any, where: str = "") -> ChangesPage:
        d = c.mapping(d, where)
        version = c.integer(d, "version", where, low=0, high=MAX_VERSION)
        since = c.integer(d, "since", where, low=0, high=MAX_VERSION)
        full = c.boolean(d, "full", where)
        ups = c.get(d, "upserts", where)
        rems = c.get(d, "removals", where)
        if not isinstance(ups, list):
            raise WireError(c._path(where, "upserts"), "not a list")
        if not isinstance(rems, list) or not all(isinstance(r, str) and 0 < len(r) <= 36 for r in rems):
            raise WireError(c._path(where, "removals"), "not a list of codes")
        upserts = []
        for i, item in enumerate(ups):
            item = c.mapping(item, f"upserts[{i}]")
            _code(item, f"upserts[{i}]")
            upserts.append(dict(item))
        rest = d.get("rest")
        if rest is not None:
            rest = dict(c.mapping(rest, c._path(where, "rest")))
        after = c.text(d, "next", where, optional=True, max_len=36)
        return cls(version, since, full, upserts, list(rems), rest, after)


def _code(item: Mapping[str, Any], where: str) -> str:
    code = item.get("task_code")
    if not isinstance(code, str) or not 0 < len(code) <= 36 or not code.isprintable() or code != code.strip():
        raise WireError(f"{where}.task_code", "missing or not a code of 1-36 characters")
    return code
