"""Catalog versions on the hub: publishing a feed as a new numbered version, and the
changes since a version a terminal holds.

Items are stored by ``task_code`` with the version in which each last changed (a digest
of its JSON tells a changed item from an unchanged one) and tombstones for removed
ones, so ``changes(since=V)`` reads only what changed after V: a 100-item delta of a
100,000-item catalog sends 100 items. A terminal whose version the hub never published
(0, another hub's, newer than the hub's) gets the whole catalog, paged by code.

The hub checks a feed only shallowly (``offline_cache.wire.catalog``; ``kiosk hub
catalog publish`` runs the import's full checks first); the terminal checks every field
when it applies the changes, all or nothing. A feed that would remove more than half of
the published items, or all of them, is refused like an import (issue 17) unless the
publisher says ``allow_shrink``; such a version is marked (``"shrink_allowed": true`` in
its ``rest``) and the mark travels with the changes, so terminals, which apply the same
guard, accept it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.errors import KeyedError
from hub import db
from hub.store import upsert
from hub.tables import catalog_items, catalog_versions
from offline_cache.wire.catalog import check_feed

PAGE = 5000
BATCH = 2000


class CatalogVersionError(KeyedError, ValueError):
    """A feed that cannot become the next version (key ``catalog.version_not_newer``)."""

    def __init__(self, version: int, current: int) -> None:
        self.version, self.current = version, current
        super().__init__("catalog.version_not_newer", version=version, current=current)

    def one_line(self) -> str:
        return (
            f"catalog.version_not_newer: the feed's catalog_version {self.version} "
            f"is not newer than the published {self.current}"
        )


class CatalogShrinkError(KeyedError, ValueError):
    """A feed that would remove most of the published items (key ``catalog.import.shrinks``)."""

    def __init__(self, removed: int, before: int, after: int) -> None:
        self.removed, self.before, self.after = removed, before, after
        super().__init__("catalog.import.shrinks", removed=removed, before=before, after=after)

    def one_line(self) -> str:
        return (
            f"catalog.import.shrinks: the feed would remove {self.removed} of the {self.before} published "
            f"items ({self.after} left); nothing was published: pass --allow-shrink if that is intended"
        )


SHRINK_MARK = "shrink_allowed"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def publish(engine: Engine, doc: Any, now: float, *, allow_shrink: bool = False) -> dict[str, int]:
    """Make ``doc`` (a catalog feed) the newest version, in one transaction.

    Args:
        engine: the hub's database.
        doc: the feed document.
        now: the publishing time.
        allow_shrink: publish even when the feed removes more than half of the
            published items (or all); terminals are told to accept it too.

    Returns:
        ``{"version", "items", "changed", "removed"}``.

    Raises:
        WireError: the feed is malformed (the field named); CatalogVersionError: its
            ``catalog_version`` is not above the newest published one;
            CatalogShrinkError: it would remove most items. Nothing changed.
    """
    feed = check_feed(doc)
    texts = {
        code: json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        for code, item in feed.items.items()
    }
    with db.write(engine) as conn:
        current = conn.execute(sa.select(sa.func.max(catalog_versions.c.version))).scalar()
        if current is not None and feed.version <= current:
            raise CatalogVersionError(feed.version, current)
        known = {
            r.task_code: (r.digest, r.deleted)
            for r in conn.execute(sa.select(catalog_items.c.task_code, catalog_items.c.digest, catalog_items.c.deleted))
        }
        changed = []
        for code, text in texts.items():
            digest = _digest(text)
            was = known.get(code)
            if was is None or was[1] or was[0] != digest:
                changed.append(
                    {"task_code": code, "changed_in": feed.version, "deleted": False, "digest": digest, "data": text}
                )
        removed = [
            {"task_code": code, "changed_in": feed.version, "deleted": True, "digest": "", "data": None}
            for code, (_, deleted) in known.items()
            if not deleted and code not in texts
        ]
        live = sum(1 for _, deleted in known.values() if not deleted)
        shrinks = bool(live) and (len(removed) * 2 > live or not texts)
        if shrinks and not allow_shrink:
            raise CatalogShrinkError(len(removed), live, len(texts))
        rest = {**feed.rest, SHRINK_MARK: True} if shrinks else feed.rest
        rows = changed + removed
        if rows:
            stmt = upsert(conn, catalog_items)
            stmt = stmt.on_conflict_do_update(
                index_elements=["task_code"],
                set_={c: stmt.excluded[c] for c in ("changed_in", "deleted", "digest", "data")},
            )
            for start in range(0, len(rows), BATCH):
                conn.execute(stmt, rows[start : start + BATCH])
        conn.execute(
            catalog_versions.insert().values(
                version=feed.version,
                published_at=now,
                items=len(texts),
                changed=len(changed),
                removed=len(removed),
                rest=json.dumps(rest, ensure_ascii=False),
            )
        )
    return {"version": feed.version, "items": len(texts), "changed": len(changed), "removed": len(removed)}


def versions(engine: Engine) -> list[dict[str, Any]]:
    with db.read(engine) as conn:
        rows = conn.execute(
            sa.select(
                catalog_versions.c.version,
                catalog_versions.c.published_at,
                catalog_versions.c["items"],
                catalog_versions.c.changed,  # .items is the collection's method
                catalog_versions.c.removed,
            ).order_by(catalog_versions.c.version.desc())
        ).all()
    return [dict(r._mapping) for r in rows]


def changes_json(engine: Engine, since: int, after: str | None, limit: int = PAGE) -> str | None:
    """One page of changes since ``since`` as JSON text (None: nothing published yet).

    The items' stored JSON is spliced in as it is (no decoding of 100,000 items per
    full sync).
    """
    with db.read(engine) as conn:
        top = conn.execute(
            sa.select(catalog_versions.c.version, catalog_versions.c.rest)
            .order_by(catalog_versions.c.version.desc())
            .limit(1)
        ).first()
        if top is None:
            return None
        full = (
            since == 0
            or conn.execute(sa.select(catalog_versions.c.version).where(catalog_versions.c.version == since)).first()
            is None
        )
        head = {"version": top.version, "since": 0 if full else since, "full": full}
        if not full and since == top.version:
            return json.dumps({**head, "upserts": [], "removals": [], "rest": None, "next": None})
        q = sa.select(catalog_items.c.task_code, catalog_items.c.deleted, catalog_items.c.data)
        q = q.where(catalog_items.c.deleted.is_(False)) if full else q.where(catalog_items.c.changed_in > since)
        if after is not None:
            q = q.where(catalog_items.c.task_code > after)
        rows = conn.execute(q.order_by(catalog_items.c.task_code).limit(limit)).all()
        rest = top.rest if after is None else "null"
        if after is None and _shrink_allowed_since(conn, 0 if full else since):
            rest = json.dumps({**json.loads(top.rest), SHRINK_MARK: True}, ensure_ascii=False)
    upserts = ",".join(r.data for r in rows if not r.deleted)
    removals = json.dumps([r.task_code for r in rows if r.deleted])
    after_next = json.dumps(rows[-1].task_code if len(rows) == limit else None)
    return (
        json.dumps(head)[:-1] + f', "upserts": [{upserts}], "removals": {removals}, '
        f'"rest": {rest}, "next": {after_next}}}'
    )


def _shrink_allowed_since(conn: sa.Connection, since: int) -> bool:
    """Was a version after ``since`` published with ``allow_shrink``? Then the terminal
    may accept the catalog shrinking (its own guard would refuse it otherwise)."""
    marked = conn.execute(
        sa.select(sa.func.count())
        .select_from(catalog_versions)
        .where(catalog_versions.c.version > since, catalog_versions.c.rest.like(f'%"{SHRINK_MARK}": true%'))
    ).scalar()
    return bool(marked)
