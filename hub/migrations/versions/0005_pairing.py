"""Pairing codes (``kiosk hub pair``) and follow-ups of bad ratings (回访).

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pairing_codes",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("window", sa.Integer, nullable=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("used_at", sa.Float, nullable=True),
        sa.Column("token_id", sa.String(16), nullable=True),
    )
    op.create_index("ix_pairing_codes_hash", "pairing_codes", ["code_hash"])
    op.create_table(
        "followups",
        sa.Column("evaluation_id", sa.String(64), primary_key=True),
        sa.Column("done_at", sa.Float, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("followups")
    op.drop_index("ix_pairing_codes_hash", table_name="pairing_codes")
    op.drop_table("pairing_codes")
