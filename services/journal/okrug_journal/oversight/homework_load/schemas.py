from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

COUNTING_RULE = (
    "A class's homework counts on the evening before the lesson it is due for (the class's "
    "next lesson of the subject, and of the group for a group lesson); while the timetable "
    "has no such lesson, on the evening of the day it was set. Its minutes are the "
    "teacher's estimate, else the school policy's default for the subject; homework with "
    "neither is counted apart (unestimated). A subject taught in groups counts its largest "
    "group's homework once. Individual homework is left out. Limits: SanPiN 1.2.3685-21, "
    "table 6.6."
)


class DailyLimit(BaseModel):
    grade_from: int
    grade_to: int
    minutes: int


class Coverage(BaseModel):
    date_from: date
    date_to: date
    period: str | None = Field(description="The study period's code when the range is one")


class SchoolHomeworkLoad(BaseModel):
    school_id: UUID
    class_evenings: int = Field(description="Evenings on which a class had homework")
    evenings_over_limit: int
    classes_over_limit: int = Field(description="Classes with at least one evening over")
    max_minutes: int
    unestimated_homework: int = Field(description="Homework counted with no minutes")


class HomeworkLoadOverview(Coverage):
    """Per school, its classes' evenings against the limit (counts only)."""

    rule: str = COUNTING_RULE
    limits: list[DailyLimit]
    schools: list[SchoolHomeworkLoad]


class EveningLoad(BaseModel):
    evening: date
    minutes: int
    limit_minutes: int | None
    over_limit: bool
    homework_count: int
    unestimated_count: int


class ClassHomeworkLoad(BaseModel):
    class_id: UUID
    class_name: str
    grade: int | None
    limit_minutes: int | None
    evenings: int
    average_minutes: float
    max_minutes: int
    # Every evening over the limit, in date order.
    over_limit: list[EveningLoad]


class SchoolClassesLoad(Coverage):
    school_id: UUID
    rule: str = COUNTING_RULE
    classes: list[ClassHomeworkLoad]


class EveningHomework(BaseModel):
    lesson_id: UUID
    subject_id: UUID
    subject_name: str
    group_name: str | None
    set_on: date
    minutes: int | None
    estimated_by_teacher: bool


class ClassEvening(EveningLoad):
    homework: list[EveningHomework]


class ClassEvenings(Coverage):
    """A class's evenings; none when it had no homework in the dates (its name, grade and
    limit are then unknown here)."""

    school_id: UUID
    class_id: UUID
    class_name: str | None
    grade: int | None
    limit_minutes: int | None
    rule: str = COUNTING_RULE
    evenings: list[ClassEvening]
