"""The district dashboard of 100 schools (issue 11, Performance): read from oversight's read
models through the journal's REST API, against the naive GROUP BY over the raw facts, both
in the same run; then how soon a lesson saved through the API shows in the district's
figures while lessons are saved at a constant rate.

    .venv/bin/python bench/oversight_dashboard.py [--schools 100] [--classes 20]
        [--students 25] [--weeks 16] [--instance test-3] [--reads 200]
        [--save-rate 100] [--save-seconds 15] [--no-freshness]

1. A generator fills a district straight into the journal's database with COPY: per school
   `--classes` classes of `--students` students, 5 lessons a class a weekday over the last
   `--weeks` weeks (the term of a calendar of its own), each held lesson with its record,
   attendance (7 % absent, 1 % late: the journal keeps a row only for those), two marks,
   and the timeliness facts (attendance, topic, homework, each mark; 5 % of the lessons not
   held: their three facts missing). 100 schools x 20 classes x 25 students x 5 lessons x
   80 days = 20 million students marked in 800,000 lessons. The first school is small
   (1 class) so that the platform's own rebuild of it is quick (step 3).
2. The read models are filled set-based in SQL from the same facts, computing what the
   handlers and rebuilds compute (oversight/keeping, oversight/attendance: the latter with
   the platform's own rebuild statements): the platform's row-by-row rebuild of journal
   keeping would take hours at this scale.
3. Check: the first school's dashboard figures are read, the platform's own rebuild
   (`okrug-journal rebuild-oversight`) recomputes that school's read models, and the figures
   read again must be the same; and the naive query's figures must equal the API's for
   every school.
4. The dashboard (GET keeping/schools, keeping/fill and index as a district admin: what the
   district screen asks for) timed `--reads` times; the naive query (one SQL statement over
   the raw facts, as the superuser: the reporting role may not read them) timed 3 times.
5. Freshness: a real school made through the public APIs, its lessons saved through
   PUT /journal/lessons/{id}/record at `--save-rate`/s by an open-model generator (each
   save marks one more student absent), while a poller reads the district's figures every
   50 ms; a save's lag is the time from its answer to the first read showing it.

Starts its own platform instance (fresh databases, identity's own issuer), stops it at the
end; the databases stay (about 9 GB under .run/<instance>/ at full scale: stop them with
`.venv/bin/okrug-local infra down --instance test-3`, then remove .run/test-3/pg). Every figure comes with the load average."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import resource
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from journal_lesson_save import build, group_cpu, load, postgres_cpu

from okrug_journal.oversight.attendance.rebuild import LESSONS, WEEKS
from okrug_local import postgres, processes, services
from okrug_local.platform import Platform, start
from okrug_local.services import demo_workers

TERM = "term-2"
LESSONS_A_DAY = 5
SUBJECTS = [
    "Математика",
    "Русский язык",
    "Литература",
    "История",
    "Физика",
    "Биология",
    "География",
    "Английский язык",
]
ABSENT, LATE = 0.07, 0.01
NOT_HELD = 0.05
LATE_ENTRY = 0.10
REPLACED = 0.02
MARKS_A_LESSON = 2
MIN_MARKS = 3  # the district's default minimum (settings), for the naive query


@dataclass(frozen=True)
class Term:
    starts_on: date
    ends_on: date
    days: list[date]  # the weekdays with lessons: from the start to yesterday

    @property
    def weeks(self) -> int:
        return math.ceil(((self.ends_on - self.starts_on).days + 1) / 7)


def term_of(weeks: int) -> Term:
    today = datetime.now(UTC).date()
    starts = today - timedelta(days=today.weekday() + 7 * weeks)
    days = [
        starts + timedelta(days=n)
        for n in range((today - starts).days)
        if (starts + timedelta(days=n)).weekday() < 5
    ]
    return Term(starts, today + timedelta(days=20), days)


def calendar_row(school: uuid.UUID, term: Term) -> tuple[Any, ...]:
    """The school's year in the journal's calendar: the term the lessons are in, and the
    year around it (period_of picks the term, the shorter)."""
    year_starts, year_ends = term.starts_on - timedelta(days=70), term.ends_on + timedelta(days=150)
    periods = [
        {
            "code": TERM,
            "kind": "term",
            "starts_on": str(term.starts_on),
            "ends_on": str(term.ends_on),
        },
        {"code": "year", "kind": "year", "starts_on": str(year_starts), "ends_on": str(year_ends)},
    ]
    now = datetime.now(UTC)
    return (
        school,
        uuid.uuid4(),
        "Бенчмарк",
        year_starts,
        year_ends,
        "active",
        5,
        json.dumps(periods),
        "[]",
        now,
        now,
    )


@dataclass
class Generated:
    rows: dict[str, int]
    seconds: float
    cpu_seconds: float


class District:
    """Rows of every table the generator fills, made school by school (deterministic)."""

    def __init__(self, schools: int, classes: int, students: int, term: Term) -> None:
        self.rng = random.Random(11)
        self.term = term
        self.schools = [uuid.UUID(int=self.rng.getrandbits(128)) for _ in range(schools)]
        self.classes_of = {s: (1 if n == 0 else classes) for n, s in enumerate(self.schools)}
        self.students = students
        self.rows: dict[str, list[tuple[Any, ...]]] = {}

    def school(self, school: uuid.UUID) -> dict[str, list[tuple[Any, ...]]]:
        rng, term = self.rng, self.term
        out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}
        out["school_calendars"].append(calendar_row(school, term))
        subjects = [uuid.uuid4() for _ in SUBJECTS]
        teachers = [uuid.uuid4() for _ in range(12)]
        for c in range(self.classes_of[school]):
            class_id, grade = uuid.uuid4(), 1 + c % 11
            name = f"{grade}{'АБВГ'[c // 11 % 4]}"
            out["class_grades"].append((school, class_id, name, grade))
            members = [uuid.uuid4() for _ in range(self.students)]
            out["class_member_projection"] += [(school, class_id, m) for m in members]
            for day in term.days:
                for hour in range(LESSONS_A_DAY):
                    k = (c + hour + day.toordinal()) % len(SUBJECTS)
                    self._lesson(
                        out,
                        rng,
                        school,
                        class_id,
                        name,
                        grade,
                        members,
                        subjects[k],
                        SUBJECTS[k],
                        teachers[(c + k) % len(teachers)],
                        day,
                        hour,
                    )
        return out

    def _lesson(
        self,
        out: dict[str, list[tuple[Any, ...]]],
        rng: random.Random,
        school: uuid.UUID,
        class_id: uuid.UUID,
        class_name: str,
        grade: int,
        members: list[uuid.UUID],
        subject: uuid.UUID,
        subject_name: str,
        planned: uuid.UUID,
        day: date,
        hour: int,
    ) -> None:
        lesson = uuid.uuid4()
        teacher = uuid.uuid4() if rng.random() < REPLACED else planned
        starts = datetime.combine(day, day_time(5 + hour), tzinfo=UTC)
        out["lesson_projection"].append(
            (
                school,
                lesson,
                class_id,
                subject,
                subject_name,
                teacher,
                day,
                starts,
                starts + timedelta(minutes=45),
                class_name,
                grade,
                None,
                planned,
                hour + 1,
                None,
            )
        )
        due = datetime.combine(day, day_time(18), tzinfo=UTC)
        held = rng.random() >= NOT_HELD

        def fact(kind: str, entity: uuid.UUID | None) -> None:
            if not held:
                out["entry_timeliness"].append(
                    (
                        school,
                        uuid.uuid4(),
                        uuid.uuid4(),
                        kind,
                        "missing",
                        None,
                        lesson,
                        teacher,
                        class_id,
                        subject,
                        day,
                        TERM,
                        None,
                        None,
                        due,
                        None,
                    )
                )
                return
            late = rng.random() < LATE_ENTRY
            entered = due + timedelta(hours=15) if late else due - timedelta(hours=1)
            out["entry_timeliness"].append(
                (
                    school,
                    uuid.uuid4(),
                    uuid.uuid4(),
                    kind,
                    "late" if late else "on_time",
                    entity or lesson,
                    lesson,
                    teacher,
                    class_id,
                    subject,
                    day,
                    TERM,
                    teacher,
                    entered,
                    due,
                    "typed",
                )
            )

        for kind in ("attendance", "topic", "homework"):
            fact(kind, None)
        if not held:
            return
        out["lesson_records"].append(
            (
                school,
                lesson,
                f"Тема {day:%d.%m}",
                "[]",
                json.dumps({"text": "§ 12, № 3"}),
                True,
                teacher,
                teacher,
                starts,
                starts,
            )
        )
        for student in members:
            draw = rng.random()
            if draw < ABSENT + LATE:
                out["attendance"].append(
                    (
                        school,
                        lesson,
                        student,
                        "absent" if draw < ABSENT else "late",
                        None,
                        teacher,
                        starts,
                    )
                )
        for student in rng.sample(members, MARKS_A_LESSON):
            mark = uuid.uuid4()
            out["marks"].append(
                (
                    school,
                    mark,
                    lesson,
                    student,
                    "five-point",
                    str(rng.randint(2, 5)),
                    "classwork",
                    1,
                    teacher,
                    starts,
                )
            )
            fact("mark", mark)


TABLES: dict[str, list[str]] = {
    "school_calendars": [
        "school_id",
        "year_id",
        "name",
        "starts_on",
        "ends_on",
        "status",
        "working_days_per_week",
        "study_periods",
        "holidays",
        "announced_at",
        "updated_at",
    ],
    "class_grades": ["school_id", "class_id", "class_name", "grade"],
    "class_member_projection": ["school_id", "class_id", "student_id"],
    "lesson_projection": [
        "school_id",
        "lesson_id",
        "class_id",
        "subject_id",
        "subject_name",
        "teacher_id",
        "lesson_date",
        "starts_at",
        "ends_at",
        "class_name",
        "class_grade",
        "group_id",
        "planned_teacher_id",
        "period_number",
        "room_name",
    ],
    "lesson_records": [
        "school_id",
        "lesson_id",
        "topic",
        "work_types",
        "homework",
        "held",
        "teacher_id",
        "recorded_by",
        "recorded_at",
        "updated_at",
    ],
    "attendance": [
        "school_id",
        "lesson_id",
        "student_id",
        "status",
        "reason",
        "recorded_by",
        "recorded_at",
    ],
    "marks": [
        "school_id",
        "id",
        "lesson_id",
        "student_id",
        "scale",
        "value",
        "work_type",
        "weight",
        "recorded_by",
        "recorded_at",
    ],
    "entry_timeliness": [
        "school_id",
        "id",
        "fact_id",
        "kind",
        "timeliness",
        "entity_id",
        "lesson_id",
        "teacher_id",
        "class_id",
        "subject_id",
        "lesson_date",
        "period",
        "entered_by",
        "entered_at",
        "due_at",
        "source",
    ],
}
JSONB_COLUMNS = {
    ("school_calendars", "study_periods"),
    ("school_calendars", "holidays"),
    ("lesson_records", "work_types"),
    ("lesson_records", "homework"),
}


async def _jsonb_codec(conn: asyncpg.Connection) -> None:
    """COPY is binary: jsonb's binary form is a version byte (1) and the text."""
    await conn.set_type_codec(
        "jsonb",
        encoder=lambda text: b"\x01" + text.encode(),
        decoder=lambda data: json.loads(data[1:]),
        schema="pg_catalog",
        format="binary",
    )


