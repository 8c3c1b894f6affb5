"""What a guide, a material or a hall says, as message keys and values.

The core decides *what* is said (a material is required and has an e-licence, an item
is done on the spot, the hall opens on Saturdays); the screen and the receipt turn the
keys into Chinese or English words. Catalog values that name a thing (a material's
name, a page format the catalog does not know) pass through as ``text`` phrases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from kiosk.catalog.types import Hall, ItemGuide, Material


class Phrase(NamedTuple):
    key: str
    data: dict[str, Any]


# Turns a message key and its values into words: ``ui.i18n.tr`` (the screen passes it
# down to the receipts, so the core never holds a sentence of its own).
Words = Callable[..., str]


def say(phrase: Phrase, tr: Words) -> str:
    """One phrase in words; a ``unit`` value that is itself a key is said too."""
    if phrase.key == "text":
        return str(phrase.data.get("text", ""))
    data = dict(phrase.data)
    if isinstance(data.get("unit"), str) and data["unit"].startswith("unit."):
        data["unit"] = tr(data["unit"])
    return tr(phrase.key, **data)


def join(phrases: Iterable[Phrase], tr: Words, sep_key: str = "sep.list") -> str:
    return tr(sep_key).join(say(p, tr) for p in phrases)


def _p(key: str, **data: Any) -> Phrase:
    return Phrase(key, data)


# The catalog's own values (national field values, in Chinese) -> message keys.
_NEED = {"必要": "material.need.required", "非必要": "material.need.optional", "容缺": "material.need.tolerance"}
_FORMAT = {
    "原件": "material.format.original",
    "复印件": "material.format.copy",
    "原件和复印件": "material.format.original_and_copy",
    "电子": "material.format.electronic",
    "纸质": "material.format.paper",
}
_UNIT = {"工作日": "unit.working_days", "自然日": "unit.calendar_days", "": "unit.working_days"}
_DAYS = (
    ("weekdays", "hours.weekdays"),
    ("saturday", "hours.saturday"),
    ("sunday", "hours.sunday"),
    ("holidays", "hours.holidays"),
)


def _known(table: dict[str, str], value: str) -> Phrase:
    return _p(table[value]) if value in table else _p("text", text=value)


def material_tags(m: Material) -> list[Phrase]:
    """``必要、有电子证照可免交、原件、2份`` as phrases."""
    tags = [_known(_NEED, m.is_need)]
    if m.e_licence_exempt:
        tags.append(_p("material.exempt"))
    if m.page_format:
        tags.append(_known(_FORMAT, m.page_format))
    if m.page_num > 1:
        tags.append(_p("material.copies", n=m.page_num))
    return tags


def time_limit(guide: ItemGuide) -> list[Phrase]:
    """Done on the spot, or the promised and the statutory limits."""
    if guide.project_type == "即办件" or (guide.promise_day == 0 and guide.anticipate_day == 0):
        return [_p("limit.immediate")]
    parts = []
    if guide.promise_day:
        parts.append(_p("limit.promise", n=guide.promise_day, unit=_UNIT.get(guide.promise_type, guide.promise_type)))
    if guide.anticipate_day:
        parts.append(
            _p("limit.statutory", n=guide.anticipate_day, unit=_UNIT.get(guide.anticipate_type, guide.anticipate_type))
        )
    return parts


def hall_hours(hall: Hall) -> list[Phrase]:
    """Each day kind the hall lists with its hours (or closed), then the 24 h area."""
    parts = []
    for day, key in _DAYS:
        if day in hall.hours:
            hours = hall.hours[day]
            parts.append(_p(key, hours=hours) if hours != "closed" else _p(key + "_closed"))
    if hall.self_service_24h:
        parts.append(_p("hours.self_service_24h"))
    return parts
