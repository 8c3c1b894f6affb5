"""The hall's person key: made once per hub database, never shipped in code.

Terminals turn an ID number into an opaque person key (``HubConnection.person_key``, an
HMAC under this key) so that the hub can tell a person's tickets and licences apart
without ever holding the number. Every terminal of a hall needs the same key; until now
each took a public default from the code. The hub makes 32 random bytes the first time
it starts on a database (``person_key``) and hands them to each terminal with its
pairing (``POST /api/v1/pair``). The demo hall keeps its demo key (its sample licences,
migration 0004, are keyed with it).
"""

from __future__ import annotations

import secrets
import time

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from hub import db
from hub.staff import DEMO_HALL_CODE
from hub.tables import hall_secrets

DEMO_PERSON_KEY = "embedded-hall-person-key"  # kiosk.config's demo value; migration 0004


def person_key(engine: Engine, hall_code: str) -> str:
    """The hall's person key, made now if this database has none yet (every worker
    process agrees: the first insert wins)."""
    if hall_code == DEMO_HALL_CODE:
        return DEMO_PERSON_KEY
    with db.write(engine) as conn:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
        conn.execute(
            insert(hall_secrets)
            .values(name="person_key", value=secrets.token_urlsafe(32), created_at=time.time())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        return conn.execute(sa.select(hall_secrets.c.value).where(hall_secrets.c.name == "person_key")).scalar_one()
