"""one calendar: a year's working days per week; every class belongs to a year (S1)

Classes made before this revision without a year get the year that contains their first
member's first day, else the year that contains today; a class for which no year is found
stops the migration (create the school's year, then migrate again).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

WORKING_DAYS = "working_days_per_week IN (5, 6)"


def upgrade() -> None:
    for table in ("academic_years", "district_calendars"):
        op.add_column(
            table,
            sa.Column(
                "working_days_per_week",
                sa.SmallInteger(),
                server_default=sa.text("5"),
                nullable=False,
            ),
        )
    op.create_check_constraint(
        op.f("ck_academic_years_working_days_per_week"), "academic_years", WORKING_DAYS
    )
    _every_class_in_a_year()


def _every_class_in_a_year() -> None:
    # Row-level security is forced on these tables, for the owner too: lift it for this
    # migration's data change (every school's rows), and force it again after.
    for table in ("classes", "class_members", "academic_years"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(
        """
        UPDATE classes c SET year_id = y.id
        FROM academic_years y
        WHERE c.year_id IS NULL AND y.school_id = c.school_id
          AND COALESCE(
                (SELECT min(m.since) FROM class_members m
                 WHERE m.school_id = c.school_id AND m.class_id = c.id),
                current_date
              ) BETWEEN y.starts_on AND y.ends_on
        """
    )
    op.execute(
        """
        DO $$
        DECLARE orphans int;
        BEGIN
          SELECT count(*) INTO orphans FROM classes WHERE year_id IS NULL;
          IF orphans > 0 THEN
            RAISE EXCEPTION
              '% classes belong to no academic year: create the year that contains their '
              'members'' first day (or today) in schedule, then migrate again', orphans;
          END IF;
        END $$
        """
    )
    for table in ("classes", "class_members", "academic_years"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.alter_column("classes", "year_id", nullable=False)


def downgrade() -> None:
    op.alter_column("classes", "year_id", nullable=True)
    op.drop_constraint("ck_academic_years_working_days_per_week", "academic_years")
    for table in ("academic_years", "district_calendars"):
        op.drop_column(table, "working_days_per_week")
