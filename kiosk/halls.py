"""The hall this terminal stands in, as the catalog describes it: opening hours in words."""

from __future__ import annotations

from kiosk.catalog_types import Hall

_DAYS = (("weekdays", "工作日"), ("saturday", "周六"), ("sunday", "周日"), ("holidays", "节假日"))


def find_hall(halls: list[Hall], code: str, name: str) -> Hall | None:
    """The catalog's record of this hall, by code first, then by name."""
    return next((h for h in halls if h.hall_code == code), None) or next((h for h in halls if h.name == name), None)


def hours_text(hall: Hall) -> str:
    """``工作日 09:00-17:00 · 周六 09:00-16:00 · 周日 休息 · 24小时自助区``."""
    parts = [f"{label} {hall.hours.get(key, 'closed').replace('closed', '休息')}"
             for key, label in _DAYS if key in hall.hours]
    if hall.self_service_24h:
        parts.append("24小时自助区")
    return " · ".join(parts)
