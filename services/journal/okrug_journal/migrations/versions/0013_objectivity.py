"""oversight's read models of the objectivity of marks (O2, J3): distributions of marks per
teacher, class and subject, the use of work types and weights, period marks beside their
weighted averages; and the per-mark bookkeeping their handlers keep

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import enable_tenant_rls, grant_reporting_read, grant_service_roles

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TABLES = (
    "objectivity_marks",
    "objectivity_distribution",
    "objectivity_work_types",
    "objectivity_period_marks",
)
# What the district reads (counts, no student); objectivity_marks is the handlers' own.
REPORTED = ("objectivity_distribution", "objectivity_work_types", "objectivity_period_marks")


def upgrade() -> None:
    op.create_table(
        "objectivity_marks",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("mark_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("subject_name", sa.Text(), nullable=False),
        sa.Column("class_name", sa.Text(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("work_type", sa.Text(), nullable=False),
        sa.Column("weight", sa.Numeric(4, 2), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=True),
        sa.Column("periods", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "mark_id", name=op.f("pk_objectivity_marks")),
    )
    op.create_table(
        "objectivity_distribution",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("subject_name", sa.Text(), nullable=False),
        sa.Column("class_name", sa.Text(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        *(
            sa.Column(f"marks_{value}", sa.Integer(), server_default="0", nullable=False)
            for value in range(1, 6)
        ),
        sa.PrimaryKeyConstraint(
            "school_id",
            "period",
            "teacher_id",
            "class_id",
            "subject_id",
            name=op.f("pk_objectivity_distribution"),
        ),
    )
    op.create_index(
        "ix_objectivity_distribution_subject",
        "objectivity_distribution",
        ["school_id", "period", "subject_key", "grade"],
    )
    op.create_table(
        "objectivity_work_types",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("work_type", sa.Text(), nullable=False),
        sa.Column("weight", sa.Numeric(4, 2), nullable=False),
        sa.Column("marks", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "period", "work_type", "weight", name=op.f("pk_objectivity_work_types")
        ),
    )
    op.create_table(
        "objectivity_period_marks",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("period_mark_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("subject_key", sa.Text(), nullable=False),
        sa.Column("subject_name", sa.Text(), nullable=False),
        sa.Column("class_name", sa.Text(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=True),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("value", sa.SmallInteger(), nullable=False),
        sa.Column("weighted_average", sa.Numeric(4, 2), nullable=True),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint(
            "school_id", "period_mark_id", name=op.f("pk_objectivity_period_marks")
        ),
    )
    op.create_index(
        "ix_objectivity_period_marks_subject",
        "objectivity_period_marks",
        ["school_id", "period", "subject_key", "grade"],
    )
    for table in TABLES:
        enable_tenant_rls(table)
    for table in REPORTED:
        grant_reporting_read(table)
    grant_service_roles()


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
