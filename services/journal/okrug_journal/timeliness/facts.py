"""What a timeliness fact is about and its identity (J4, O1).

A fact's id names the entry it is about, not the moment it was judged: the missing fact the
deadline clock records and the late one a later entry makes of it share it, so oversight's
read models replace the one by the other (EntriesTimed: a fact sent again replaces the one
before). Ids of expected entries are derived from what they are about, so a save finds the
fact of its entry without asking which one the clock wrote."""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID, uuid5

from okrug_journal.models import LessonProjection
from okrug_journal.policy.schemas import JournalPolicy

# uuid5 namespace of the journal's timeliness facts (fixed: ids must stay the same forever).
FACT_NAMESPACE = UUID("0b8f2f0e-5c1a-4c57-9a3e-6c1d2f6b4a11")

# The kinds of a lesson's entries the journal expects by a deadline (marks are not expected:
# a lesson needs none); a period mark is expected per student and subject.
LESSON_KINDS = ("attendance", "topic", "homework")

# The period a lesson's entries count in: the shortest study period containing its date.
_PERIOD_ORDER = {"term": 0, "trimester": 0, "half-year": 1, "year": 2}

TYPED, PAPER, OFFLINE = "typed", "paper", "offline"


def lesson_fact_id(kind: str, lesson_id: UUID) -> UUID:
    """The fact of a lesson's attendance, topic or homework (one each per lesson)."""
    return uuid5(FACT_NAMESPACE, f"{kind}:{lesson_id}")


def period_marks_id(class_id: UUID, subject_id: UUID, period: str) -> UUID:
    """The expectation of a class's period marks in a subject for a study period."""
    return uuid5(FACT_NAMESPACE, f"period-marks:{class_id}:{subject_id}:{period}")


def period_mark_fact_id(class_id: UUID, subject_id: UUID, period: str, student_id: UUID) -> UUID:
    """The fact of one student's period mark in a subject for a study period."""
    return uuid5(FACT_NAMESPACE, f"period-mark:{class_id}:{subject_id}:{period}:{student_id}")


def period_of(policy: JournalPolicy, day: date) -> str | None:
    """The code of the shortest study period containing `day` (a term before a half-year
    before the year); None outside every period."""
    containing = [p for p in policy.study_periods if p.starts_on <= day <= p.ends_on]
    if not containing:
        return None
    return min(containing, key=lambda p: (_PERIOD_ORDER[p.kind], p.ends_on)).code


def source_of(paper: bool, claimed_at: datetime | None) -> str:
    """How an entry reached the journal: imported from paper, kept in the browser through
    an outage (it claims the moment it was made), or typed and sent as it was made."""
    if paper:
        return PAPER
    return OFFLINE if claimed_at is not None else TYPED


@dataclass(frozen=True)
class Occasion:
    """What an entry is about: a lesson, or a class's subject in a study period."""

    class_id: UUID
    subject_id: UUID
    # The lesson's teacher of record (the substitute, if any); for a period mark the
    # subject's teacher of the class.
    teacher_id: UUID
    # The lesson's date, or the period's last day.
    day: date
    period: str | None
    lesson_id: UUID | None = None


def lesson_occasion(policy: JournalPolicy, lesson: LessonProjection) -> Occasion:
    return Occasion(
        class_id=lesson.class_id,
        subject_id=lesson.subject_id,
        teacher_id=lesson.teacher_id,
        day=lesson.lesson_date,
        period=period_of(policy, lesson.lesson_date),
        lesson_id=lesson.lesson_id,
    )
