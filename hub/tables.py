"""The hub's tables (SQLAlchemy Core). Alembic migrations in ``hub/migrations`` create
them; keep the two in step (tests/unit/hub/test_migrations.py compares them).

Times are epoch seconds (float); the API shows them in the hall's time zone.
"""

from __future__ import annotations

import sqlalchemy as sa

from hub.metadata import metadata

tokens = sa.Table(
    "tokens",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("window", sa.Integer, nullable=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("revoked_at", sa.Float, nullable=True),
    sa.Column("last_seen", sa.Float, nullable=True),
)

# One row per service and service day; incremented in the transaction that inserts the
# ticket, so a number is never reused, not even after a crash.
counters = sa.Table(
    "counters",
    metadata,
    sa.Column("service", sa.String(32), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("service", sa.String(32), nullable=False),  # the queue it is in now
    sa.Column("number", sa.String(16), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),  # the number's digits, for ordering
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("priority", sa.String(16), nullable=True),
    sa.Column("person", sa.String(128), nullable=True),  # opaque keyed hash from the terminal
    sa.Column("appointment", sa.String(32), nullable=True),
    sa.Column("issued_at", sa.Float, nullable=False),
    sa.Column("queued_at", sa.Float, nullable=False),  # joined its current queue
    sa.Column("called_at", sa.Float, nullable=True),
    sa.Column("ended_at", sa.Float, nullable=True),
    sa.Column("window", sa.Integer, nullable=True),
    sa.Column("recalls", sa.Integer, nullable=False, server_default="0"),
    sa.Column("staff", sa.String(32), nullable=True),
    sa.Column("issued_by", sa.String(16), nullable=True),  # token id
    sa.Column("lease", sa.String(32), nullable=True),  # the kiosk's lease, for a ticket issued offline (0006)
    sa.Index("ix_tickets_waiting", "day", "status", "service", "queued_at"),
    sa.Index("ix_tickets_queue_order", "day", "status", "queued_at", "n"),  # call-next's heads
    sa.Index("ix_tickets_person", "person", "service", "day"),
    sa.Index("ix_tickets_number", "day", "number"),  # "no number twice" when an offline ticket arrives
)

# A window's count of priority calls in a row (the priority rule's memory).
windows = sa.Table(
    "windows",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("streak", sa.Integer, nullable=False, server_default="0"),
)

# Durable event log: seq is given from meta.event_seq inside the writing transaction
# (that row's lock orders commits), so readers never see a gap filled in later.
events = sa.Table(
    "events",
    metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # JSON
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

appointments = sa.Table(
    "appointments",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("service", sa.String(32), nullable=False),
    sa.Column("slot_at", sa.Float, nullable=False),
    sa.Column("person", sa.String(128), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),  # booked | checked_in
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("ticket_id", sa.String(32), nullable=True),
    sa.Index("ix_appointments_person", "person", "slot_at"),
)

evaluations = sa.Table(
    "evaluations",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the terminal's id (idempotency)
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("hall_code", sa.String(64), nullable=False),
    sa.Column("window_no", sa.Integer, nullable=True),
    sa.Column("work_no", sa.String(32), nullable=True),
    sa.Column("satisfaction", sa.Integer, nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # JSON, the wire Evaluation
)

# ---- cases and sync (migration 0003) ------------------------------------------------------

# A push's Idempotency-Key, claimed in the transaction that stores its record: a repeat
# with the same body gets ``answer`` again, one with another body a 409.
idempotency = sa.Table(
    "idempotency",
    metadata,
    sa.Column("terminal", sa.String(100), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("body_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("answer", sa.Text, nullable=False),  # JSON
    sa.Column("created_at", sa.Float, nullable=False),
)

# One row per implementation code and day: the case number's 4-digit sequence,
# incremented in the transaction that inserts the case (never reused).
case_counters = sa.Table(
    "case_counters",
    metadata,
    sa.Column("task_code", sa.String(36), primary_key=True),
    sa.Column("day", sa.String(8), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

# The body is stored as received (personal data: the hall's own server; encryption at
# rest on the hub is out of scope, see docs/hub-api.md), never logged.
cases = sa.Table(
    "cases",
    metadata,
    sa.Column("case_number", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(64), nullable=False),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("task_code", sa.String(36), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("submitted_at", sa.Float, nullable=False),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("body", sa.Text, nullable=False),  # JSON, the wire CaseSubmission
    sa.Index("ix_cases_terminal", "terminal", "submitted_at"),
)

case_blobs = sa.Table(
    "case_blobs",
    metadata,
    sa.Column("case_number", sa.String(64), primary_key=True),
    sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("media_type", sa.String(32), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Status history; ``at`` grows strictly per terminal (the terminals' pull cursor).
case_updates = sa.Table(
    "case_updates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_number", sa.String(64), nullable=False),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("record_id", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_case_updates_terminal", "terminal", "at"),
    sa.Index("ix_case_updates_case", "case_number", "at"),
)

# The newest heartbeat of each terminal (only the newest matters).
heartbeats = sa.Table(
    "heartbeats",
    metadata,
    sa.Column("terminal", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("sent_at", sa.Float, nullable=False),
    sa.Column("waiting", sa.Integer, nullable=False),
    sa.Column("dead", sa.Integer, nullable=False),
    sa.Column("devices", sa.Text, nullable=False),  # JSON {name: {state, key, ...}}
)

help_requests = sa.Table(
    "help_requests",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the record id (idempotency key)
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("hall_code", sa.String(64), nullable=False),
    sa.Column("screen", sa.String(64), nullable=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Index("ix_help_requests_at", "at"),
)

# Electronic licences (电子证照) by person key (HMAC of the ID number; never the number).
licences = sa.Table(
    "licences",
    metadata,
    sa.Column("person", sa.String(64), primary_key=True),
    sa.Column("type_code", sa.String(32), primary_key=True),
    sa.Column("type_name", sa.String(100), nullable=False),
    sa.Column("licence_no", sa.String(64), nullable=False),
    sa.Column("issuer", sa.String(100), nullable=False),
    sa.Column("issued_on", sa.String(10), nullable=False),
)

catalog_versions = sa.Table(
    "catalog_versions",
    metadata,
    sa.Column("version", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("published_at", sa.Float, nullable=False),
    sa.Column("items", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False),
    sa.Column("rest", sa.Text, nullable=False),  # JSON: source, departments, topics, halls, bundles
)

# Items by code with the version in which each last changed; a removed item stays as a
# tombstone (deleted, data NULL) so a delta can say it went.
catalog_items = sa.Table(
    "catalog_items",
    metadata,
    sa.Column("task_code", sa.String(36), primary_key=True),
    sa.Column("changed_in", sa.BigInteger, nullable=False),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=True),  # JSON, the feed's item
    sa.Index("ix_catalog_items_changed", "changed_in", "task_code"),
)

# A pairing code (``kiosk hub pair``), stored only as its SHA-256 hash; exchanged once
# for a token (hub/pairing.py). Old rows stay so that a second try says "used".
pairing_codes = sa.Table(
    "pairing_codes",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("code_hash", sa.String(64), nullable=False),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("window", sa.Integer, nullable=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Column("used_at", sa.Float, nullable=True),
    sa.Column("token_id", sa.String(16), nullable=True),
    sa.Index("ix_pairing_codes_hash", "code_hash"),
)

# A bad rating (1-2) that someone called back (回访): the report and /status list the
# ones without a row here.
followups = sa.Table(
    "followups",
    metadata,
    sa.Column("evaluation_id", sa.String(64), primary_key=True),
    sa.Column("done_at", sa.Float, nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
)

# Where leased numbers come from (migration 0006): a band of its own per service and
# service day, ``hub.queue.LEASE_BAND_START`` to ``LEASE_BAND_END`` (A701 ...), so the numbers the hub
# issues itself run on from A001 without gaps and never meet a leased one.
lease_counters = sa.Table(
    "lease_counters",
    metadata,
    sa.Column("service", sa.String(32), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

# A block of future numbers a kiosk may issue while the hub is away (migration 0006),
# reserved in ``lease_counters`` in the transaction that grants it. The block is good until ``expires_at`` (the service day's end, or the
# service's closing time); numbers never handed out stay unused.
ticket_leases = sa.Table(
    "ticket_leases",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("token_id", sa.String(16), nullable=False),
    sa.Column("service", sa.String(32), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("first", sa.Integer, nullable=False),
    sa.Column("last", sa.Integer, nullable=False),
    sa.Column("granted_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Index("ix_ticket_leases_terminal", "terminal", "service", "day"),
)

# The hall's clerks (migration 0003): PINs only as PBKDF2 hashes (hub.staff).
staff = sa.Table(
    "staff",
    metadata,
    sa.Column("number", sa.String(32), primary_key=True),  # 工号
    sa.Column("name", sa.String(64), nullable=False),
    sa.Column("pin_hash", sa.String(64), nullable=False),  # hex PBKDF2-HMAC-SHA256
    sa.Column("pin_salt", sa.String(32), nullable=False),  # hex
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.Float, nullable=True),
    sa.Column("created_at", sa.Float, nullable=False),
)

# ---- 帮办代办 and 办不成事 (migration 0007_audit_reports) ------------------------------------

# One step a helper took for a citizen at a kiosk (帮办留痕): masked citizen data only.
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the record id (idempotency key)
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("helper", sa.String(32), nullable=False),
    sa.Column("visit", sa.String(64), nullable=False, server_default=""),
    sa.Column("at", sa.String(40), nullable=False),  # the terminal's time (ISO 8601)
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("screen", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("details", sa.Text, nullable=False),  # JSON {name: masked text}
    sa.Index("ix_audit_log_received", "received_at"),
    sa.Index("ix_audit_log_helper", "helper", "received_at"),
)

# 办不成事: the phone is kept for the 12345 call-back and shown masked everywhere.
unresolved_reports = sa.Table(
    "unresolved_reports",
    metadata,
    sa.Column("reference", sa.String(32), primary_key=True),
    sa.Column("record_id", sa.String(64), nullable=False),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("hall_code", sa.String(64), nullable=False),
    sa.Column("reported_at", sa.String(40), nullable=False),
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("task_code", sa.String(36), nullable=False),
    sa.Column("tried", sa.String(200), nullable=False),
    sa.Column("reasons", sa.Text, nullable=False),  # JSON list of reason codes
    sa.Column("text", sa.String(300), nullable=False),
    sa.Column("phone", sa.String(12), nullable=False),
    sa.Column("phone_masked", sa.String(12), nullable=False),
    sa.Index("ix_unresolved_reports_received", "received_at"),
)

# ---- wrong-try limits and status sessions (migration 0008_try_limits) ------------------------

# Wrong tries (PINs, pairing codes, status passwords) per key, e.g. ``staff|<token id>|3001``
# (hub.try_limits). In the database, so the limits hold across ``--workers N``.
try_limits = sa.Table(
    "try_limits",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # since the last lock
    sa.Column("locks", sa.Integer, nullable=False, server_default="0"),  # escalation step
    sa.Column("locked_until", sa.Float, nullable=True),
    sa.Column("day_start", sa.Float, nullable=False),  # the 24 hours that day_failures counts
    sa.Column("day_failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Index("ix_try_limits_updated", "updated_at"),
)

# A technician signed in to /status (hub.status_sessions): only the SHA-256 of the cookie.
status_sessions = sa.Table(
    "status_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False),
    sa.Index("ix_status_sessions_expires", "expires_at"),
)

# The hall's own secrets, made once per hub database (hub/hall_secret.py): ``person_key``
# travels to each terminal with its pairing (every terminal of a hall needs the same one).
hall_secrets = sa.Table(
    "hall_secrets",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
)

# The city tier's tables (migration 0009) live with the tier; imported here so that
# ``metadata`` is whole wherever the tables are (Alembic, tests/unit/hub/test_migrations.py).
from hub.city import tables as _city_tables  # noqa: E402, F401
