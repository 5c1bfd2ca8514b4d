"""The columns of a paper journal's file (J13), Russian headers with English alongside
("Дата / date"), and the words a teacher copies from the paper journal into them.

A row with a student_id carries that student's attendance and one mark (a second mark of the
same lesson is a second row); a row without one carries the lesson's topic and homework."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    ru: str

    @property
    def header(self) -> str:
        return f"{self.ru} / {self.key}"


COLUMNS = (
    Column("date", "Дата"),
    Column("period", "Урок №"),
    Column("subject", "Предмет"),
    Column("group", "Группа"),
    Column("student_id", "ID ученика"),
    Column("student", "Ученик"),
    Column("attendance", "Посещаемость"),
    Column("reason", "Причина"),
    Column("mark", "Отметка"),
    Column("work_type", "Вид работы"),
    Column("topic", "Тема урока"),
    Column("homework", "Домашнее задание"),
)
# "subject" and "student" are there for the person copying the paper journal; the import
# reads the lesson from the import's class and subject, the date and the period number.
REQUIRED = ("date",)
# A row with none of these filled in (an untouched template row) is skipped.
DATA_COLUMNS = ("attendance", "reason", "mark", "work_type", "topic", "homework")

# Blank: present. "н" is what a Russian paper journal writes for an absence.
ATTENDANCE: dict[str, str | None] = {
    "": None,
    "+": None,
    "present": None,
    "был": None,
    "н": "absent",
    "нб": "absent",
    "absent": "absent",
    "оп": "late",
    "опоздал": "late",
    "опоздание": "late",
    "late": "late",
}
REASONS: dict[str, str | None] = {
    "": None,
    "б": "illness",
    "болезнь": "illness",
    "illness": "illness",
    "у": "excused",
    "уп": "excused",
    "уважительная": "excused",
    "excused": "excused",
    "нп": "unexcused",
    "неуважительная": "unexcused",
    "unexcused": "unexcused",
}
MARK_WORDS = {
    "зачёт": "pass",
    "зачет": "pass",
    "зач": "pass",
    "pass": "pass",
    "незачёт": "fail",
    "незачет": "fail",
    "незач": "fail",
    "fail": "fail",
}
ATTENDANCE_CHOICES = ("н", "оп")
REASON_CHOICES = ("болезнь", "уважительная", "неуважительная")


def column_of(header: str) -> str | None:
    """The column a header cell names: "Дата / date", "Дата" or "date" are all `date`."""
    parts = {p.strip().lower() for p in header.split("/")}
    for column in COLUMNS:
        if column.key in parts or column.ru.lower() in parts:
            return column.key
    return None
