"""An item's own words beyond its name, for the search index's ``context`` column.

Citizens rarely say an item's official name; they say what they need (开饭馆) or what
happened (老人去世了). The catalog already says much of it in the item's other fields:
materials, conditions, legal basis, frequently asked questions, and the bundles (一件事)
and life-event topics it belongs to. These texts are squashed into one string that search
matches query pieces against, weighted below the name. Pure functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from offline_cache.catalog import departments as dept
from offline_cache.catalog.index import squash

PIECE_MAX = 160  # characters kept of each long text (a legal basis runs to pages)


def bundle_texts(bundles: Iterable[dict[str, Any]]) -> dict[str, list[str]]:
    """task_code -> names and descriptions of the bundles that item belongs to."""
    out: dict[str, list[str]] = {}
    for b in bundles:
        for code in b.get("item_codes", ()):
            out.setdefault(code, []).extend([b["name"], b.get("description") or ""])
    return out


def dept_names(name: str) -> list[str]:
    """The department as people say it, derived from its official name:
    西安市人力资源和社会保障局 -> 人社局, 人社."""
    short = dept.canon(name)
    return [short, dept.bare(short)]


def texts(item: dict[str, Any], topic_names: list[str], bundles: list[str]) -> list[str]:
    """The item's own texts, most telling first (each squashed and cut to PIECE_MAX)."""
    raw = [
        item["dept_name"],
        *dept_names(item["dept_name"]),
        item["group_name"],
        item["result_name"],
        *topic_names,
        *bundles,
        *(m.get("material_name", "") for m in item.get("materials", ())),
        *(q.get("question", "") for q in item.get("faq", ())),
        item.get("accept_condition", ""),
        item.get("by_law", ""),
    ]
    return list(dict.fromkeys(s for s in (squash(r or "")[:PIECE_MAX] for r in raw) if s))
