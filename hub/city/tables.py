"""The city tier's tables (migration 0009), on the hub's one ``metadata``.

Hall side (a hall hub's database): ``city_link``, ``city_outbox``, ``case_official``.
City side (the city hub's database): ``city_halls``, ``city_pairing``, ``city_links``,
``city_cases``, ``city_case_blobs``, ``city_evaluations``, ``city_updates``,
``platform_outbox``, ``platform_state``, ``rectifications``, ``city_reports``,
``city_hall_status``. Both sets exist in every
database (one program, one migration chain); each tier uses its own.
"""

from __future__ import annotations

import sqlalchemy as sa

from hub.metadata import metadata

# ---- hall side ---------------------------------------------------------------------------

# The hall's one link to its city (``kiosk hub link``): the credential is kept here in
# full (the hall needs it to call), like a terminal keeps its token in its config.
city_link = sa.Table(
    "city_link",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # always 1
    sa.Column("city_url", sa.String(300), nullable=False),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("credential", sa.String(100), nullable=False),
    sa.Column("linked_at", sa.Float, nullable=False),
    sa.Column("updates_since", sa.BigInteger, nullable=False, server_default="0"),  # city_updates.id seen
    sa.Column("tries", sa.Integer, nullable=False, server_default="0"),  # failures in a row (backoff)
    sa.Column("next_at", sa.Float, nullable=False, server_default="0"),  # no push before (backoff)
    sa.Column("lease_until", sa.Float, nullable=False, server_default="0"),  # one pusher per hall
    sa.Column("last_error", sa.String(200), nullable=True),
    sa.Column("last_contact", sa.Float, nullable=True),
)

# Records for the city, written in the transaction that stores the record itself; the
# row's ``id`` (uuid hex) is the Idempotency-Key at the city.
city_outbox = sa.Table(
    "city_outbox",
    metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),  # case | evaluation
    sa.Column("ref", sa.String(64), nullable=False),  # case number / evaluation id
    sa.Column("state", sa.String(8), nullable=False),  # pending | sent | dead
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("sent_at", sa.Float, nullable=True),
    sa.Column("error", sa.String(200), nullable=True),
    sa.Index("ix_city_outbox_state", "state", "seq"),
)

# What the city said of a hall's case: the platform's official number and status.
case_official = sa.Table(
    "case_official",
    metadata,
    sa.Column("case_number", sa.String(64), primary_key=True),
    sa.Column("official_number", sa.String(64), nullable=True),
    sa.Column("platform_status", sa.String(16), nullable=True),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("ix_case_official_number", "official_number"),
)

# ---- city side ---------------------------------------------------------------------------

city_halls = sa.Table(
    "city_halls",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("level", sa.String(16), nullable=False),  # city | district | street | community | post
    sa.Column("district", sa.String(64), nullable=False, server_default=""),
    sa.Column("address", sa.String(200), nullable=False, server_default=""),
    sa.Column("hours", sa.String(200), nullable=False, server_default=""),
    sa.Column("rectify_days", sa.Integer, nullable=False, server_default="5"),  # working days
    sa.Column("created_at", sa.Float, nullable=False),
)

# A hall's pairing code, only as its hash (as hub.pairing for terminals).
city_pairing = sa.Table(
    "city_pairing",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float, nullable=True),
    sa.Index("ix_city_pairing_hash", "code_hash"),
)

# A hall hub's credential, only as its SHA-256 hash.
city_links = sa.Table(
    "city_links",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("credential_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float, nullable=True),
    sa.Column("last_seen", sa.Float, nullable=True),
)

# A hall's case at the city, keyed by the hall and its reference number (参考号).
city_cases = sa.Table(
    "city_cases",
    metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("reference", sa.String(64), primary_key=True),
    sa.Column("task_code", sa.String(36), nullable=False),
    sa.Column("submitted_at", sa.Float, nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # JSON, the wire CaseSubmission
    sa.Column("official_number", sa.String(64), nullable=True),
    sa.Column("platform_status", sa.String(16), nullable=True),
    sa.Column("platform_seq", sa.BigInteger, nullable=False, server_default="0"),  # newest change applied
    sa.Index("ix_city_cases_official", "official_number"),  # 办件查询 by the official number
)

city_case_blobs = sa.Table(
    "city_case_blobs",
    metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("reference", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("media_type", sa.String(32), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

city_evaluations = sa.Table(
    "city_evaluations",
    metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("satisfaction", sa.Integer, nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # JSON, the wire Evaluation
)

# Down the tree: official numbers and platform statuses for each hall to pull (id is the cursor).
city_updates = sa.Table(
    "city_updates",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("reference", sa.String(64), nullable=False),
    sa.Column("official_number", sa.String(64), nullable=True),
    sa.Column("platform_status", sa.String(16), nullable=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_city_updates_hall", "hall_code", "id"),
)

# Messages for the platform, written with the record they carry; ``id`` is the messageId.
platform_outbox = sa.Table(
    "platform_outbox",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=False),  # case | evaluation | rectification
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("ref", sa.String(64), nullable=False),
    sa.Column("state", sa.String(8), nullable=False),  # pending | sent | dead
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("sent_at", sa.Float, nullable=True),
    sa.Column("answer", sa.Text, nullable=True),
    sa.Column("error", sa.String(200), nullable=True),
    sa.Index("ix_platform_outbox_state", "state", "seq"),
)

# The city's one link to the platform: backoff, the one pusher's lease, the status cursor.
platform_state = sa.Table(
    "platform_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # always 1
    sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_at", sa.Float, nullable=False, server_default="0"),
    sa.Column("lease_until", sa.Float, nullable=False, server_default="0"),
    sa.Column("status_cursor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("last_error", sa.String(200), nullable=True),
    sa.Column("last_contact", sa.Float, nullable=True),
)

# 好差评 closed loop: a rating of 1-2 opens one; the deadline in the hall's working days.
rectifications = sa.Table(
    "rectifications",
    metadata,
    sa.Column("evaluation_id", sa.String(64), primary_key=True),
    sa.Column("hall_code", sa.String(32), nullable=False),
    sa.Column("satisfaction", sa.Integer, nullable=False),
    sa.Column("opened_at", sa.Float, nullable=False),
    sa.Column("deadline", sa.String(10), nullable=False),  # YYYY-MM-DD, the last working day
    sa.Column("owner", sa.String(64), nullable=True),
    sa.Column("callback_at", sa.Float, nullable=True),  # 回访
    sa.Column("result", sa.String(500), nullable=True),
    sa.Column("closed_at", sa.Float, nullable=True),
    sa.Index("ix_rectifications_open", "closed_at", "deadline"),
)

# 办不成事 reports from the halls (for the city's 12345 follow-up); the phone is kept for
# the call-back and shown masked everywhere.
city_reports = sa.Table(
    "city_reports",
    metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("reference", sa.String(32), primary_key=True),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("phone_masked", sa.String(12), nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # JSON, the wire UnresolvedReport
)

# Each hall's newest snapshot (only the newest matters, like a heartbeat): its terminals'
# health and the day's queue figures.
city_hall_status = sa.Table(
    "city_hall_status",
    metadata,
    sa.Column("hall_code", sa.String(32), primary_key=True),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("snapshot", sa.Text, nullable=False),  # JSON
)
