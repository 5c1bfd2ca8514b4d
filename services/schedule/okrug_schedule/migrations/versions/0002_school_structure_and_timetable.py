"""school structure and timetable: calendar, reference books, groups, curriculum, bell
schedules, timetables, substitutions; no double booking (S1-S8, I6)

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from okrug_common.tenancy import (
    CURRENT_SCHOOL,
    DISTRICT_SCOPE,
    enable_tenant_rls,
    grant_service_roles,
)

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Lessons stored before this revision get their local date in Europe/Moscow: the zone every
# school had until schools carry their own (okrug_schedule.time).
DISTRICT_SCHOOL = "00000000-0000-0000-0000-000000000000"
CLASS_PART = "int4range(class_part, CASE WHEN class_part = 0 THEN NULL ELSE class_part + 1 END)"
NEW_TABLES = (
    "academic_years",
    "study_periods",
    "holidays",
    "assessment_rules",
    "buildings",
    "rooms",
    "subject_teachers",
    "subject_rooms",
    "subject_classes",
    "bell_schedules",
    "bell_periods",
    "groups",
    "group_members",
    "deputy_grades",
    "curriculum_items",
    "teaching_load",
    "timetables",
    "timetable_entries",
    "lesson_changes",
)


def upgrade() -> None:
    # btree_gist is a trusted extension: the database owner may create it (PostgreSQL 13+).
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    _calendar()
    _reference_books()
    _classes_and_groups()
    _curriculum()
    _timetables()
    _lessons()
    for table in NEW_TABLES:
        enable_tenant_rls(table)
    _district_calendars()
    grant_service_roles()


def _calendar() -> None:
    op.create_table(
        "academic_years",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.Text(), server_default="open", nullable=False),
        sa.Column("default_period_kind", sa.Text(), server_default="term", nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Uuid(), nullable=True),
        sa.Column("next_year_id", sa.Uuid(), nullable=True),
        postgresql.ExcludeConstraint(
            (sa.column("school_id"), "="),
            (sa.text("daterange(starts_on, ends_on, '[]')"), "&&"),
            using="gist",
            name="academic_years_no_overlap",
        ),
        sa.CheckConstraint("ends_on > starts_on", name=op.f("ck_academic_years_ends_after_start")),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_academic_years")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_academic_years_school_id")),
    )
    op.create_table(
        "study_periods",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.column("school_id"), "="),
            (sa.column("year_id"), "="),
            (sa.column("kind"), "="),
            (sa.text("daterange(starts_on, ends_on, '[]')"), "&&"),
            using="gist",
            name="study_periods_no_overlap",
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_study_periods_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["school_id", "year_id"],
            ["academic_years.school_id", "academic_years.id"],
            name=op.f("fk_study_periods_school_id_academic_years"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_study_periods")),
        sa.UniqueConstraint(
            "school_id", "year_id", "kind", "number", name=op.f("uq_study_periods_school_id")
        ),
    )
    op.create_table(
        "holidays",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_holidays_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["school_id", "year_id"],
            ["academic_years.school_id", "academic_years.id"],
            name=op.f("fk_holidays_school_id_academic_years"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_holidays")),
    )
    op.create_index("ix_holidays_year", "holidays", ["school_id", "year_id", "starts_on"])
    op.create_table(
        "district_calendars",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("default_period_kind", sa.Text(), nullable=False),
        sa.Column("periods", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("holidays", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_district_calendars")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_district_calendars_school_id")),
    )


def _reference_books() -> None:
    op.create_table(
        "buildings",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_buildings")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_buildings_school_id")),
    )
    op.create_table(
        "rooms",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("building_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("kind", sa.Text(), server_default="classroom", nullable=False),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0", name=op.f("ck_rooms_capacity_positive")
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "building_id"],
            ["buildings.school_id", "buildings.id"],
            name=op.f("fk_rooms_school_id_buildings"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_rooms")),
        sa.UniqueConstraint(
            "school_id",
            "building_id",
            "name",
            name=op.f("uq_rooms_school_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.add_column(
        "subjects", sa.Column("component", sa.Text(), server_default="school", nullable=False)
    )
    op.create_table(
        "subject_teachers",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_subject_teachers_school_id_subjects"),
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "subject_id", "teacher_id", name=op.f("pk_subject_teachers")
        ),
    )
    op.create_table(
        "subject_rooms",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id", "room_id"],
            ["rooms.school_id", "rooms.id"],
            name=op.f("fk_subject_rooms_school_id_rooms"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_subject_rooms_school_id_subjects"),
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "subject_id", "room_id", name=op.f("pk_subject_rooms")
        ),
    )
    op.create_table(
        "bell_schedules",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_bell_schedules")),
        sa.UniqueConstraint("school_id", "name", name=op.f("uq_bell_schedules_school_id")),
    )
    op.create_table(
        "bell_periods",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("bell_schedule_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.SmallInteger(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_bell_periods_ends_after_start")),
        sa.CheckConstraint("number BETWEEN 0 AND 20", name=op.f("ck_bell_periods_number_range")),
        sa.ForeignKeyConstraint(
            ["school_id", "bell_schedule_id"],
            ["bell_schedules.school_id", "bell_schedules.id"],
            name=op.f("fk_bell_periods_school_id_bell_schedules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "bell_schedule_id", "number", name=op.f("pk_bell_periods")
        ),
    )


def _classes_and_groups() -> None:
    op.add_column("classes", sa.Column("year_id", sa.Uuid(), nullable=True))
    op.add_column("classes", sa.Column("previous_class_id", sa.Uuid(), nullable=True))
    op.add_column("classes", sa.Column("bell_schedule_id", sa.Uuid(), nullable=True))
    op.drop_constraint(op.f("uq_classes_school_id"), "classes", type_="unique")
    op.create_unique_constraint(
        op.f("uq_classes_school_id"),
        "classes",
        ["school_id", "year_id", "grade", "letter"],
        postgresql_nulls_not_distinct=True,
    )
    op.create_foreign_key(
        op.f("fk_classes_school_id_bell_schedules"),
        "classes",
        "bell_schedules",
        ["school_id", "bell_schedule_id"],
        ["school_id", "id"],
    )
    op.create_foreign_key(
        op.f("fk_classes_school_id_academic_years"),
        "classes",
        "academic_years",
        ["school_id", "year_id"],
        ["school_id", "id"],
    )
    op.create_check_constraint(
        op.f("ck_class_members_until_after_since"),
        "class_members",
        "until IS NULL OR until > since",
    )
    op.create_table(
        "subject_classes",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id", "class_id"],
            ["classes.school_id", "classes.id"],
            name=op.f("fk_subject_classes_school_id_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_subject_classes_school_id_subjects"),
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "subject_id", "class_id", name=op.f("pk_subject_classes")
        ),
    )
    op.create_table(
        "groups",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("part", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("part > 0", name=op.f("ck_groups_part_positive")),
        sa.ForeignKeyConstraint(
            ["school_id", "class_id"],
            ["classes.school_id", "classes.id"],
            name=op.f("fk_groups_school_id_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_groups_school_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_groups")),
        sa.UniqueConstraint("school_id", "class_id", "name", name="uq_groups_class_name"),
        sa.UniqueConstraint("school_id", "class_id", "part", name="uq_groups_class_part"),
    )
    op.create_table(
        "group_members",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=False),
        sa.Column("student_id", sa.Uuid(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "until IS NULL OR until > since", name=op.f("ck_group_members_until_after_since")
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "group_id"],
            ["groups.school_id", "groups.id"],
            name=op.f("fk_group_members_school_id_groups"),
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "group_id", "student_id", "since", name=op.f("pk_group_members")
        ),
    )
    op.create_index("ix_group_members_student", "group_members", ["school_id", "student_id"])
    op.create_table(
        "deputy_grades",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("deputy_id", sa.Uuid(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("grade BETWEEN 1 AND 11", name=op.f("ck_deputy_grades_grade_range")),
        sa.PrimaryKeyConstraint("school_id", "deputy_id", "grade", name=op.f("pk_deputy_grades")),
    )


def _curriculum() -> None:
    op.create_table(
        "assessment_rules",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("period_kind", sa.Text(), nullable=False),
        sa.CheckConstraint("grade BETWEEN 1 AND 11", name=op.f("ck_assessment_rules_grade_range")),
        sa.ForeignKeyConstraint(
            ["school_id", "year_id"],
            ["academic_years.school_id", "academic_years.id"],
            name=op.f("fk_assessment_rules_school_id_academic_years"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_assessment_rules")),
        sa.UniqueConstraint(
            "school_id",
            "year_id",
            "grade",
            "subject_id",
            name=op.f("uq_assessment_rules_school_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_table(
        "curriculum_items",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("grade", sa.SmallInteger(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("hours_per_week", sa.Numeric(precision=4, scale=1), nullable=False),
        sa.Column("hours_per_year", sa.Integer(), nullable=False),
        sa.CheckConstraint("grade BETWEEN 1 AND 11", name=op.f("ck_curriculum_items_grade_range")),
        sa.CheckConstraint("hours_per_week > 0", name=op.f("ck_curriculum_items_hours_positive")),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_curriculum_items_school_id_subjects"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "year_id"],
            ["academic_years.school_id", "academic_years.id"],
            name=op.f("fk_curriculum_items_school_id_academic_years"),
        ),
        sa.PrimaryKeyConstraint(
            "school_id", "year_id", "grade", "subject_id", name=op.f("pk_curriculum_items")
        ),
    )
    op.create_table(
        "teaching_load",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.Column("hours_per_week", sa.Numeric(precision=4, scale=1), nullable=False),
        sa.CheckConstraint("hours_per_week > 0", name=op.f("ck_teaching_load_hours_positive")),
        sa.ForeignKeyConstraint(
            ["school_id", "class_id"],
            ["classes.school_id", "classes.id"],
            name=op.f("fk_teaching_load_school_id_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "group_id"],
            ["groups.school_id", "groups.id"],
            name=op.f("fk_teaching_load_school_id_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_teaching_load_school_id_subjects"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "year_id"],
            ["academic_years.school_id", "academic_years.id"],
            name=op.f("fk_teaching_load_school_id_academic_years"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_teaching_load")),
        sa.UniqueConstraint(
            "school_id",
            "year_id",
            "teacher_id",
            "subject_id",
            "class_id",
            "group_id",
            name=op.f("uq_teaching_load_school_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )
    op.create_index("ix_teaching_load_class", "teaching_load", ["school_id", "class_id"])


def _timetables() -> None:
    op.create_table(
        "timetables",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("year_id", sa.Uuid(), nullable=False),
        sa.Column("class_id", sa.Uuid(), nullable=False),
        sa.Column("bell_schedule_id", sa.Uuid(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("status", sa.Text(), server_default="draft", nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_by", sa.Uuid(), nullable=True),
        sa.Column("publish_deadline", sa.Date(), nullable=True),
        sa.Column("published_late", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("lessons_generated", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("valid_to >= valid_from", name=op.f("ck_timetables_valid_range")),
        sa.ForeignKeyConstraint(
            ["school_id", "bell_schedule_id"],
            ["bell_schedules.school_id", "bell_schedules.id"],
            name=op.f("fk_timetables_school_id_bell_schedules"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "class_id"],
            ["classes.school_id", "classes.id"],
            name=op.f("fk_timetables_school_id_classes"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "year_id"],
            ["academic_years.school_id", "academic_years.id"],
            name=op.f("fk_timetables_school_id_academic_years"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_timetables")),
    )
    op.create_index("ix_timetables_class", "timetables", ["school_id", "class_id", "valid_from"])
    op.create_table(
        "timetable_entries",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("timetable_id", sa.Uuid(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("period", sa.SmallInteger(), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("teacher_id", sa.Uuid(), nullable=False),
        sa.Column("room_id", sa.Uuid(), nullable=True),
        sa.Column("group_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "weekday BETWEEN 1 AND 7", name=op.f("ck_timetable_entries_weekday_range")
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "group_id"],
            ["groups.school_id", "groups.id"],
            name=op.f("fk_timetable_entries_school_id_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "room_id"],
            ["rooms.school_id", "rooms.id"],
            name=op.f("fk_timetable_entries_school_id_rooms"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "subject_id"],
            ["subjects.school_id", "subjects.id"],
            name=op.f("fk_timetable_entries_school_id_subjects"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id", "timetable_id"],
            ["timetables.school_id", "timetables.id"],
            name=op.f("fk_timetable_entries_school_id_timetables"),
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_timetable_entries")),
        sa.UniqueConstraint(
            "school_id",
            "timetable_id",
            "weekday",
            "period",
            "group_id",
            name=op.f("uq_timetable_entries_school_id"),
            postgresql_nulls_not_distinct=True,
        ),
    )


def _lessons() -> None:
    op.add_column("lessons", sa.Column("lesson_date", sa.Date(), nullable=True))
    op.add_column("lessons", sa.Column("planned_teacher_id", sa.Uuid(), nullable=True))
    # Row-level security is forced on lessons, for the owner too: lift it for the data
    # changes of this migration (every school's rows), and force it again after.
    op.execute("ALTER TABLE lessons NO FORCE ROW LEVEL SECURITY")
    op.execute(
        "UPDATE lessons SET lesson_date = (starts_at AT TIME ZONE 'Europe/Moscow')::date, "
        "planned_teacher_id = teacher_id"
    )
    op.alter_column("lessons", "lesson_date", nullable=False)
    op.alter_column("lessons", "planned_teacher_id", nullable=False)
    op.add_column("lessons", sa.Column("group_id", sa.Uuid(), nullable=True))
    op.add_column(
        "lessons",
        sa.Column("class_part", sa.SmallInteger(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("lessons", sa.Column("room_id", sa.Uuid(), nullable=True))
    op.add_column("lessons", sa.Column("period", sa.SmallInteger(), nullable=True))
    op.add_column("lessons", sa.Column("timetable_id", sa.Uuid(), nullable=True))
    op.add_column(
        "lessons", sa.Column("status", sa.Text(), server_default="planned", nullable=False)
    )
    op.create_index("ix_lessons_room_time", "lessons", ["school_id", "room_id", "starts_at"])
    op.create_index("ix_lessons_timetable", "lessons", ["school_id", "timetable_id", "lesson_date"])
    op.create_foreign_key(
        op.f("fk_lessons_school_id_groups"),
        "lessons",
        "groups",
        ["school_id", "group_id"],
        ["school_id", "id"],
    )
    op.create_foreign_key(
        op.f("fk_lessons_school_id_rooms"),
        "lessons",
        "rooms",
        ["school_id", "room_id"],
        ["school_id", "id"],
    )
    op.create_table(
        "lesson_changes",
        sa.Column("school_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("lesson_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("teacher_before", sa.Uuid(), nullable=True),
        sa.Column("teacher_after", sa.Uuid(), nullable=True),
        sa.Column("starts_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("starts_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_by", sa.Uuid(), nullable=True),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("school_id", "id", name=op.f("pk_lesson_changes")),
    )
    op.create_index("ix_lesson_changes_lesson", "lesson_changes", ["school_id", "lesson_id"])
    op.create_index("ix_lesson_changes_time", "lesson_changes", ["school_id", "changed_at"])
    _cancel_double_bookings_made_before_s8()
    op.execute("ALTER TABLE lessons FORCE ROW LEVEL SECURITY")
    # S8: a teacher, a room, a class (or one of its groups) is never in two planned lessons
    # at once. class_part 0 is the whole class ([0, inf)), a group's part k is [k, k+1).
    for name, resource in (
        ("lessons_teacher_not_double_booked", "teacher_id WITH ="),
        ("lessons_room_not_double_booked", "room_id WITH ="),
        ("lessons_class_not_double_booked", f"class_id WITH =, {CLASS_PART} WITH &&"),
    ):
        op.execute(
            f"ALTER TABLE lessons ADD CONSTRAINT {name} EXCLUDE USING gist "
            f"(school_id WITH =, {resource}, tstzrange(starts_at, ends_at) WITH &&) "
            "WHERE (status = 'planned')"
        )


def _cancel_double_bookings_made_before_s8() -> None:
    """Lessons stored before S8 was enforced may collide (a teacher or a class in two lessons
    at once); the later of two colliding lessons is cancelled, with the reason in the log,
    so the constraints can be created."""
    op.execute(
        """
        WITH colliding AS (
            SELECT DISTINCT later.school_id, later.id
            FROM lessons later
            JOIN lessons earlier
              ON earlier.school_id = later.school_id
             AND (earlier.starts_at, earlier.id) < (later.starts_at, later.id)
             AND tstzrange(earlier.starts_at, earlier.ends_at)
                 && tstzrange(later.starts_at, later.ends_at)
             AND (earlier.teacher_id = later.teacher_id OR earlier.class_id = later.class_id)
        ), cancelled AS (
            UPDATE lessons SET status = 'cancelled'
            FROM colliding
            WHERE lessons.school_id = colliding.school_id AND lessons.id = colliding.id
            RETURNING lessons.school_id, lessons.id
        )
        INSERT INTO lesson_changes (school_id, id, lesson_id, kind, reason)
        SELECT school_id, gen_random_uuid(), id, 'cancelled',
               'double booking found when S8 was enforced (migration 0002)'
        FROM cancelled
        """
    )


def _district_calendars() -> None:
    """The district's default calendars: every school reads them; only transactions scoped
    to the district (district roles, verified from the token) write them."""
    table = "district_calendars"
    district_row = f"school_id = '{DISTRICT_SCHOOL}'::uuid"
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY district_defaults_read ON {table} FOR SELECT "
        f"USING ({district_row} AND ({CURRENT_SCHOOL} IS NOT NULL OR {DISTRICT_SCOPE}))"
    )
    op.execute(
        f"CREATE POLICY district_defaults_write ON {table} "
        f"USING ({district_row} AND {DISTRICT_SCOPE}) "
        f"WITH CHECK ({district_row} AND {DISTRICT_SCOPE})"
    )
