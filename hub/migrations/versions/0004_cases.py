"""Cases and sync: idempotency keys, cases and their numbers, blobs and status history,
heartbeats, help requests, electronic licences (demo data), catalog versions and items.

Revision ID: 0004
Revises: 0003
"""

import hashlib
import hmac

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The demo hall's person secret (kiosk.config.settings.HubSettings.person_key's default):
# the demo licences are stored under the person keys a demo terminal computes
# (kiosk.queue.connection.HubConnection.person_key). The hub never holds ID numbers; the
# numbers below are STANDARDS.md §5's clearly fictional ones (born 1880).
DEMO_PERSON_SECRET = "embedded-hall-person-key"
DEMO_LICENCES = (
    ("610103188001010012", "hukou", "居民户口簿", "HK-DEMO-0001", "西安市公安局碑林分局", "2001-05-01"),
    ("610103188001010012", "marriage", "结婚证", "JH-DEMO-0001", "西安市碑林区民政局", "1905-10-01"),
    ("610113188001010023", "hukou", "居民户口簿", "HK-DEMO-0002", "西安市公安局雁塔分局", "2003-03-15"),
    ("610113188001010023", "property", "不动产权证书", "BDC-DEMO-0002", "西安市不动产登记中心", "2015-08-20"),
    ("610116188001010030", "social_security", "社会保障卡", "SB-DEMO-0003", "西安市人力资源和社会保障局", "2012-01-10"),
)


def demo_person_key(id_number: str) -> str:
    return hmac.new(DEMO_PERSON_SECRET.encode(), id_number.strip().upper().encode(), hashlib.sha256).hexdigest()[:32]


def upgrade() -> None:
    op.create_table(
        "idempotency",
        sa.Column("terminal", sa.String(100), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_table(
        "case_counters",
        sa.Column("task_code", sa.String(36), primary_key=True),
        sa.Column("day", sa.String(8), primary_key=True),
        sa.Column("last_number", sa.Integer, nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("case_number", sa.String(64), primary_key=True),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("task_code", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_at", sa.Float, nullable=False),
        sa.Column("updated_at", sa.Float, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_cases_terminal", "cases", ["terminal", "submitted_at"])
    op.create_table(
        "case_blobs",
        sa.Column("case_number", sa.String(64), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "case_updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_number", sa.String(64), nullable=False),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_case_updates_terminal", "case_updates", ["terminal", "at"])
    op.create_index("ix_case_updates_case", "case_updates", ["case_number", "at"])
    op.create_table(
        "heartbeats",
        sa.Column("terminal", sa.String(100), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("received_at", sa.Float, nullable=False),
        sa.Column("sent_at", sa.Float, nullable=False),
        sa.Column("waiting", sa.Integer, nullable=False),
        sa.Column("dead", sa.Integer, nullable=False),
        sa.Column("devices", sa.Text, nullable=False),
    )
    op.create_table(
        "help_requests",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("terminal", sa.String(100), nullable=False),
        sa.Column("hall_code", sa.String(64), nullable=False),
        sa.Column("screen", sa.String(64), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_help_requests_at", "help_requests", ["at"])
    op.create_table(
        "licences",
        sa.Column("person", sa.String(64), primary_key=True),
        sa.Column("type_code", sa.String(32), primary_key=True),
        sa.Column("type_name", sa.String(100), nullable=False),
        sa.Column("licence_no", sa.String(64), nullable=False),
        sa.Column("issuer", sa.String(100), nullable=False),
        sa.Column("issued_on", sa.String(10), nullable=False),
    )
    op.create_table(
        "catalog_versions",
        sa.Column("version", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("published_at", sa.Float, nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("changed", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
        sa.Column("rest", sa.Text, nullable=False),
    )
    op.create_table(
        "catalog_items",
        sa.Column("task_code", sa.String(36), primary_key=True),
        sa.Column("changed_in", sa.BigInteger, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("data", sa.Text, nullable=True),
    )
    op.create_index("ix_catalog_items_changed", "catalog_items", ["changed_in", "task_code"])
    op.bulk_insert(
        sa.table(
            "licences",
            sa.column("person"),
            sa.column("type_code"),
            sa.column("type_name"),
            sa.column("licence_no"),
            sa.column("issuer"),
            sa.column("issued_on"),
        ),
        [
            {
                "person": demo_person_key(n),
                "type_code": t,
                "type_name": name,
                "licence_no": no,
                "issuer": issuer,
                "issued_on": on,
            }
            for n, t, name, no, issuer, on in DEMO_LICENCES
        ],
    )


def downgrade() -> None:
    for table in (
        "catalog_items",
        "catalog_versions",
        "licences",
        "help_requests",
        "heartbeats",
        "case_updates",
        "case_blobs",
        "cases",
        "case_counters",
        "idempotency",
    ):
        op.drop_table(table)
