"""办件查询 across halls: a case by its number at any terminal of the city.

A citizen who applied at one hall may ask at another. The terminal asks its hall hub
(``GET /api/v1/case-lookup?number=N``); the hall answers from its own cases, and for a
number it does not hold asks the city (``GET /api/v1/city/cases?number=N``), which
knows every hall's cases and their official numbers. ``N`` is the platform's official
number (``GOV…``) or the provisional number ``HALLCODE:REFERENCE`` (参考号 with its
hall; a bare reference names a case only in its own hall: two halls may mint the same).

The answer carries no personal data: the numbers, the item's code, the statuses and
the submission time, which anyone holding the receipt may read.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hub import db
from hub.city import http
from hub.city.tables import case_official, city_cases
from hub.city.uplink_store import load_link
from hub.errors import ApiError
from hub.tables import cases

log = logging.getLogger("hub.city.lookup")

LIMIT = 10  # one number names one case; a few at most (a bare reference in old data)
CITY_TIMEOUT_S = 3.0  # a citizen waits at the screen: the city answers now or not at all


def at_city(engine: Engine, number: str) -> list[dict[str, Any]]:
    """The city's cases named by ``number`` (official, or ``HALL:REFERENCE``)."""
    hall, sep, reference = number.partition(":")
    where = (
        sa.and_(city_cases.c.hall_code == hall, city_cases.c.reference == reference)
        if sep
        else city_cases.c.official_number == number
    )
    with db.read(engine) as conn:
        rows = conn.execute(
            sa.select(
                city_cases.c.hall_code,
                city_cases.c.reference,
                city_cases.c.task_code,
                city_cases.c.submitted_at,
                city_cases.c.official_number,
                city_cases.c.platform_status,
            )
            .where(where)
            .limit(LIMIT)
        ).all()
    return [_found(r.hall_code, r.reference, r) for r in rows]


def at_hall(engine: Engine, number: str) -> list[dict[str, Any]]:
    """The cases named by ``number``: this hall's own, else the city's (when linked).

    Raises:
        ApiError: 503 ``city.unavailable`` when the number is not this hall's and the
            city does not answer (the terminal says "try again later", not "no case").
    """
    with db.read(engine) as conn:
        link = load_link(conn)
        own = _own(conn, number, link.hall_code if link else "")
    if own or link is None:
        return own
    try:
        found = http.request(
            "GET",
            f"{link.city_url}/api/v1/city/cases?number={quote(number, safe='')}",
            headers={"Authorization": f"Bearer {link.credential}"},
            timeout_s=CITY_TIMEOUT_S,
        )
    except (http.Unreachable, http.Answered) as exc:
        log.warning("city_lookup_failed", extra={"fields": {"error": str(exc)[:120]}})
        raise ApiError(503, "city.unavailable", f"the city could not be asked: {str(exc)[:120]}") from None
    if not isinstance(found, list) or not all(isinstance(c, dict) for c in found):
        raise ApiError(503, "city.unavailable", "the city's answer is not a list of cases")
    return found[:LIMIT]


def _own(conn: Connection, number: str, hall_code: str) -> list[dict[str, Any]]:
    hall, sep, reference = number.partition(":")
    if sep and hall != hall_code:
        return []  # another hall's provisional number: the city knows it
    key = reference if sep else number
    rows = conn.execute(
        sa.select(
            cases.c.case_number,
            cases.c.task_code,
            cases.c.submitted_at,
            case_official.c.official_number,
            case_official.c.platform_status,
        )
        .select_from(cases.outerjoin(case_official, case_official.c.case_number == cases.c.case_number))
        .where(sa.or_(cases.c.case_number == key, case_official.c.official_number == key))
        .limit(LIMIT)
    ).all()
    return [_found(hall_code, r.case_number, r) for r in rows]


def _found(hall_code: str, reference: str, row: Any) -> dict[str, Any]:
    """One case as 办件查询 answers it (``row``: official_number, platform_status,
    task_code, submitted_at)."""
    return {
        "hall_code": hall_code,
        "reference": reference,
        "provisional_number": f"{hall_code}:{reference}" if hall_code else reference,
        "official_number": row.official_number,
        "platform_status": row.platform_status,
        "task_code": row.task_code,
        "submitted_at": row.submitted_at,
    }
