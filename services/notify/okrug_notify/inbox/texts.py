"""Message texts (Russian, the working language of the records, X3)."""

from okrug.common.v1 import common_pb2
from okrug.helpdesk.v1 import helpdesk_pb2
from okrug.journal.v1 import journal_pb2

# The journal's default work types travel as codes (MarkRecorded.mark.work_type); a code
# this table does not know (a school's own work type) is shown as it came.
WORK_TYPE_NAMES = {
    "classwork": "работа на уроке",
    "homework": "домашняя работа",
    "oral": "устный ответ",
    "quiz": "самостоятельная работа",
    "test": "контрольная работа",
    "essay": "сочинение",
}


def lesson_day(date: common_pb2.Date) -> str | None:
    if not (date.year and date.month and date.day):
        return None
    return f"{date.day:02d}.{date.month:02d}.{date.year:04d}"


def _lesson(noun: str, lesson: journal_pb2.LessonSummary) -> str:
    """'урок 25.11.2026' (or 'уроке ...' with the prepositional noun given)."""
    day = lesson_day(lesson.lesson_date)
    return f"{noun} {day}" if day else noun


def _about(prefix: str, subject_name: str) -> str:
    subject = subject_name.strip()
    return f"{prefix}: {subject}" if subject else prefix


def mark_notice(event: journal_pb2.MarkRecorded) -> tuple[str, str]:
    title = _about("Новая отметка", event.lesson.subject_name)
    code = event.mark.work_type.strip()
    work = WORK_TYPE_NAMES.get(code, code)
    mark = f"Отметка {event.mark.value.strip()}" + (f" ({work})" if work else "")
    return title, f"{mark} за {_lesson('урок', event.lesson)}."


def absence_notice(
    event: journal_pb2.AbsenceRecorded, *, to_student: bool
) -> tuple[str, str] | None:
    """Title and body for an absence or a late arrival; None for a status this service does
    not know (from a newer producer), which is not worth a message."""
    who = "Вы отмечены" if to_student else "Ваш ребёнок отмечен(а)"
    if event.status == journal_pb2.ATTENDANCE_STATUS_ABSENT:
        title = _about("Отсутствие на уроке", event.lesson.subject_name)
        body = f"{who} как отсутствующий(ая) на {_lesson('уроке', event.lesson)}."
    elif event.status == journal_pb2.ATTENDANCE_STATUS_LATE:
        title = _about("Опоздание на урок", event.lesson.subject_name)
        body = f"{who} как опоздавший(ая) на {_lesson('урок', event.lesson)}."
    else:
        return None
    reason = event.reason.strip().rstrip(".")
    if reason:
        body += f" Причина: {reason}."
    return title, body


MONITORING_REASONS = {"period-end": "по окончании периода", "on-demand": "по запросу"}


def monitoring_report_notice(event: journal_pb2.MonitoringReportPublished) -> tuple[str, str]:
    period = event.period_name.strip() or event.period
    why = MONITORING_REASONS.get(event.reason, "")
    made = f"Сформирован отчёт мониторинга ведения электронного журнала за период «{period}»"
    body = f"{made} ({why})." if why else f"{made}."
    if event.pdf_path:
        body += f" PDF: {event.pdf_path}; Excel: {event.xlsx_path}."
    return f"Отчёт мониторинга: {period}", body


# An inbox message quotes at most this much of a thread's message; the rest is on the desk.
QUOTED_CHARACTERS = 1500


def _quoted(text: str) -> str:
    text = text.strip()
    return text if len(text) <= QUOTED_CHARACTERS else text[: QUOTED_CHARACTERS - 1] + "…"


def desk_message_notice(event: helpdesk_pb2.RequestMessageAdded) -> tuple[str, str]:
    """The desk's message to the requester (H1): the answer itself, quoted."""
    return f"Ответ на обращение «{event.subject.strip()}»", _quoted(event.body)


def school_message_notice(event: helpdesk_pb2.RequestMessageAdded) -> tuple[str, str]:
    """The school's reply, to the member of the desk the request is assigned to."""
    return f"Сообщение школы по обращению «{event.subject.strip()}»", _quoted(event.body)


def assignment_notice(event: helpdesk_pb2.RequestAssigned) -> tuple[str, str]:
    return (
        f"Вам назначено обращение «{event.subject.strip()}»",
        "Обращение школы передано вам. Откройте журнал обращений, чтобы ответить.",
    )