async def generate(dsn: str, district: District, *, reuse: bool) -> Generated:
    """Every school's rows COPYed table by table, a school at a time; with `reuse`, those of
    a run before counted instead when the district's schools are there."""
    began, cpu = time.perf_counter(), _own_cpu()
    counts = {t: 0 for t in TABLES}
    conn = await asyncpg.connect(dsn)
    await _jsonb_codec(conn)
    try:
        there = await conn.fetchval(
            "SELECT count(*) FROM school_calendars WHERE school_id = ANY($1)", district.schools
        )
        if reuse and there == len(district.schools):
            for table in TABLES:
                counts[table] = await conn.fetchval(f"SELECT count(*) FROM {table}")
            return Generated(counts, 0.0, 0.0)
        for school in district.schools:
            rows = district.school(school)
            async with conn.transaction():
                for table, columns in TABLES.items():
                    if rows[table]:
                        await conn.copy_records_to_table(
                            table, records=rows[table], columns=columns
                        )
                        counts[table] += len(rows[table])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return Generated(counts, time.perf_counter() - began, _own_cpu() - cpu)


# --- the read models, set-based --------------------------------------------------------------
# What the handlers (and the rebuilds) of oversight/keeping compute, per school, for every
# school at once: the superuser's statements see every school (no row-level security).

