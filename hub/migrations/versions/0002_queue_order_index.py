"""An index in queue order, so call-next finds the head of a queue without sorting every
waiting ticket (bench/hub.py: call-next slowed down as the queue grew).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tickets_queue_order", "tickets", ["day", "status", "queued_at", "n"])


def downgrade() -> None:
    op.drop_index("ix_tickets_queue_order", "tickets")
