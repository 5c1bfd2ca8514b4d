"""Class reports (J11) for the class teacher and the school's leadership: attendance by
month (JSON, XLSX) and results for a study period (period marks, weighted averages, the
counts of отличники / хорошисты / ..., успеваемость and качество знаний)."""

import calendar
import io
from datetime import date, datetime
from uuid import UUID

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal import access, people
from okrug_journal.models import PeriodMark
from okrug_journal.policy import rules
from okrug_journal.policy.schemas import JournalPolicy
from okrug_journal.policy.service import school_policy
from okrug_journal.reports import results
from okrug_journal.reports.schemas import (
    AttendanceRow,
    AttendanceTotals,
    ClassAttendance,
    ClassResults,
    ResultRow,
    SubjectRef,
    SubjectResult,
)
from okrug_journal.summaries import figures, journal_data
from okrug_journal.summaries.schemas import Absences


async def _class_report(
    session: AsyncSession, runtime: Runtime, principal: Principal, class_id: UUID
) -> tuple[UUID, JournalPolicy, str]:
    """(school, its policy, the class's name) once the caller may read the class."""
    await access.require_class_teacher_or(
        session,
        principal,
        "class.read",
        class_id,
        "Only the class teacher and the school's leadership read the class's reports.",
    )
    school_id = principal.require_school()
    await journal_data.require_known_class(session, class_id)
    policy = await school_policy(session, runtime, school_id)
    name = (await journal_data.class_names(session, [class_id])).get(class_id, "")
    return school_id, policy, name


def month_bounds(policy: JournalPolicy, month: str | None) -> tuple[str, date, date]:
    """("2026-10", its first day, its last day); None: this month in the school's zone."""
    if month is None:
        today = datetime.now(policy.zone).date()
        year, number = today.year, today.month
    else:
        try:
            year, number = (int(part) for part in month.split("-"))
            date(year, number, 1)
        except ValueError:
            raise InvalidInput("month is YYYY-MM, e.g. 2026-10.", field="month") from None
    last = calendar.monthrange(year, number)[1]
    return f"{year:04d}-{number:02d}", date(year, number, 1), date(year, number, last)


async def class_attendance(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    month: str | None,
) -> ClassAttendance:
    """Per student the lessons missed by reason and the lates of the month, and the class's
    totals (sums of the rows)."""
    school_id, policy, class_name = await _class_report(session, runtime, principal, class_id)
    code, first, last = month_bounds(policy, month)
    data = await journal_data.load(session, journal_data.class_lessons(class_id, first, last))
    students = await journal_data.class_members(session, class_id) | data.students()
    names = await people.for_document(runtime, school_id, students)
    rows = []
    total_absences, total_lates = Absences(), 0
    for student_id in names.in_journal_order(students):
        absences, lates = Absences(), 0
        for entry in data.attendance_of(student_id):
            if entry.status == "absent":
                absences.add(entry.reason)
            elif entry.status == "late":
                lates += 1
        total_absences.merge(absences)
        total_lates += lates
        rows.append(
            AttendanceRow(
                student_id=student_id,
                student_name=names.of(student_id).full,
                absences=absences,
                lates=lates,
            )
        )
    return ClassAttendance(
        school_name=names.school_name,
        class_id=class_id,
        class_name=class_name,
        month=code,
        date_from=first,
        date_to=last,
        lessons_held=sum(h.lessons_held for h in figures.class_headings(data)),
        students=rows,
        totals=AttendanceTotals(absences=total_absences, lates=total_lates),
    )


ATTENDANCE_COLUMNS = (
    "№",
    "Учащийся / Student",
    "По болезни / Illness",
    "Уважительная / Excused",
    "Неуважительная / Unexcused",
    "Без причины / No reason",
    "Всего пропущено уроков / Missed",
    "Опозданий / Lates",
)


