"""Phrases from the core (message key + values) in the current language's words."""

from __future__ import annotations

from kiosk.catalog import phrases
from kiosk.catalog.types import Hall, ItemGuide, Material
from ui.i18n import tr


def material_line(i: int, m: Material) -> str:
    """``1. 居民身份证（必要、原件）``."""
    return tr("material.line", i=i, name=m.material_name, tags=phrases.join(phrases.material_tags(m), tr))


def time_limit_text(g: ItemGuide) -> str:
    return phrases.join(phrases.time_limit(g), tr, "sep.clause")


def hours_text(hall: Hall) -> str:
    """``工作日 09:00-17:00 · 周六 09:00-16:00 · 24小时自助区``."""
    return phrases.join(phrases.hall_hours(hall), tr, "sep.hours")


def data_name(kind: str, code: str, name: str) -> str:
    """A topic's or a bundle's name (``kind`` "topic" / "bundle"): the catalog's own in
    Chinese; in another language the messages' ``<kind>.<code>`` when they have one, else
    the catalog's (data with no English stays as it is, docs/languages.md)."""
    from ui import i18n

    key = f"{kind}.{code}"
    if i18n.language() == "zh_CN" or not i18n.has(key):
        return name
    return tr(key)