KEEPING = [
    # Each fact as ENTRIES_TIMED carries it (keeping/handlers.fact_row).
    """
    INSERT INTO oversight_entry_facts (school_id, fact_id, kind, timeliness, lesson_id,
        class_id, subject_id, teacher_id, grade, lesson_date, week, period, due_at,
        entered_at, entered_by, source)
    SELECT t.school_id, t.fact_id, t.kind, replace(t.timeliness, '_', '-'), t.lesson_id,
        t.class_id, t.subject_id, t.teacher_id, g.grade, t.lesson_date,
        date_trunc('week', t.lesson_date)::date, coalesce(t.period, ''), t.due_at,
        t.entered_at, t.entered_by, coalesce(t.source, '')
    FROM entry_timeliness t LEFT JOIN class_grades g USING (school_id, class_id)
    """,
    # Their sums (read_model._count_fact).
    """
    INSERT INTO oversight_timeliness (school_id, week, period, teacher_id, class_id,
        subject_id, kind, grade, on_time, late, missing)
    SELECT school_id, week, period, teacher_id, class_id, subject_id, kind, max(grade),
        count(*) FILTER (WHERE timeliness = 'on-time'),
        count(*) FILTER (WHERE timeliness = 'late'),
        count(*) FILTER (WHERE timeliness = 'missing')
    FROM oversight_entry_facts
    GROUP BY school_id, week, period, teacher_id, class_id, subject_id, kind
    """,
    # Each lesson with its entries, topic and homework (read_model.plan_lesson).
    """
    INSERT INTO oversight_lessons (school_id, lesson_id, class_id, class_name, subject_id,
        subject_name, teacher_id, planned_teacher_id, grade, lesson_date, week, period,
        starts_at, cancelled, entries, topic, homework)
    SELECT p.school_id, p.lesson_id, p.class_id, p.class_name, p.subject_id, p.subject_name,
        p.teacher_id, coalesce(p.planned_teacher_id, p.teacher_id), p.class_grade,
        p.lesson_date, date_trunc('week', p.lesson_date)::date, %(term)s, p.starts_at, false,
        (SELECT count(*) FROM oversight_entry_facts f WHERE f.school_id = p.school_id
            AND f.lesson_id = p.lesson_id AND f.timeliness <> 'missing'),
        r.topic, nullif(r.homework ->> 'text', '')
    FROM lesson_projection p LEFT JOIN lesson_records r USING (school_id, lesson_id)
    """,
    # Lessons planned, held, replaced per day, class, subject, planned teacher
    # (read_model.LessonState.counts).
    """
    INSERT INTO oversight_lesson_counts (school_id, lesson_date, class_id, subject_id,
        teacher_id, week, period, grade, planned, held, replaced, cancelled)
    SELECT school_id, lesson_date, class_id, subject_id, planned_teacher_id, week, period,
        max(grade), count(*), count(*) FILTER (WHERE entries > 0 AND NOT cancelled),
        count(*) FILTER (WHERE teacher_id <> planned_teacher_id AND NOT cancelled),
        count(*) FILTER (WHERE cancelled)
    FROM oversight_lessons
    GROUP BY school_id, lesson_date, class_id, subject_id, planned_teacher_id, week, period
    """,
    # Fill rate per class, subject and period (keeping/fill.refresh): the class's members
    # with their marks, as counts of students with 0, 1 ... 20 or more marks.
    """
    INSERT INTO oversight_fill (school_id, period, class_id, subject_id, class_name,
        subject_name, grade, students, marks, weekly_hours, students_by_marks)
    WITH groups AS (
        SELECT school_id, class_id, subject_id, count(*) AS lessons,
            max(class_name) AS class_name, max(subject_name) AS subject_name,
            max(class_grade) AS grade
        FROM lesson_projection GROUP BY school_id, class_id, subject_id
    ), counted AS (
        SELECT k.school_id, l.class_id, l.subject_id, k.student_id, count(*) AS marks
        FROM marks k JOIN lesson_projection l USING (school_id, lesson_id)
        GROUP BY 1, 2, 3, 4
    ), per_student AS (
        SELECT g.school_id, g.class_id, g.subject_id, coalesce(c.marks, 0) AS marks
        FROM groups g JOIN class_member_projection m USING (school_id, class_id)
        LEFT JOIN counted c ON c.school_id = g.school_id AND c.class_id = g.class_id
            AND c.subject_id = g.subject_id AND c.student_id = m.student_id
    ), histogram AS (
        SELECT school_id, class_id, subject_id, array_agg(n ORDER BY bucket) AS by_marks
        FROM (SELECT school_id, class_id, subject_id, bucket,
                  count(*) FILTER (WHERE least(marks, 20) = bucket) AS n
              FROM per_student CROSS JOIN generate_series(0, 20) AS b(bucket)
              GROUP BY 1, 2, 3, 4) buckets
        GROUP BY 1, 2, 3
    ), totals AS (
        SELECT school_id, class_id, subject_id, count(*) AS students, sum(marks) AS marks
        FROM per_student GROUP BY 1, 2, 3
    )
    SELECT g.school_id, %(term)s, g.class_id, g.subject_id, g.class_name, g.subject_name,
        g.grade, t.students, t.marks, round(g.lessons::numeric / %(weeks)s, 1), h.by_marks
    FROM groups g
    JOIN totals t USING (school_id, class_id, subject_id)
    JOIN histogram h USING (school_id, class_id, subject_id)
    """,
]


