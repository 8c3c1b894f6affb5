"""Ticket leases: blocks of numbers a kiosk issues while the hub is away (from a band of
their own, counted in lease_counters); the lease an
offline ticket came from; an index to find a day's number.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lease_counters",
        sa.Column("service", sa.String(32), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "ticket_leases",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("token_id", sa.String(16), nullable=False),
        sa.Column("service", sa.String(32), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("first", sa.Integer, nullable=False),
        sa.Column("last", sa.Integer, nullable=False),
        sa.Column("granted_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_index("ix_ticket_leases_terminal", "ticket_leases", ["terminal", "service", "day"])
    op.add_column("tickets", sa.Column("lease", sa.String(32), nullable=True))
    op.create_index("ix_tickets_number", "tickets", ["day", "number"])


def downgrade() -> None:
    op.drop_index("ix_tickets_number", table_name="tickets")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_column("lease")
    op.drop_index("ix_ticket_leases_terminal", table_name="ticket_leases")
    op.drop_table("ticket_leases")
    op.drop_table("lease_counters")
