"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import enable_plumbing_rls, enable_tenant_rls, grant_service_roles

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("headers", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_table(
        "processed_events",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("consumer", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "consumer", "event_id", name=op.f("pk_processed_events")
        ),
    )
    op.create_table(
        "requests",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("author_role", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default="open", nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Uuid(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "category IN ('question', 'remark', 'proposal', 'methodological', 'consulting', 'technical')",
            name=op.f("ck_requests_category_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'answered', 'closed')", name=op.f("ck_requests_status_known")
        ),
        sa.CheckConstraint(
            "(answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL)",
            name=op.f("ck_requests_answer_complete"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_requests")),
    )
    op.create_index(
        "ix_requests_status_created",
        "requests",
        ["school_id", "status", "created_at"],
        unique=False,
    )
    # District roles (support agents, the working group, the district admin) read and
    # answer every school's requests: the district's request log (H1).
    enable_tenant_rls("requests", district_read=True, district_write=True)
    enable_plumbing_rls()
    grant_service_roles()