def _target(statement: str) -> str:
    return statement.split("INSERT INTO", 1)[1].split()[0]


async def fill_read_models(dsn: str, term: Term, *, reuse: bool) -> float:
    """Each read model filled by its statement; with `reuse`, a table a run before filled
    already is left as it is."""
    began = time.perf_counter()
    conn = await asyncpg.connect(dsn)

    async def empty(table: str) -> bool:
        return not reuse or not await conn.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})")

    try:
        for statement in KEEPING:
            if await empty(_target(statement)):
                sql = statement.replace("%(term)s", f"'{TERM}'").replace(
                    "%(weeks)s", str(term.weeks)
                )
                await conn.execute(sql)
        # The absence rate: the platform's own rebuild statements (oversight/attendance).
        if await empty("oversight_attendance_weeks"):
            await conn.execute("DELETE FROM oversight_attendance_lessons")
            weeks = [d - timedelta(days=d.weekday()) for d in term.days]
            lessons = str(LESSONS).replace(":days", "$1").replace(":weeks", "$2")
            await conn.execute(
                lessons.replace(":periods", "$3"), term.days, weeks, [TERM] * len(term.days)
            )
            await conn.execute(str(WEEKS))
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return time.perf_counter() - began


# --- the dashboard through the API, and the naive query ----------------------------------------

DASHBOARD = ("oversight/keeping/schools", "oversight/keeping/fill", "oversight/index")


