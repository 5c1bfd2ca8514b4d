"""missing entries are facts (J4): every timeliness fact has its fact id, its timeliness
(on time, late, missing), who entered it and how (typed, paper, offline), and what it is
about (class, subject, date, study period); the entries the journal expects by a deadline

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

from okrug_common.tenancy import enable_tenant_rls, grant_service_roles

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_ABOUT = (
    ("class_id", sa.Uuid()),
    ("subject_id", sa.Uuid()),
    ("lesson_date", sa.Date()),
    ("period", sa.Text()),
    ("entered_by", sa.Uuid()),
)

_FILLED_FROM = ("entry_timeliness", "lesson_projection", "period_marks")


def upgrade() -> None:
    op.add_column("entry_timeliness", sa.Column("fact_id", sa.Uuid(), nullable=True))
    op.add_column("entry_timeliness", sa.Column("timeliness", sa.Text(), nullable=True))
    for name, type_ in _ABOUT:
        op.add_column("entry_timeliness", sa.Column(name, type_, nullable=True))
    op.drop_constraint(op.f("ck_entry_timeliness_source"), "entry_timeliness", type_="check")
    # The facts already kept: each its own fact; the person the old rows named entered it;
    # an entry that claimed a moment of its own was kept in the browser (offline). Row-level
    # security is forced on the owner too: lifted for the owner while the rows are filled.
    for table in _FILLED_FROM:
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(
        "UPDATE entry_timeliness SET fact_id = id, "
        "timeliness = CASE WHEN late THEN 'late' ELSE 'on_time' END, "
        "entered_by = teacher_id, "
        "source = CASE WHEN source = 'paper' THEN 'paper' "
        "WHEN claimed_at IS NOT NULL THEN 'offline' ELSE 'typed' END"
    )
    op.execute(
        "UPDATE entry_timeliness t SET class_id = l.class_id, subject_id = l.subject_id, "
        "lesson_date = l.lesson_date FROM lesson_projection l "
        "WHERE l.school_id = t.school_id AND l.lesson_id = t.lesson_id"
    )
    op.execute(
        "UPDATE entry_timeliness t SET class_id = p.class_id, subject_id = p.subject_id, "
        "period = p.period FROM period_marks p "
        "WHERE p.school_id = t.school_id AND p.id = t.entity_id AND t.kind = 'period-mark'"
    )
    for table in _FILLED_FROM:
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.alter_column("entry_timeliness", "fact_id", nullable=False)
    op.alter_column("entry_timeliness", "timeliness", nullable=False)
    op.alter_column("entry_timeliness", "entered_at", nullable=True)
    op.alter_column("entry_timeliness", "entity_id", nullable=True)
    # A missing fact was entered by nobody, in no way.
    op.alter_column("entry_timeliness", "source", server_default=None, nullable=True)
    op.drop_column("entry_timeliness", "late")
    op.create_check_constraint(
        op.f("ck_entry_timeliness_source"),
        "entry_timeliness",
        "source IN ('typed', 'paper', 'offline') OR (source IS NULL AND timeliness = 'missing')",
    )
    op.create_check_constraint(
        op.f("ck_entry_timeliness_timeliness"),
        "entry_timeliness",
        "timeliness IN ('on_time', 'late', 'missing')",
    )
    op.create_unique_constraint(
        op.f("uq_entry_timeliness_school_id"), "entry_timeliness", ["school_id", "fact_id"]
    )

    op.create_table(
        "entry_expectations",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=True),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.Text(), nullable=True),
        sa.Column("lesson_date", sa.Date(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('attendance', 'topic', 'homework', 'period-mark')",
            name=op.f("ck_entry_expectations_kind"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_entry_expectations")),
    )
    op.create_index("ix_entry_expectations_due", "entry_expectations", ["school_id", "due_at"])
    # The deadline clock finds the schools with entries due through the district scope.
    enable_tenant_rls("entry_expectations", district_read=True)
    grant_service_roles()


def downgrade() -> None:
    op.drop_table("entry_expectations")
    op.drop_constraint(op.f("uq_entry_timeliness_school_id"), "entry_timeliness", type_="unique")
    op.drop_constraint(op.f("ck_entry_timeliness_timeliness"), "entry_timeliness", type_="check")
    op.drop_constraint(op.f("ck_entry_timeliness_source"), "entry_timeliness", type_="check")
    op.execute("ALTER TABLE entry_timeliness NO FORCE ROW LEVEL SECURITY")
    op.execute("DELETE FROM entry_timeliness WHERE timeliness = 'missing'")
    op.alter_column("entry_timeliness", "source", nullable=False)
    op.add_column("entry_timeliness", sa.Column("late", sa.Boolean(), nullable=True))
    op.execute(
        "UPDATE entry_timeliness SET late = (timeliness = 'late'), "
        "source = CASE WHEN source = 'paper' THEN 'paper' ELSE 'online' END"
    )
    op.execute("ALTER TABLE entry_timeliness FORCE ROW LEVEL SECURITY")
    op.alter_column("entry_timeliness", "late", nullable=False)
    op.alter_column("entry_timeliness", "source", server_default="online")
    op.alter_column("entry_timeliness", "entered_at", nullable=False)
    op.alter_column("entry_timeliness", "entity_id", nullable=False)
    for name, _ in _ABOUT:
        op.drop_column("entry_timeliness", name)
    op.drop_column("entry_timeliness", "timeliness")
    op.drop_column("entry_timeliness", "fact_id")
    op.create_check_constraint(
        op.f("ck_entry_timeliness_source"), "entry_timeliness", "source IN ('online', 'paper')"
    )
