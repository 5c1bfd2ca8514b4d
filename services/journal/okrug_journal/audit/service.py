"""The journal's change audit (J6, and J2, J5 for X2): every change and deletion of a mark,
every correction of an absence's reason (by hand or by an absence note), every change of a
period mark; reported over the year with filters to the school's leadership as JSON or XLSX.
"""

import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from uuid import UUID, uuid4

from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import InvalidInput
from okrug_common.runtime import Runtime
from okrug_journal.audit.schemas import ChangeKind, MarkChangeRead
from okrug_journal.dates import require_journal_day
from okrug_journal.models import LessonProjection, MarkChange
from okrug_journal.policy import rules
from okrug_journal.policy.service import school_policy

MAX_ROWS = 50_000

KIND_TITLES: dict[str, str] = {
    "mark": "отметка / mark",
    "attendance-reason": "причина пропуска / absence reason",
    "period-mark": "итоговая отметка / period mark",
}


def recorded_change(
    kind: ChangeKind,
    *,
    school_id: UUID,
    student_id: UUID,
    class_id: UUID,
    subject_id: UUID,
    old: dict[str, Any],
    new: dict[str, Any] | None,
    reason: str | None,
    by: UUID,
    action: Literal["changed", "deleted"] = "changed",
    mark_id: UUID | None = None,
    lesson_id: UUID | None = None,
    teacher_id: UUID | None = None,
) -> MarkChange:
    """The audit row of one change, for the session to add with the change itself."""
    return MarkChange(
        school_id=school_id,
        id=uuid4(),
        kind=kind,
        mark_id=mark_id,
        lesson_id=lesson_id,
        student_id=student_id,
        class_id=class_id,
        subject_id=subject_id,
        teacher_id=teacher_id,
        action=action,
        old=old,
        new=new,
        reason=reason,
        changed_by=by,
    )


async def mark_changes(
    session: AsyncSession,
    runtime: Runtime,
    principal: Principal,
    *,
    teacher_id: UUID | None = None,
    class_id: UUID | None = None,
    subject_id: UUID | None = None,
    kind: ChangeKind | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[MarkChangeRead]:
    """Changes made between date_from and date_to (inclusive, in the school's time zone;
    by default the current academic year), newest first."""
    school_id = principal.require_school()
    require_journal_day(date_from, "date_from")
    require_journal_day(date_to, "date_to")
    policy = await school_policy(session, runtime, school_id)
    today = datetime.now(policy.zone).date()
    start = date_from or rules.year_start(policy, today)
    end = date_to or today
    if end < start:
        raise InvalidInput("date_to is before date_from.", field="date_to")
    since = datetime.combine(start, time(0), tzinfo=policy.zone).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=policy.zone).astimezone(UTC)
    query = (
        select(MarkChange, LessonProjection.lesson_date, LessonProjection.subject_name)
        .outerjoin(
            LessonProjection,
            (LessonProjection.school_id == MarkChange.school_id)
            & (LessonProjection.lesson_id == MarkChange.lesson_id),
        )
        .where(MarkChange.changed_at >= since, MarkChange.changed_at < until)
        .order_by(MarkChange.changed_at.desc(), MarkChange.id)
        .limit(MAX_ROWS)
    )
    if teacher_id is not None:
        query = query.where(MarkChange.teacher_id == teacher_id)
    if class_id is not None:
        query = query.where(MarkChange.class_id == class_id)
    if subject_id is not None:
        query = query.where(MarkChange.subject_id == subject_id)
    if kind is not None:
        query = query.where(MarkChange.kind == kind)
    rows = (await session.execute(query)).all()
    return [
        MarkChangeRead(
            **{c: getattr(change, c) for c in _COLUMNS},
            lesson_date=lesson_date,
            subject_name=subject_name,
        )
        for change, lesson_date, subject_name in rows
    ]


_COLUMNS = (
    "id",
    "kind",
    "mark_id",
    "lesson_id",
    "subject_id",
    "class_id",
    "student_id",
    "teacher_id",
    "action",
    "old",
    "new",
    "reason",
    "changed_by",
    "changed_at",
)

HEADERS = (
    "Когда изменено / Changed at",
    "Кто изменил / Changed by",
    "Что / Kind",
    "Действие / Action",
    "Дата урока / Lesson date",
    "Предмет / Subject",
    "Класс / Class",
    "Учитель / Teacher",
    "Ученик / Student",
    "Было / Old",
    "Стало / New",
    "Причина / Reason",
)


ATTENDANCE_TEXT = {"absent": "н", "late": "оп"}
REASON_TEXT = {"illness": "болезнь", "excused": "уважительная", "unexcused": "неуважительная"}


def _value_text(kind: str, value: dict[str, Any] | None) -> str:
    """A mark, an attendance record or a period mark as a cell: "4 (oral, вес 1.00)",
    "н (болезнь)", "5 (term-1)"."""
    if not value:
        return ""
    if kind == "attendance-reason":
        status = ATTENDANCE_TEXT.get(value.get("status") or "", "")
        return f"{status} ({REASON_TEXT.get(value.get('reason') or '', 'без причины')})"
    if kind == "period-mark":
        return f"{value.get('value', '')} ({value.get('period', '')})"
    return f"{value.get('value', '')} ({value.get('work_type', '')}, вес {value.get('weight', '')})"


def to_xlsx(rows: list[MarkChangeRead]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Изменения"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(
            (
                row.changed_at.astimezone(UTC).replace(tzinfo=None),
                str(row.changed_by),
                KIND_TITLES[row.kind],
                {"changed": "изменено", "deleted": "удалено"}[row.action],
                row.lesson_date,
                row.subject_name or str(row.subject_id),
                str(row.class_id),
                str(row.teacher_id or ""),
                str(row.student_id),
                _value_text(row.kind, row.old),
                _value_text(row.kind, row.new),
                row.reason or "",
            )
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