@dataclass
class Timings:
    seconds: list[float]

    def line(self) -> str:
        ordered = sorted(self.seconds)
        n = len(ordered)
        p99 = ordered[min(n - 1, int(n * 0.99))]
        return (
            f"{n} reads, median {statistics.median(ordered) * 1000:.1f} ms, "
            f"p99 {p99 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
        )

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def p99(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def read_dashboard(client: httpx.Client, journal: str, headers: dict[str, str]) -> dict[str, Any]:
    """The three reads of the district screen's ranked table, one after the other."""
    answers = {}
    for path in DASHBOARD:
        got = client.get(f"{journal}/{path}", headers=headers, timeout=120)
        got.raise_for_status()
        answers[path] = got.json()
    return answers


def per_school(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each school's dashboard figures: timeliness, lessons, absence, fill, index."""
    found: dict[str, dict[str, Any]] = {}
    for row in answers["oversight/keeping/schools"]["schools"]:
        found.setdefault(row["school_id"], {}).update(
            {
                "timeliness": [row["timeliness"][k] for k in ("on_time", "late", "missing")],
                "lessons": [row["lessons"][k] for k in ("planned", "held", "replaced")],
                "attendance": row["attendance"]
                and [row["attendance"][k] for k in ("students", "absent", "late")],
            }
        )
    for row in answers["oversight/keeping/fill"]["schools"]:
        found.setdefault(row["school_id"], {})["fill"] = [
            row["student_count"],
            row["below_minimum"],
        ]
    for row in answers["oversight/index"]["schools"]:
        found.setdefault(row["school_id"], {})["index"] = row["index"]
    return found


NAIVE = """
WITH timeliness AS (
    SELECT school_id, count(*) FILTER (WHERE timeliness = 'on_time') AS on_time,
        count(*) FILTER (WHERE timeliness = 'late') AS late,
        count(*) FILTER (WHERE timeliness = 'missing') AS missing
    FROM entry_timeliness GROUP BY school_id
), lessons AS (
    SELECT p.school_id, count(*) AS planned,
        count(*) FILTER (WHERE EXISTS (SELECT 1 FROM entry_timeliness t
            WHERE t.school_id = p.school_id AND t.lesson_id = p.lesson_id
              AND t.timeliness <> 'missing')) AS held,
        count(*) FILTER (WHERE p.teacher_id <> p.planned_teacher_id) AS replaced
    FROM lesson_projection p WHERE p.lesson_date <= current_date GROUP BY p.school_id
), roster AS (
    SELECT school_id, class_id, count(*) AS students FROM class_member_projection GROUP BY 1, 2
), absences AS (
    SELECT school_id, lesson_id, count(*) FILTER (WHERE status = 'absent') AS absent,
        count(*) FILTER (WHERE status = 'late') AS late
    FROM attendance GROUP BY 1, 2
), attendance_taken AS (
    SELECT p.school_id, sum(r.students) AS students, sum(coalesce(a.absent, 0)) AS absent,
        sum(coalesce(a.late, 0)) AS late
    FROM lesson_projection p JOIN roster r USING (school_id, class_id)
    LEFT JOIN absences a USING (school_id, lesson_id)
    WHERE a.lesson_id IS NOT NULL OR EXISTS (SELECT 1 FROM entry_timeliness t
        WHERE t.school_id = p.school_id AND t.lesson_id = p.lesson_id
          AND t.kind = 'attendance' AND t.timeliness <> 'missing')
    GROUP BY p.school_id
), marks_per_student AS (
    SELECT k.school_id, l.class_id, l.subject_id, k.student_id, count(*) AS marks
    FROM marks k JOIN lesson_projection l USING (school_id, lesson_id) GROUP BY 1, 2, 3, 4
), fill AS (
    SELECT g.school_id, count(*) AS students,
        count(*) FILTER (WHERE coalesce(m.marks, 0) < $1) AS below
    FROM (SELECT DISTINCT school_id, class_id, subject_id FROM lesson_projection) g
    JOIN class_member_projection c USING (school_id, class_id)
    LEFT JOIN marks_per_student m ON m.school_id = g.school_id AND m.class_id = g.class_id
        AND m.subject_id = g.subject_id AND m.student_id = c.student_id
    GROUP BY g.school_id
)
SELECT t.school_id, t.on_time, t.late, t.missing, l.planned, l.held, l.replaced,
    a.students AS marked, a.absent, a.late AS late_students, f.students, f.below
FROM timeliness t JOIN lessons l USING (school_id)
LEFT JOIN attendance_taken a USING (school_id) LEFT JOIN fill f USING (school_id)
"""


def naive_figures(rows: list[asyncpg.Record]) -> dict[str, dict[str, Any]]:
    """The same figures from the naive query's counts; the index with the default weights
    (timeliness 0.4, fill 0.3, completion 0.3) over the parts with data."""
    found = {}
    for r in rows:
        due = r["on_time"] + r["late"] + r["missing"]
        parts = [
            (0.4, r["on_time"] / due if due else None),
            (0.3, (r["students"] - r["below"]) / r["students"] if r["students"] else None),
            (0.3, r["held"] / r["planned"] if r["planned"] else None),
        ]
        counted = [(w, s) for w, s in parts if s is not None]
        total = sum(w for w, _ in counted)
        found[str(r["school_id"])] = {
            "timeliness": [r["on_time"], r["late"], r["missing"]],
            "lessons": [r["planned"], r["held"], r["replaced"]],
            "attendance": [r["marked"], r["absent"], r["late_students"]] if r["marked"] else None,
            "fill": [r["students"], r["below"]],
            "index": round(100 * sum(w * s for w, s in counted) / total, 1) if total else None,
        }
    return found


async def time_naive(dsn: str, runs: int) -> tuple[Timings, dict[str, dict[str, Any]]]:
    conn = await asyncpg.connect(dsn)
    try:
        seconds, rows = [], []
        for _ in range(runs):
            began = time.perf_counter()
            rows = await conn.fetch(NAIVE, MIN_MARKS)
            seconds.append(time.perf_counter() - began)
        return Timings(seconds), naive_figures(rows)
    finally:
        await conn.close()


def differences(
    a: dict[str, dict[str, Any]], b: dict[str, dict[str, Any]], schools: list[str]
) -> list[str]:
    """The figures that differ between two readings, per school (index within 0.1)."""
    found = []
    for school in schools:
        x, y = a.get(school, {}), b.get(school, {})
        for key in ("timeliness", "lessons", "attendance", "fill"):
            if x.get(key) != y.get(key):
                found.append(f"{school} {key}: {x.get(key)} != {y.get(key)}")
        ix, iy = x.get("index"), y.get("index")
        if (ix is None) != (iy is None) or (ix is not None and abs(ix - iy) > 0.11):
            found.append(f"{school} index: {ix} != {iy}")
    return found


def rebuild_school(platform: Platform, school: uuid.UUID) -> tuple[float, str]:
    """The platform's own rebuild of the school's read models the dashboard reads
    (okrug-journal rebuild-oversight --model keeping --model attendance), as an operator
    would run it."""
    began = time.perf_counter()
    done = subprocess.run(
        [services.executable("journal"), "rebuild-oversight", str(school)]
        + [f"--model={name}" for name in ("keeping", "attendance")],
        env=services.process_env(platform.instance, "journal", platform.issuer),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"rebuild-oversight failed:\n{done.stderr[-3000:]}")
    return time.perf_counter() - began, " ".join(done.stdout.split())


# --- freshness: lessons saved at a constant rate, the district's figures polled ----------------


@dataclass
class Freshness:
    saves: list[tuple[float, float]]  # (sent, answered) of each save that succeeded
    errors: dict[str, int]
    lags: list[float]
    unseen: int
    generator_cpu: float
    journal_cpu: float
    postgres_cpu: float
    seconds: float
    polls: int


def lesson_body(students: list[str], absent: int) -> dict[str, Any]:
    """The lesson's attendance with its first `absent` students absent, the rest present."""
    return {
        "topic": "Тема урока",
        "attendance": [
            {"student_id": s, "status": "absent" if i < absent else "present"}
            for i, s in enumerate(students)
        ],
    }


async def freshness(
    platform: Platform, rate: float, seconds: float, district: DistrictAdmin
) -> Freshness:
    """Each save marks one more student of its lesson absent, so the school's absent count
    in the district's figures grows by one per save applied: the i-th save answered is
    shown once a poll reads i more absences than before the run."""
    total = int(rate * seconds)
    # A lesson comes round again after ~0.6 s at 100/s: journal_lesson_save.build books
    # them an hour apart from three days back, and more than 60 would reach the school's
    # lesson of now (409).
    lesson_count = max(1, min(total, int(rate * 4), 60))
    fx = build(platform, lesson_count)
    assert total <= lesson_count * len(fx.students), "more saves than absences to mark"
    journal = platform.url("journal")
    url = f"{journal}/oversight/keeping/schools"
    school = fx.school_id

    async def absent_now(client: httpx.AsyncClient) -> int:
        got = await client.get(url, headers=district.headers, timeout=60)
        got.raise_for_status()
        for row in got.json()["schools"]:
            if row["school_id"] == school and row["attendance"]:
                return int(row["attendance"]["absent"])
        return 0

    record = processes.read_record(platform.instance.name, "journal")
    journal_pid = record.pid if record else None
    saves: list[tuple[float, float]] = []
    applied: list[tuple[float, int, int]] = []  # (answered, lesson, its absent count)
    errors: dict[str, int] = {}
    seen: list[tuple[float, int]] = []
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        base = await absent_now(client)
        done = asyncio.Event()

        async def poll() -> None:
            async with httpx.AsyncClient(timeout=60) as poller:
                while True:
                    count = await absent_now(poller)
                    seen.append((time.perf_counter(), count - base))
                    if done.is_set() and count - base >= expected_total():
                        return
                    if done.is_set() and time.perf_counter() > finished + 30:
                        return
                    await asyncio.sleep(0.05)

        def expected_total() -> int:
            most: dict[int, int] = {}
            for _, lesson, absent in applied:
                most[lesson] = max(most.get(lesson, 0), absent)
            return sum(most.values())

        async def save(n: int) -> None:
            lesson = fx.lessons[n % lesson_count]
            sent = time.perf_counter()
            try:
                got = await client.put(
                    f"{journal}/lessons/{lesson}/record",
                    json=lesson_body(fx.students, n // lesson_count + 1),
                    headers=fx.teacher_headers,
                )
                if got.status_code < 300:
                    saves.append((sent, time.perf_counter()))
                    applied.append((saves[-1][1], n % lesson_count, n // lesson_count + 1))
                else:
                    errors[str(got.status_code)] = errors.get(str(got.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

        cpu = (_own_cpu(), group_cpu(journal_pid), postgres_cpu(platform))
        finished = math.inf
        poller = asyncio.create_task(poll())
        began = time.perf_counter()
        pending = []
        for n in range(total):  # open model: sent on the clock, whatever the answers do
            await asyncio.sleep(max(0.0, began + n / rate - time.perf_counter()))
            pending.append(asyncio.create_task(save(n)))
        await asyncio.gather(*pending)
        finished = time.perf_counter()
        elapsed = finished - began
        used = (
            _own_cpu() - cpu[0],
            group_cpu(journal_pid) - cpu[1],
            postgres_cpu(platform) - cpu[2],
        )
        done.set()
        await poller
    # After each answered save, the absences the figure must show: per lesson the most its
    # saves answered so far marked (a save refused leaves its lesson where it was).
    lags, unseen, most = [], 0, {}
    for moment, lesson, absent in sorted(applied):
        most[lesson] = max(most.get(lesson, 0), absent)
        expected = sum(most.values())
        shown = next((t for t, count in seen if t >= moment and count >= expected), None)
        if shown is None:
            unseen += 1
        else:
            lags.append(shown - moment)
    return Freshness(saves, errors, lags, unseen, used[0], used[1], used[2], elapsed, len(seen))


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    if not ordered:
        return "none"

    def q(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] * 1000

    return (
        f"p50 {q(0.5):.0f} ms, p90 {q(0.9):.0f} ms, p99 {q(0.99):.0f} ms, "
        f"max {ordered[-1] * 1000:.0f} ms"
    )


# --- the run -------------------------------------------------------------------------------------


class DistrictAdmin:
    """A district admin's headers, with a token taken again every minute (tokens expire
    while a long phase runs)."""

    def __init__(self, platform: Platform) -> None:
        from okrug_local import accounts
        from tests.support import PASSWORD, unique

        self.platform, self.password, self.name = platform, PASSWORD, unique("bench.district.")
        accounts.create_district_staff(
            platform.instance, platform.issuer, username=self.name, password=PASSWORD,
            last_name="Окружной", first_name="Администратор", roles=("district-admin",),
        )  # fmt: skip
        self.taken, self.current = 0.0, {}

    @property
    def headers(self) -> dict[str, str]:
        if time.monotonic() - self.taken > 60:
            self.current = self.platform.tokens.headers(self.name, self.password, school=None)
            self.taken = time.monotonic()
        return self.current


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--classes", type=int, default=20)
    parser.add_argument("--students", type=int, default=25)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--instance", default="test-3")
    parser.add_argument("--reads", type=int, default=200)
    parser.add_argument("--save-rate", type=float, default=100)
    parser.add_argument("--save-seconds", type=float, default=15)
    parser.add_argument("--no-freshness", action="store_true")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the databases of a run before: the district and the read models it generated",
    )
    args = parser.parse_args()

    term = term_of(args.weeks)
    district = District(args.schools, args.classes, args.students, term)
    began = time.perf_counter()
    platform = start(
        args.instance, keycloak=False, fresh=True, workers={"journal": demo_workers()["journal"]}
    )
    started = time.perf_counter() - began
    try:
        dsn = postgres.admin_url(platform.instance, database=postgres.database_name("journal"))
        load_before = load()
        generated = asyncio.run(generate(dsn, district, reuse=args.reuse))
        load_generated = load()
        filled = asyncio.run(fill_read_models(dsn, term, reuse=args.reuse))
        admin = DistrictAdmin(platform)
        journal = platform.url("journal")
        with httpx.Client() as client:
            first = str(district.schools[0])
            before = per_school(read_dashboard(client, journal, admin.headers))
            rebuilt_in, rebuilt = rebuild_school(platform, district.schools[0])
            after = per_school(read_dashboard(client, journal, admin.headers))
            rebuild_differs = differences(before, after, [first])
            read_dashboard(client, journal, admin.headers)  # warm
            record = processes.read_record(platform.instance.name, "journal")
            journal_pid = record.pid if record else None
            cpu_reads = (group_cpu(journal_pid), postgres_cpu(platform))
            reads, per_path = [], {p: [] for p in DASHBOARD}
            for _ in range(args.reads):
                one = time.perf_counter()
                for path in DASHBOARD:
                    t = time.perf_counter()
                    client.get(
                        f"{journal}/{path}", headers=admin.headers, timeout=120
                    ).raise_for_status()
                    per_path[path].append(time.perf_counter() - t)
                reads.append(time.perf_counter() - one)
            load_reads = load()
            cpu_reads = (
                group_cpu(journal_pid) - cpu_reads[0],
                postgres_cpu(platform) - cpu_reads[1],
            )
        naive, naive_found = asyncio.run(time_naive(dsn, 3))
        load_naive = load()
        naive_differs = differences(after, naive_found, [str(s) for s in district.schools])
        size = asyncio.run(_database_size(dsn))
        classes = sum(district.classes_of.values())
        marked = classes * args.students * LESSONS_A_DAY * len(term.days)
        print(
            f"\ndistrict of {args.schools} schools, term of {args.weeks} weeks ({len(term.days)} days "
            f"with lessons, {term.starts_on} - {term.days[-1]}); platform started in {started:.0f} s; {load_before} before"
        )
        print(
            f"  generated with COPY in {generated.seconds:.0f} s ({generated.cpu_seconds:.0f} CPU-s in the generator); "
            f"{load_generated}: " + ", ".join(f"{t} {n:,}" for t, n in generated.rows.items())
        )
        print(
            f"  students marked in the lessons with attendance taken (the journal keeps a row for the "
            f"{generated.rows['attendance']:,} absent or late only): about {marked * (1 - NOT_HELD):,.0f}"
        )
        print(f"  read models filled set-based in {filled:.0f} s; journal database {size}")
        print(
            f"  check: school {first} ({district.classes_of[district.schools[0]]} classes) rebuilt by "
            f"rebuild-oversight in {rebuilt_in:.0f} s ({rebuilt}): "
            + (
                "figures the same"
                if not rebuild_differs
                else "DIFFERENT: " + "; ".join(rebuild_differs)
            )
        )
        print(
            "  check: the naive query's figures against the API's, every school: "
            + (
                "the same"
                if not naive_differs
                else f"{len(naive_differs)} DIFFERENT: " + "; ".join(naive_differs[:5])
            )
        )
        dashboard = Timings(reads)
        print(
            f"\ndistrict dashboard from the read models (GET {', '.join(DASHBOARD)} as a district admin, "
            f"one after the other): {dashboard.line()}; {load_reads}"
        )
        for path, values in per_path.items():
            print(f"  {path}: {Timings(values).line()}")
        print(
            f"  CPU per dashboard read: journal {cpu_reads[0] / len(reads) * 1000:.0f} ms, "
            f"PostgreSQL {cpu_reads[1] / len(reads) * 1000:.0f} ms (wall median "
            f"{dashboard.median * 1000:.0f} ms: the rest is waiting for a core on a shared machine)"
        )
        print(
            f"naive GROUP BY over the raw facts (one statement, superuser): {naive.line()}; {load_naive}"
        )
        print(f"  ratio naive / read models (medians): {naive.median / dashboard.median:.1f}x")
        print("  target: >= 100x, p99 < 50 ms")
        fresh = None
        if not args.no_freshness:
            fresh = asyncio.run(freshness(platform, args.save_rate, args.save_seconds, admin))
            load_fresh = load()
    finally:
        platform.stop()

    if fresh is not None:
        print(
            f"\nfreshness: {len(fresh.saves)} lesson saves through the API at {args.save_rate:.0f}/s "
            f"asked ({len(fresh.saves) / fresh.seconds:.0f}/s answered) over {fresh.seconds:.1f} s"
            + (f", errors {fresh.errors}" if fresh.errors else "")
            + f"; {load_fresh}"
        )
        latencies = [a - s for s, a in fresh.saves]
        print(f"  save latency: {_quantiles(latencies)}")
        print(
            f"  lag from a save's answer to the district's figure showing it ({fresh.polls} polls "
            f"every 50 ms): {_quantiles(fresh.lags)}"
            + (f"; {fresh.unseen} never seen within 30 s" if fresh.unseen else "")
        )
        print(
            f"  CPU during the saves: load generator {fresh.generator_cpu:.1f} s, journal {fresh.journal_cpu:.1f} s, "
            f"PostgreSQL {fresh.postgres_cpu:.1f} s"
        )
        print("  target: shown within 5 s at 100 saves/s")


READ_MODELS = (
    "oversight_timeliness",
    "oversight_lesson_counts",
    "oversight_fill",
    "oversight_attendance_weeks",
)


async def _database_size(dsn: str) -> str:
    """The database's size and the rows of the read models the dashboard sums."""
    conn = await asyncpg.connect(dsn)
    try:
        size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
        rows = [f"{t} {await conn.fetchval(f'SELECT count(*) FROM {t}'):,}" for t in READ_MODELS]
        return f"{size}; read models the dashboard sums: {', '.join(rows)}"
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
