"""Catalog versions down the tree, the hall's side: the hall hub's uplink asks the
city for its newest version and, when it is one the hall has not handled, fetches the
whole feed and publishes it locally (``hub.catalog.publish``: the terminals then get
it through their catalog sync). A version the hall refuses (malformed, or not newer
than one the hall published itself) changes nothing at the hall; the refusal rides up
in the hall's snapshot, so the city sees which halls refused which version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from common.errors import key_of
from hub import catalog, db
from hub.tables import catalog_versions
from offline_cache.wire import WireError


@dataclass
class CatalogState:
    """What this hub process did with the city's versions (memory: after a restart the
    newest city version is looked at once more, which is harmless)."""

    handled: int | None = None  # the newest city version applied or refused
    refused: dict[str, Any] | None = field(default=None)  # {"version", "error"} of the last refusal

    def summary(self, engine: Engine) -> dict[str, Any]:
        """The part of the hall's snapshot about its catalog."""
        return {"version": local_version(engine), "city_version": self.handled, "refused": self.refused}


def local_version(engine: Engine) -> int | None:
    with db.read(engine) as conn:
        return conn.execute(sa.select(sa.func.max(catalog_versions.c.version))).scalar()


def has_version(engine: Engine, version: int) -> bool:
    with db.read(engine) as conn:
        return (
            conn.execute(sa.select(catalog_versions.c.version).where(catalog_versions.c.version == version)).first()
            is not None
        )


def apply(engine: Engine, state: CatalogState, version: int, doc: Any, now: float) -> bool:
    """Publish the city's feed ``doc`` (its version ``version``) at the hall, all or
    nothing; True when it became the hall's version."""
    try:
        if not isinstance(doc, dict) or doc.get("catalog_version") != version:
            raise WireError("catalog_version", f"not the announced {version}")
        # The city's operator decided on a shrink (``--allow-shrink``): its mark travels in
        # the feed, and the hall follows it (its own guard refuses any other shrink).
        catalog.publish(engine, doc, now, allow_shrink=doc.get(catalog.SHRINK_MARK) is True)
    except ValueError as exc:  # WireError, CatalogVersionError, and any guard publish gains later
        key = key_of(exc, default="catalog.refused")
        text = str(exc) if str(exc).startswith(key) else f"{key}: {exc}"
        state.refused = {"version": version, "error": text[:200]}
        state.handled = version
        return False
    state.handled, state.refused = version, None
    return True
