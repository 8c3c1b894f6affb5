"""帮办代办 audit steps and 办不成事 reports.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("helper", sa.String(32), nullable=False),
        sa.Column("visit", sa.String(64), nullable=False, server_default=""),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("screen", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_log_received", "audit_log", ["received_at"])
    op.create_index("ix_audit_log_helper", "audit_log", ["helper", "received_at"])
    op.create_table(
        "unresolved_reports",
        sa.Column("reference", sa.String(32), primary_key=True),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("hall_code", sa.String(64), nullable=False),
        sa.Column("reported_at", sa.String(40), nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("task_code", sa.String(36), nullable=False),
        sa.Column("tried", sa.String(200), nullable=False),
        sa.Column("reasons", sa.Text, nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("phone", sa.String(12), nullable=False),
        sa.Column("phone_masked", sa.String(12), nullable=False),
    )
    op.create_index("ix_unresolved_reports_received", "unresolved_reports", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_unresolved_reports_received", table_name="unresolved_reports")
    op.drop_table("unresolved_reports")
    op.drop_index("ix_audit_log_helper", table_name="audit_log")
    op.drop_index("ix_audit_log_received", table_name="audit_log")
    op.drop_table("audit_log")
