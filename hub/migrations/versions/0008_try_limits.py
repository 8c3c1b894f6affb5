"""Wrong-try limits kept in the database, the status page's sessions, the hall's secrets.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "try_limits",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locks", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.Float, nullable=True),
        sa.Column("day_start", sa.Float, nullable=False),
        sa.Column("day_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_index("ix_try_limits_updated", "try_limits", ["updated_at"])
    op.create_table(
        "status_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
    )
    op.create_index("ix_status_sessions_expires", "status_sessions", ["expires_at"])
    op.create_table(
        "hall_secrets",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("hall_secrets")
    op.drop_index("ix_status_sessions_expires", table_name="status_sessions")
    op.drop_table("status_sessions")
    op.drop_index("ix_try_limits_updated", table_name="try_limits")
    op.drop_table("try_limits")
