"""diary and attendance corrections: who corrected an absence reason, sick notes, dated
class and group membership projected from schedule

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ATTENDANCE_COLUMNS = (
    sa.Column("reason_corrected_by", sa.Uuid(), nullable=True),
    sa.Column("reason_corrected_at", sa.DateTime(timezone=True), nullable=True),
)


def upgrade() -> None:
    for column in _ATTENDANCE_COLUMNS:
        op.add_column("attendance", column)
    op.create_table(
        "absence_notes",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("date_to >= date_from", name=op.f("ck_absence_notes_ordered")),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_absence_notes")),
    )
    op.create_index(
        "ix_absence_notes_student",
        "absence_notes",
        ["school_id", "student_id", "date_from"],
        unique=False,
    )
    op.create_table(
        "group_member_projection",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint(
            "school_id", "group_id", "student_id", "since", name=op.f("pk_group_member_projection")
        ),
    )
    op.create_index(
        "ix_group_member_projection_student",
        "group_member_projection",
        ["school_id", "student_id"],
        unique=False,
    )
    op.create_table(
        "dated_class_member_projection",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint(
            "school_id",
            "class_id",
            "student_id",
            "since",
            name=op.f("pk_dated_class_member_projection"),
        ),
    )
    for table in ("absence_notes", "group_member_projection", "dated_class_member_projection"):
        enable_tenant_rls(table)
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("dated_class_member_projection")
    op.drop_table("group_member_projection")
    op.drop_table("absence_notes")
    for column in reversed(_ATTENDANCE_COLUMNS):
        op.drop_column("attendance", column.name)
