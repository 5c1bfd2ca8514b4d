"""Class reports (J11) printable on A4 in Russian, drawn with okrug_journal.printing: the
attendance of a month and the results of a study period, with the same figures as the JSON."""

from datetime import date
from typing import Any

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, Spacer  # type: ignore[import-untyped]

from okrug_journal.printing import (
    day,
    document,
    escape,
    grid_table,
    heading,
    note,
    number,
    register_fonts,
    style,
    text_width,
)
from okrug_journal.reports.schemas import ClassAttendance, ClassResults
from okrug_journal.reports.service import CATEGORY_TEXT, COUNT_ROWS
from okrug_journal.summaries.schemas import Absences

ATTENDANCE_SUBJECT = "Посещаемость класса / class attendance"
RESULTS_SUBJECT = "Успеваемость класса / class results"
# Subjects of the results table on a portrait page; more turn the page landscape.
PORTRAIT_SUBJECTS = 6
ATTENDANCE_COUNTED_RU = (
    "Пропуски и опоздания — отметки посещаемости учащегося на уроках класса (и его групп) "
    "за месяц; уроков проведено — уроки класса, о которых в журнале записано, что урок проведён."
)
RESULTS_NOTE_RU = (
    "В ячейке: отметка за период (жирным) / средневзвешенный балл за период. "
    "Успеваемость — доля аттестованных без неудовлетворительных отметок, качество знаний — "
    "доля учащихся только с «4» и «5»; проценты от всех учащихся, округление до десятых, "
    "0,05 — вверх."
)


def _cell(text: str, size: float = 8, bold: bool = False) -> Paragraph:
    return Paragraph(text, style(size, bold=bold, leading=size * 1.2))


def _absence_cells(a: Absences, lates: int, bold: bool = False) -> list[Paragraph]:
    figures = (a.total, a.illness, a.excused, a.unexcused, a.no_reason, lates)
    return [_cell(str(f), bold=bold) for f in figures]


def attendance_sheet(report: ClassAttendance, made_on: date) -> bytes:
    register_fonts()
    period = f"{day(report.date_from)} — {day(report.date_to)}"
    story = heading(
        "Посещаемость класса за месяц",
        "Class attendance of a month: lessons missed by reason and lates",
        [
            ("Школа", escape(report.school_name or "—")),
            ("Класс", escape(report.class_name or "—")),
            ("Месяц", f"{report.month} ({period})"),
            ("Уроков проведено", str(report.lessons_held)),
        ],
    )
    header = [
        _cell(title, 6.5, bold=True)
        for title in (
            "№",
            "Учащийся",
            "Пропущено уроков",
            "по болезни",
            "по уважит. причине",
            "по неуважит. причине",
            "причина не указана",
            "Опозданий",
        )
    ]
    rows: list[list[Any]] = [header]
    for number_, row in enumerate(report.students, start=1):
        rows.append(
            [
                _cell(str(number_)),
                _cell(escape(row.student_name)),
                *_absence_cells(row.absences, row.lates),
            ]
        )
    rows.append(
        [
            _cell(""),
            _cell("Итого по классу", bold=True),
            *_absence_cells(report.totals.absences, report.totals.lates, bold=True),
        ]
    )
    figures = (text_width(wide=False) - 8 * mm - 50 * mm) / 6
    story += [
        grid_table(rows, [8 * mm, 50 * mm, *([figures] * 6)]),
        Spacer(1, 5 * mm),
        note(ATTENDANCE_COUNTED_RU),
    ]
    return document(
        story,
        title=f"Посещаемость класса {report.class_name}, {report.month}",
        subject=ATTENDANCE_SUBJECT,
        wide=False,
        footer=f"Okrug · {report.class_name} · {report.month} · сформировано {day(made_on)}",
    )


def _results_table(report: ClassResults, wide: bool) -> Any:
    header = [
        _cell("№", 7.5, bold=True),
        _cell("Учащийся", 7.5, bold=True),
        *(_cell(escape(s.subject_name), 7, bold=True) for s in report.subjects),
        _cell("Итог", 7.5, bold=True),
    ]
    rows: list[list[Any]] = [header]
    for number_, row in enumerate(report.students, start=1):
        cells = [
            _cell(f"<b>{escape(r.period_mark or '—')}</b> / {number(r.weighted_average)}", 7.5)
            for r in row.subjects
        ]
        rows.append(
            [
                _cell(str(number_)),
                _cell(escape(row.student_name)),
                *cells,
                _cell(CATEGORY_TEXT[row.category], 7.5),
            ]
        )
    fixed = 8 * mm + 48 * mm + 30 * mm
    subject_width = (text_width(wide) - fixed) / max(len(report.subjects), 1)
    return grid_table(rows, [8 * mm, 48 * mm, *([subject_width] * len(report.subjects)), 30 * mm])


def _counts_table(report: ClassResults) -> Any:
    counts = report.counts.model_dump()
    rows: list[list[Any]] = [[_cell("Показатель", bold=True), _cell("Значение", bold=True)]]
    rows += [[_cell(title.split(" / ")[0]), _cell(str(counts[key]))] for title, key in COUNT_ROWS]
    rows += [
        [_cell("Успеваемость, %"), _cell(number(report.success_rate), bold=True)],
        [_cell("Качество знаний, %"), _cell(number(report.quality_rate), bold=True)],
    ]
    table = grid_table(rows, [60 * mm, 30 * mm])
    table.hAlign = "LEFT"
    return table


def results_sheet(report: ClassResults, made_on: date) -> bytes:
    register_fonts()
    wide = len(report.subjects) > PORTRAIT_SUBJECTS
    period = f"{report.period} ({day(report.date_from)} — {day(report.date_to)})"
    story = heading(
        "Успеваемость класса за период",
        "Class results of a study period: period marks, weighted averages, the counts",
        [
            ("Школа", escape(report.school_name or "—")),
            ("Класс", escape(report.class_name or "—")),
            ("Период", escape(period)),
            ("Учащихся", str(report.counts.students)),
        ],
    )
    story += [note(RESULTS_NOTE_RU), Spacer(1, 3 * mm)]
    if not report.subjects:
        story.append(Paragraph("За этот период в журнале нет отметок.", style(10)))
    story += [
        _results_table(report, wide),
        Spacer(1, 5 * mm),
        _counts_table(report),
    ]
    return document(
        story,
        title=f"Успеваемость класса {report.class_name}, {report.period}",
        subject=RESULTS_SUBJECT,
        wide=wide,
        footer=f"Okrug · {report.class_name} · {period} · сформировано {day(made_on)}",
    )
