"""Official numbers are looked up (办件查询 of another hall's case through the city).

Revision ID: 0010
Revises: 0009
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_city_cases_official", "city_cases", ["official_number"])
    op.create_index("ix_case_official_number", "case_official", ["official_number"])


def downgrade() -> None:
    op.drop_index("ix_case_official_number", table_name="case_official")
    op.drop_index("ix_city_cases_official", table_name="city_cases")
