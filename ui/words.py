"""Phrases from the core (message key + values) in the current language's words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import tr

if TYPE_CHECKING:  # the catalog's types and phrases load with the first guide, not the header
    from kiosk.catalog.types import Hall, ItemGuide, Material


def material_line(i: int, m: Material) -> str:
    """``1. 居民身份证（必要、原件）``."""
    from kiosk.catalog import phrases

    return tr("material.line", i=i, name=m.material_name, tags=phrases.join(phrases.material_tags(m), tr))


def time_limit_text(g: ItemGuide) -> str:
    from kiosk.catalog import phrases

    return phrases.join(phrases.time_limit(g), tr, "sep.clause")


# Between two characters: no line break here (UAX #14 word joiner; Qt honours it, draws
# nothing). Chinese may break between any two characters: “24小/时自助区” did.
WORD_JOINER = "\u2060"


def unbreakable(text: str) -> str:
    """``text`` kept on one line when a label wraps (its spaces no break points either)."""
    return WORD_JOINER.join(text.replace(" ", "\u00a0"))


def hours_text(hall: Hall) -> str:
    """``工作日 09:00-17:00 · 周六 09:00-16:00 · 24小时自助区``, each part whole on its line."""
    from kiosk.catalog import phrases

    sep = tr("sep.hours").replace(" ", "\u00a0", 1)  # the dot stays with the part before it
    return sep.join(unbreakable(phrases.say(p, tr)) for p in phrases.hall_hours(hall))


def data_name(kind: str, code: str, name: str) -> str:
    """A topic's or a bundle's name (``kind`` "topic" / "bundle"): the catalog's own in
    Chinese; in another language the messages' ``<kind>.<code>`` when they have one, else
    the catalog's (data with no English stays as it is, docs/languages.md)."""
    from ui import i18n

    key = f"{kind}.{code}"
    if i18n.language() == "zh_CN" or not i18n.has(key):
        return name
    return tr(key)


def local_name(name: str, name_en: str) -> str:
    """A name the product or the hall file gives in both languages (the hall, a queue
    service): its English one on an English screen, when it has one; else ``name``."""
    from ui import i18n

    return name_en if name_en and i18n.language() == "en" else name
