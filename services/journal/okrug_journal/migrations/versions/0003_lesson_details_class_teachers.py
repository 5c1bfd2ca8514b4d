"""lesson projection carries class, group, planned teacher, period; class teachers

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_LESSON_COLUMNS = (
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("class_name", sa.Text(), server_default="", nullable=False),
    sa.Column("class_grade", sa.SmallInteger(), nullable=True),
    sa.Column("group_id", sa.Uuid(), nullable=True),
    sa.Column("group_name", sa.Text(), nullable=True),
    sa.Column("planned_teacher_id", sa.Uuid(), nullable=True),
    sa.Column("period_number", sa.SmallInteger(), nullable=True),
    sa.Column("room_name", sa.Text(), nullable=True),
)


def upgrade() -> None:
    for column in _LESSON_COLUMNS:
        op.add_column("lesson_projection", column)
    op.create_index(
        "ix_lesson_projection_class",
        "lesson_projection",
        ["school_id", "class_id", "lesson_date"],
        unique=False,
    )
    op.create_table(
        "class_teacher_projection",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "class_id", name=op.f("pk_class_teacher_projection")),
    )
    op.create_index(
        "ix_class_teacher_projection_teacher",
        "class_teacher_projection",
        ["school_id", "teacher_id"],
        unique=False,
    )
    enable_tenant_rls("class_teacher_projection")
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("class_teacher_projection")
    op.drop_index("ix_lesson_projection_class", table_name="lesson_projection")
    for column in reversed(_LESSON_COLUMNS):
        op.drop_column("lesson_projection", column.name)
