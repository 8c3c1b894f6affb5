"""The city tier (issue 16): the hall's link, outbox and official numbers; the city's
halls, links, cases, evaluations, updates, platform outbox and rectifications.

Revision ID: 0009
Revises: 0007 (the integrator re-points this to 0008 at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BIGID = sa.BigInteger().with_variant(sa.Integer, "sqlite")


def upgrade() -> None:
    op.create_table(
        "city_link",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("city_url", sa.String(300), nullable=False),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("credential", sa.String(100), nullable=False),
        sa.Column("linked_at", sa.Float, nullable=False),
        sa.Column("updates_since", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_at", sa.Float, nullable=False, server_default="0"),
        sa.Column("lease_until", sa.Float, nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("last_contact", sa.Float, nullable=True),
    )
    op.create_table(
        "city_outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("sent_at", sa.Float, nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
    )
    op.create_index("ix_city_outbox_state", "city_outbox", ["state", "seq"])
    op.create_table(
        "case_official",
        sa.Column("case_number", sa.String(64), primary_key=True),
        sa.Column("official_number", sa.String(64), nullable=True),
        sa.Column("platform_status", sa.String(16), nullable=True),
        sa.Column("updated_at", sa.Float, nullable=False),
    )
    op.create_table(
        "city_halls",
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("district", sa.String(64), nullable=False, server_default=""),
        sa.Column("address", sa.String(200), nullable=False, server_default=""),
        sa.Column("hours", sa.String(200), nullable=False, server_default=""),
        sa.Column("rectify_days", sa.Integer, nullable=False, server_default="5"),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "city_pairing",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False),
        sa.Column("used_at", sa.Float, nullable=True),
    )
    op.create_index("ix_city_pairing_hash", "city_pairing", ["code_hash"])
    op.create_table(
        "city_links",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("credential_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("revoked_at", sa.Float, nullable=True),
        sa.Column("last_seen", sa.Float, nullable=True),
    )
    op.create_table(
        "city_cases",
        sa.Column("hall_code", sa.String(32), primary_key=True),
        sa.Column("reference", sa.String(64), primary_key=True),
        sa.Column("task_code", sa.String(36), nullable=False),
        sa.Column("submitted_at", sa.Float, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("official_number", sa.String(64), nullable=True),
        sa.Column("platform_status", sa.String(16), nullable=True),
        sa.Column("platform_seq", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "city_case_blobs",
        sa.Column("hall_code", sa.String(32), primary_key=True),
        sa.Column("reference", sa.String(64), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "city_evaluations",
        sa.Column("hall_code", sa.String(32), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("satisfaction", sa.Integer, nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "city_updates",
        sa.Column("id", _BIGID, primary_key=True, autoincrement=True),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("official_number", sa.String(64), nullable=True),
        sa.Column("platform_status", sa.String(16), nullable=True),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_city_updates_hall", "city_updates", ["hall_code", "id"])
    op.create_table(
        "platform_outbox",
        sa.Column("seq", _BIGID, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("ref", sa.String(64), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("sent_at", sa.Float, nullable=True),
        sa.Column("answer", sa.Text, nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
    )
    op.create_index("ix_platform_outbox_state", "platform_outbox", ["state", "seq"])
    op.create_table(
        "platform_state",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("tries", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_at", sa.Float, nullable=False, server_default="0"),
        sa.Column("lease_until", sa.Float, nullable=False, server_default="0"),
        sa.Column("status_cursor", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.Column("last_contact", sa.Float, nullable=True),
    )
    op.create_table(
        "rectifications",
        sa.Column("evaluation_id", sa.String(64), primary_key=True),
        sa.Column("hall_code", sa.String(32), nullable=False),
        sa.Column("satisfaction", sa.Integer, nullable=False),
        sa.Column("opened_at", sa.Float, nullable=False),
        sa.Column("deadline", sa.String(10), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("callback_at", sa.Float, nullable=True),
        sa.Column("result", sa.String(500), nullable=True),
        sa.Column("closed_at", sa.Float, nullable=True),
    )
    op.create_index("ix_rectifications_open", "rectifications", ["closed_at", "deadline"])
    op.create_table(
        "city_reports",
        sa.Column("hall_code", sa.String(32), primary_key=True),
        sa.Column("reference", sa.String(32), primary_key=True),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("phone_masked", sa.String(12), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "city_hall_status",
        sa.Column("hall_code", sa.String(32), primary_key=True),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("snapshot", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("city_hall_status")
    op.drop_table("city_reports")
    op.drop_index("ix_rectifications_open", table_name="rectifications")
    op.drop_table("rectifications")
    op.drop_table("platform_state")
    op.drop_index("ix_platform_outbox_state", table_name="platform_outbox")
    op.drop_table("platform_outbox")
    op.drop_index("ix_city_updates_hall", table_name="city_updates")
    op.drop_table("city_updates")
    op.drop_table("city_evaluations")
    op.drop_table("city_case_blobs")
    op.drop_table("city_cases")
    op.drop_table("city_links")
    op.drop_index("ix_city_pairing_hash", table_name="city_pairing")
    op.drop_table("city_pairing")
    op.drop_table("city_halls")
    op.drop_table("case_official")
    op.drop_index("ix_city_outbox_state", table_name="city_outbox")
    op.drop_table("city_outbox")
    op.drop_table("city_link")