def attendance_xlsx(report: ClassAttendance) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Посещаемость"
    bold = Font(bold=True)
    sheet.append([f"Посещаемость класса {report.class_name} за {report.month}"])
    sheet.append([report.school_name])
    sheet.append([f"Уроков проведено: {report.lessons_held}"])
    sheet.append([])
    sheet.append(list(ATTENDANCE_COLUMNS))
    for cell in sheet[1] + sheet[5]:
        cell.font = bold

    def figures_of(a: Absences, lates: int) -> list[int]:
        return [a.illness, a.excused, a.unexcused, a.no_reason, a.total, lates]

    for number, row in enumerate(report.students, start=1):
        sheet.append([number, row.student_name, *figures_of(row.absences, row.lates)])
    sheet.append(["", "Итого по классу", *figures_of(report.totals.absences, report.totals.lates)])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.column_dimensions["B"].width = 36
    for column in "CDEFGH":
        sheet.column_dimensions[column].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def class_results(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    class_id: UUID,
    period_code: str,
) -> ClassResults:
    """Per student per subject the period mark when set and the averages of the period's
    marks; the categories and percentages of reports/results.py."""
    school_id, policy, class_name = await _class_report(session, runtime, principal, class_id)
    period = rules.require_period(policy, period_code)
    data = await journal_data.load(
        session, journal_data.class_lessons(class_id, period.starts_on, period.ends_on)
    )
    set_marks: dict[tuple[UUID, UUID], str] = {
        (pm.student_id, pm.subject_id): pm.value
        for pm in await session.scalars(
            select(PeriodMark).where(
                PeriodMark.class_id == class_id, PeriodMark.period == period_code
            )
        )
    }
    subjects = figures.subjects_in_order(data.lessons)
    known = {s for s, _ in subjects}
    subjects += [(s, "—") for s in sorted({s for _, s in set_marks} - known, key=str)]
    students = (
        await journal_data.class_members(session, class_id)
        | data.students()
        | {student for student, _ in set_marks}
    )
    names = await people.for_document(runtime, school_id, students)
    rows = []
    for student_id in names.in_journal_order(students):
        per_subject = figures.student_figures(policy, data, student_id, subjects)
        cells = [
            SubjectResult(
                subject_id=f.subject_id,
                period_mark=set_marks.get((student_id, f.subject_id)),
                marks_count=f.marks_count,
                average=f.average,
                weighted_average=f.weighted_average,
            )
            for f in per_subject
        ]
        category = results.category(c.period_mark for c in cells if c.period_mark is not None)
        rows.append(
            ResultRow(
                student_id=student_id,
                student_name=names.of(student_id).full,
                subjects=cells,
                category=category,
            )
        )
    counts = results.counts(r.category for r in rows)
    return ClassResults(
        school_name=names.school_name,
        class_id=class_id,
        class_name=class_name,
        period=period_code,
        date_from=period.starts_on,
        date_to=period.ends_on,
        subjects=[SubjectRef(subject_id=s, subject_name=n) for s, n in subjects],
        students=rows,
        counts=counts,
        success_rate=results.success_rate(counts),
        quality_rate=results.quality_rate(counts),
    )


CATEGORY_TEXT = {
    "excellent": "отличник",
    "good": "хорошист",
    "one_three": "с одной «3»",
    "threes": "с «3»",
    "failing": "неуспевающий",
    "not_assessed": "не аттестован",
    "pass_only": "зачёт",
}
COUNT_ROWS = (
    ("Учащихся / Students", "students"),
    ("Отличники / Only 5s", "excellent"),
    ("Хорошисты / 4s and 5s", "good"),
    ("С одной «3» / One 3", "one_three"),
    ("С «3» / 3s", "threes"),
    ("Неуспевающие / Failing", "failing"),
    ("Не аттестованы / Not assessed", "not_assessed"),
)


def results_xlsx(report: ClassResults) -> bytes:
    """The results as the workbook a deputy files: per student per subject the period mark
    and the weighted average (decimal numbers, two places), the category; then the counts,
    успеваемость and качество знаний."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Успеваемость"
    bold = Font(bold=True)
    period = f"{report.period} ({report.date_from:%d.%m.%Y} - {report.date_to:%d.%m.%Y})"
    sheet.append([f"Успеваемость класса {report.class_name} за {period}"])
    sheet.append([report.school_name])
    sheet.append([])
    header = ["№", "Учащийся / Student"]
    for subject in report.subjects:
        header += [subject.subject_name, "Ср. взв. / Weighted"]
    sheet.append([*header, "Итог / Outcome"])
    for cell in sheet[1] + sheet[4]:
        cell.font = bold
    for number, row in enumerate(report.students, start=1):
        cells: list[object] = [number, row.student_name]
        for result in row.subjects:
            average = result.weighted_average
            cells += [result.period_mark or "", float(average) if average is not None else None]
        sheet.append([*cells, CATEGORY_TEXT[row.category]])
        for cell in sheet[sheet.max_row][3 : 2 + 2 * len(row.subjects) : 2]:
            cell.number_format = "0.00"
    sheet.append([])
    counts = report.counts.model_dump()
    for title, key in COUNT_ROWS:
        sheet.append(["", title, counts[key]])
    for title, rate in (
        ("Успеваемость, % / Success rate", report.success_rate),
        ("Качество знаний, % / Quality rate", report.quality_rate),
    ):
        sheet.append(["", title, float(rate) if rate is not None else None])
    sheet.column_dimensions["B"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
