"""The first schema: tokens, counters, tickets, windows, events, meta, appointments,
evaluations.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tokens",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("window", sa.Integer, nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
        sa.Column("last_seen", sa.Float, nullable=True),
    )
    op.create_table(
        "counters",
        sa.Column("service", sa.String(32), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("priority", sa.String(16), nullable=True),
        sa.Column("person", sa.String(128), nullable=True),
        sa.Column("appointment", sa.String(32), nullable=True),
        sa.Column("issued_at", sa.Float, nullable=False),
        sa.Column("queued_at", sa.Float, nullable=False),
        sa.Column("called_at", sa.Float, nullable=True),
        sa.Column("ended_at", sa.Float, nullable=True),
        sa.Column("window", sa.Integer, nullable=True),
        sa.Column("recalls", sa.Integer, nullable=False, server_default="0"),
        sa.Column("staff", sa.String(32), nullable=True),
        sa.Column("issued_by", sa.String(16), nullable=True),
    )
    op.create_index("ix_tickets_waiting", "tickets", ["day", "status", "service", "queued_at"])
    op.create_index("ix_tickets_person", "tickets", ["person", "service", "day"])
    op.create_table(
        "windows",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("streak", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(
        sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.BigInteger)),
        [{"key": "event_seq", "value": 0}],
    )
    op.create_table(
        "appointments",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("slot_at", sa.Float, nullable=False),
        sa.Column("person", sa.String(128), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("ticket_id", sa.String(32), nullable=True),
    )
    op.create_index("ix_appointments_person", "appointments", ["person", "slot_at"])
    op.create_table(
        "evaluations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("hall_code", sa.String(64), nullable=False),
        sa.Column("window_no", sa.Integer, nullable=True),
        sa.Column("work_no", sa.String(32), nullable=True),
        sa.Column("satisfaction", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ("evaluations", "appointments", "meta", "events", "windows", "tickets", "counters", "tokens"):
        op.drop_table(name)
