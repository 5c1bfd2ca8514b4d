"""messages of a school's monitoring report (O5): the kind 'monitoring-report'

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CONSTRAINT = "ck_messages_kind_known"


def upgrade() -> None:
    op.drop_constraint(op.f(CONSTRAINT), "messages", type_="check")
    op.create_check_constraint(
        op.f(CONSTRAINT), "messages", "kind IN ('mark', 'absence', 'direct', 'monitoring-report')"
    )


def downgrade() -> None:
    op.drop_constraint(op.f(CONSTRAINT), "messages", type_="check")
    op.create_check_constraint(
        op.f(CONSTRAINT), "messages", "kind IN ('mark', 'absence', 'direct')"
    )
