"""Catalog versions down the tree, the city's side: the city publishes a feed once
(``kiosk hub city catalog publish FILE``) and every linked hall hub pulls it.

The city's version is kept in the city hub's own catalog tables with the hall's
publish (``hub.catalog.publish``: the same validation, version rule and
shrink guard: a feed that would remove more than half of the live
items is refused unless the operator says ``--allow-shrink`` (a truncated export must
not empty every hall of the city at once).
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import catalog, db
from hub.city.errors import CityError
from hub.tables import catalog_items, catalog_versions
from offline_cache.wire import WireError
from offline_cache.wire.catalog import FEED_VERSION, FORMAT, check_feed


def check(doc: Any) -> None:
    """Refuse a malformed feed before any database is opened (``city.catalog.malformed``)."""
    try:
        check_feed(doc)
    except WireError as exc:
        raise CityError("city.catalog.malformed", f"the feed is malformed: {exc}") from None


def publish(engine: Engine, doc: Any, now: float, *, allow_shrink: bool = False) -> dict[str, int]:
    """Make ``doc`` the city's newest catalog version for every hall.

    Returns:
        ``{"version", "items", "changed", "removed"}`` as ``hub.catalog.publish``.

    Raises:
        CityError: ``city.catalog.malformed`` (the field named), ``.not_newer``,
            ``.shrinks`` (without ``allow_shrink``). Nothing changed.
    """
    try:
        feed = check_feed(doc)
    except WireError as exc:
        raise CityError("city.catalog.malformed", f"the feed is malformed: {exc}") from None
    try:
        # The hall's publish holds the shrink guard (one rule for halls and the city); a
        # version published with allow_shrink carries the mark down to halls and terminals.
        return catalog.publish(engine, doc, now, allow_shrink=allow_shrink)
    except catalog.CatalogShrinkError as exc:
        raise CityError(
            "city.catalog.shrinks",
            f"version {feed.version} keeps {exc.after} of the {exc.before} published items; "
            "if that is meant, publish again with --allow-shrink",
        ) from None
    except catalog.CatalogVersionError as exc:
        raise CityError(
            "city.catalog.not_newer", f"version {exc.version} is not newer than the published {exc.current}", 409
        ) from None


def head(engine: Engine) -> int | None:
    """The city's newest catalog version (None: nothing published)."""
    with db.read(engine) as conn:
        return conn.execute(sa.select(sa.func.max(catalog_versions.c.version))).scalar()


def feed_json(engine: Engine) -> str | None:
    """The newest version as a whole feed document (docs/catalog-feed.md), as JSON text:
    the items' stored JSON is spliced in undecoded (100,000 items stay cheap)."""
    with db.read(engine) as conn:
        top = conn.execute(
            sa.select(catalog_versions.c.version, catalog_versions.c.rest)
            .order_by(catalog_versions.c.version.desc())
            .limit(1)
        ).first()
        if top is None:
            return None
        items = conn.execute(
            sa.select(catalog_items.c.data)
            .where(catalog_items.c.deleted.is_(False))
            .order_by(catalog_items.c.task_code)
        ).scalars()
        body = ",".join(items)
    rest = json.loads(top.rest or "{}")
    head_doc = {"format": FORMAT, "feed_version": FEED_VERSION, "catalog_version": top.version, **rest}
    return json.dumps(head_doc, ensure_ascii=False)[:-1] + f', "items": [{body}]}}'
