"""Write the stored catalog back out as a feed document (docs/catalog-feed.md).

The hub publishes what it holds this way; importing the export gives the same catalog.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from offline_cache.catalog import fields as F
from offline_cache.catalog import reader
from offline_cache.catalog.validate import FEED_VERSION, FORMAT


def _pick(rec: dict[str, Any], specs: dict[str, F.Spec]) -> dict[str, Any]:
    out = {}
    for name in specs:
        value = rec[name]
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def export_feed(conn: sqlite3.Connection) -> dict[str, Any]:
    """The whole stored catalog as a feed document (items in frequency-rank order)."""
    meta = reader.meta(conn)
    items = []
    for (code,) in conn.execute("SELECT task_code FROM items ORDER BY id").fetchall():
        rec = reader.item(conn, code)
        item = {**_pick(rec, F.ITEM), **_pick(rec, F.ITEM_LISTS)}
        item["materials"] = [_pick(m, F.MATERIAL) for m in rec["materials"]]
        item["fees"] = [_pick(f, F.FEE) for f in rec["fees"]]
        item["faq"] = [_pick(q, F.FAQ) for q in rec["faq"]]
        items.append(item)
    halls = []
    for h in reader.halls(conn):
        hall = _pick(h, F.HALL)
        hall["opening_hours"] = {d: h[f"hours_{d}"] for d in F.HOURS}
        halls.append(hall)
    bundles = [{**_pick(b, F.BUNDLE), "item_codes": list(b["item_codes"])} for b in reader.bundles(conn)]
    return {
        "format": FORMAT,
        "feed_version": FEED_VERSION,
        "catalog_version": int(meta.get("catalog_version", 0)),
        "source": meta.get("source", ""),
        "sample_data": meta.get("sample_data") == "1",
        "departments": [_pick(d, F.DEPARTMENT) for d in reader.departments(conn)],
        "topics": [_pick(t, F.TOPIC) for t in reader.topics(conn, None)],
        "halls": halls,
        "items": items,
        "bundles": bundles,
    }
