"""Electronic licences (电子证照) of a person, by person key (``hub/routes/licences.py``
is their HTTP). The demo hall's rows come from migration 0003; a real hall connects its
licence library here."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.tables import licences


def lookup(engine: Engine, person: str, type_code: str | None = None) -> list[dict[str, Any]]:
    """The person's licences (of one type when asked), by type; none for an unknown person."""
    q = sa.select(licences).where(licences.c.person == person).order_by(licences.c.type_code)
    if type_code is not None:
        q = q.where(licences.c.type_code == type_code)
    with db.read(engine) as conn:
        rows = conn.execute(q).all()
    return [
        {
            "type": r.type_code,
            "name": r.type_name,
            "licence_no": r.licence_no,
            "issuer": r.issuer,
            "issued_on": r.issued_on,
        }
        for r in rows
    ]
