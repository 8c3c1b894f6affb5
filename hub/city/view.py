"""The city's view of every hall and station now (``/city`` and
``GET /api/v1/city/halls``): the registry and link, each hall's terminals up and down
and with paper low, its catalog version (and a refused one), waiting now and today's
tickets from its newest snapshot, today's cases and ratings, and its rectifications.
Filterable by district and level. No personal data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from hub.city import overview, registry, report

STALE_S = 120.0  # a snapshot older than four of the hall's 30 s rounds: the hall is away
PAPER_LOW = "printer.paper_low"


def halls(engine: Engine, now: float, *, district: str | None = None, level: str | None = None) -> list[dict[str, Any]]:
    """``overview.halls`` filtered, each with its ``figures`` (see the module)."""
    today = datetime.fromtimestamp(now, report.CST).date()
    rows = [
        h
        for h in overview.halls(engine, today)
        if (not district or h["district"] == district) and (not level or h["level"] == level)
    ]
    daily = {r["code"]: r for r in report.build(engine, report.Period(today.isoformat(), today, today), today)}
    for h in rows:
        h["figures"] = _figures(h, daily.get(h["code"], {}), now)
    return rows


def _figures(h: dict[str, Any], day: dict[str, Any], now: float) -> dict[str, Any]:
    snap = h["snapshot"] or {}
    terminals = snap.get("terminals", [])
    online = h["snapshot_at"] is not None and now - h["snapshot_at"] <= STALE_S
    # The hall's own service day (it may start at 04:00): its figures while it is heard.
    counts = snap.get("queue", {}).get("counts", {}) if online else {}
    catalog = snap.get("catalog") or {}
    return {
        "online": online,
        "terminals_up": sum(1 for t in terminals if t.get("up", True)),
        "terminals_down": sum(1 for t in terminals if not t.get("up", True)),
        "paper_low": sum(1 for t in terminals if PAPER_LOW in t.get("keys", [])),
        "catalog_version": catalog.get("version"),
        "catalog_refused": catalog.get("refused"),
        "waiting": counts.get("waiting", 0),
        "tickets_today": sum(counts.values()),
        "cases_today": day.get("cases", 0),
        "ratings_today": day.get("ratings", 0),
        "satisfaction_today": day.get("satisfaction"),
    }


def choices(engine: Engine) -> dict[str, list[str]]:
    """The districts and levels present, for the page's filters."""
    rows = [h.to_dict() for h in registry.list_all(engine)]
    return {
        "districts": sorted({h["district"] for h in rows if h["district"]}),
        "levels": [
            lv for lv in ("city", "district", "street", "community", "post") if any(h["level"] == lv for h in rows)
        ],
    }
