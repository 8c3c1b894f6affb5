"""The hub's tables (SQLAlchemy Core). Alembic migrations in ``hub/migrations`` create
them; keep the two in step (tests/unit/hub/test_migrations.py compares them).

Times are epoch seconds (float); the API shows them in the hall's time zone.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

tokens = sa.Table(
    "tokens", metadata,
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
    "counters", metadata,
    sa.Column("service", sa.String(32), primary_key=True),
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("last_number", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets", metadata,
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
    sa.Index("ix_tickets_waiting", "day", "status", "service", "queued_at"),
    sa.Index("ix_tickets_queue_order", "day", "status", "queued_at", "n"),  # call-next's heads
    sa.Index("ix_tickets_person", "person", "service", "day"),
)

# A window's count of priority calls in a row (the priority rule's memory).
windows = sa.Table(
    "windows", metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("streak", sa.Integer, nullable=False, server_default="0"),
)

# Durable event log: seq is given from meta.event_seq inside the writing transaction
# (that row's lock orders commits), so readers never see a gap filled in later.
events = sa.Table(
    "events", metadata,
    sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True,
              autoincrement=False),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # JSON
)

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

appointments = sa.Table(
    "appointments", metadata,
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
    "evaluations", metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # the terminal's id (idempotency)
    sa.Column("received_at", sa.Float, nullable=False),
    sa.Column("terminal", sa.String(100), nullable=False),
    sa.Column("hall_code", sa.String(64), nullable=False),
    sa.Column("window_no", sa.Integer, nullable=True),
    sa.Column("work_no", sa.String(32), nullable=True),
    sa.Column("satisfaction", sa.Integer, nullable=False),
    sa.Column("record", sa.Text, nullable=False),  # JSON, the wire Evaluation
)
