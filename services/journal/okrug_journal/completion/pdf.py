"""Curriculum completion (J8) printable on A4 in Russian, drawn with okrug_journal.printing:
a row per subject (or group of it) with the same figures as the JSON; landscape, for the
table's nine columns."""

from datetime import date
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, Spacer  # type: ignore[import-untyped]

from okrug_journal.completion.schemas import CompletionReport, CompletionRow
from okrug_journal.printing import (
    day,
    document,
    escape,
    grid_table,
    heading,
    note,
    register_fonts,
    style,
    text_width,
)

SUBJECT = "Выполнение учебного плана / curriculum completion"
COLUMNS = (
    "Предмет",
    "По плану",
    "Проведено",
    "Не проведено",
    "Отменено",
    "Не состоялось",
    "Впереди",
    "С заменой",
    "Часов по КТП",
)
COUNTED_RU = (
    "По плану — уроки расписания за период, отменённые тоже; проведено — уроки, о которых в "
    "журнале записано, что урок проведён; не проведено — отменённые и не проведённые (или "
    "прошедшие без записи); впереди — сегодняшние и будущие уроки без записи; с заменой — "
    "уроки, которые провёл другой учитель. Часов по КТП — часы тематического плана на год."
)


def _cell(text: str, bold: bool = False) -> Paragraph:
    return Paragraph(text, style(8, bold=bold, leading=9.6))


def _subject(row: CompletionRow) -> str:
    name = escape(row.subject_name)
    return name if row.group_name is None else f"{name} ({escape(row.group_name)})"


def _row(row: CompletionRow) -> list[Any]:
    figures = (
        row.planned,
        row.held,
        row.missed,
        row.cancelled,
        row.not_held,
        row.upcoming,
        row.substituted,
    )
    plan_hours = "—" if row.plan_hours is None else str(row.plan_hours)
    return [_cell(_subject(row)), *(_cell(str(f)) for f in figures), _cell(plan_hours)]


def completion_sheet(
    report: CompletionReport, school_name: str, class_name: str, made_on: date
) -> bytes:
    register_fonts()
    period = f"{day(report.date_from)} — {day(report.date_to)}"
    if report.period is not None:
        period = f"{report.period} ({period})"
    story = heading(
        "Выполнение учебного плана",
        "Curriculum completion: planned, held, missed and substituted lessons per subject",
        [
            ("Школа", escape(school_name or "—")),
            ("Класс", escape(class_name or "—")),
            ("Период", escape(period)),
        ],
    )
    rows: list[list[Any]] = [[_cell(title, bold=True) for title in COLUMNS]]
    rows += [_row(row) for row in report.rows]
    figures = (text_width(wide=True) - 60 * mm) / (len(COLUMNS) - 1)
    if not report.rows:
        story.append(Paragraph("За этот период в расписании класса нет уроков.", style(10)))
    story += [
        grid_table(rows, [60 * mm, *([figures] * (len(COLUMNS) - 1))]),
        Spacer(1, 5 * mm),
        note(COUNTED_RU),
    ]
    return document(
        story,
        title=f"Выполнение учебного плана, {class_name}, {report.date_from}—{report.date_to}",
        subject=SUBJECT,
        wide=True,
        footer=f"Okrug · {class_name} · {period} · сформировано {day(made_on)}",
    )
