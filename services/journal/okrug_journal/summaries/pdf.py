"""Printable summary sheets (J10) in Russian, drawn with okrug_journal.printing: the school,
class, student and range in the heading; a class's table turns landscape when wide."""

from datetime import date
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from okrug_journal.printing import (
    GRID,
    SHADE,
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
from okrug_journal.summaries.schemas import (
    Absences,
    ClassSummary,
    StudentSummary,
    SubjectFigures,
    Totals,
)

# Subjects per table of a class sheet: portrait up to PORTRAIT_SUBJECTS, else landscape
# pages of up to LANDSCAPE_SUBJECTS subjects each.
PORTRAIT_SUBJECTS = 4
LANDSCAPE_SUBJECTS = 7
SUBJECT = "Сводная ведомость / summary sheet"
ROUNDING_RU = (
    "Средний балл — сумма отметок, делённая на их число; средневзвешенный — сумма "
    "произведений отметки на вес вида работы, делённая на сумму весов; учитываются только "
    "пятибалльные отметки (зачёт/незачёт не усредняются); округление до сотых, 0,005 — вверх."
)
COUNTED_RU = (
    "Уроки: уроки класса и групп учащегося за период; проведённые — те, о которых в журнале "
    "записано, что урок проведён. Пропуски и опоздания — отметки посещаемости на этих уроках."
)


def absences_text(a: Absences) -> str:
    if a.total == 0:
        return "0"
    parts = [
        f"по болезни {a.illness}",
        f"уважит. {a.excused}",
        f"неуважит. {a.unexcused}",
        f"без причины {a.no_reason}",
    ]
    return f"{a.total} ({', '.join(parts)})"


def _marks_text(f: SubjectFigures) -> str:
    if not f.marks:
        return "нет отметок"
    parts = []
    for m in f.marks:
        weight = "" if m.weight == 1 else f", вес {number(m.weight.normalize())}"
        parts.append(
            f"<b>{escape(m.value)}</b> — {escape(m.work_type_title)}{weight}, {m.lesson_date:%d.%m}"
        )
    return "; ".join(parts)


def _subject_table(f: SubjectFigures, width: float) -> Table:
    def cell(label: str, value: str) -> Paragraph:
        return Paragraph(f"{label}: <b>{value}</b>", style(9.5))

    rows = [
        [Paragraph(escape(f.subject_name), style(11, bold=True)), "", "", ""],
        [
            cell("Уроков проведено", str(f.lessons_held)),
            cell("Отметок", str(f.marks_count)),
            cell("Средний балл", number(f.average)),
            cell("Средневзвешенный", number(f.weighted_average)),
        ],
        [
            cell("Опозданий", str(f.lates)),
            cell("Пропущено уроков", absences_text(f.absences)),
            "",
            "",
        ],
        [Paragraph(f"Отметки: {_marks_text(f)}", style(9.5)), "", "", ""],
    ]
    quarter = width / 4
    table = Table(rows, colWidths=[quarter - 4 * mm, quarter - 10 * mm, quarter + 2 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (1, 2), (-1, 2)),
                ("SPAN", (0, 3), (-1, 3)),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _totals_table(t: Totals) -> Table:
    rows = [
        [
            Paragraph("Итого за период", style(10, bold=True)),
            Paragraph(f"уроков проведено: {t.lessons_held}", style(9.5)),
            Paragraph(f"отметок: {t.marks_count}", style(9.5)),
            Paragraph(f"опозданий: {t.lates}", style(9.5)),
        ],
        [
            "",
            Paragraph(f"пропущено уроков: {absences_text(t.absences)}", style(9.5)),
            "",
            "",
        ],
    ]
    table = Table(rows, colWidths=[34 * mm, 62 * mm, 40 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (1, 1), (-1, 1)),
                ("SPAN", (0, 0), (0, 1)),
                ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _signatures() -> list[Any]:
    line = "_" * 28
    return [
        Spacer(1, 8 * mm),
        Paragraph(f"Классный руководитель {line}", style(9.5)),
        Spacer(1, 5 * mm),
        Paragraph(f"Родитель (законный представитель) {line}", style(9.5)),
    ]


def student_sheet(summary: StudentSummary, made_on: date) -> bytes:
    register_fonts()
    width = text_width(wide=False)
    period = f"{day(summary.date_from)} — {day(summary.date_to)}"
    story = heading(
        "Сводная ведомость успеваемости и посещаемости",
        "Student summary sheet: marks, lessons held, absences and lates",
        [
            ("Школа", escape(summary.school_name or "—")),
            ("Класс", escape(", ".join(summary.class_names) or "—")),
            ("Учащийся", escape(summary.student_name)),
            ("Период", period),
        ],
    )
    if not summary.subjects:
        story.append(Paragraph("За этот период в журнале нет уроков.", style(10)))
    for figures in summary.subjects:
        story.append(KeepTogether([_subject_table(figures, width), Spacer(1, 3 * mm)]))
    story += [Spacer(1, 2 * mm), _totals_table(summary.totals), *_signatures()]
    story += [Spacer(1, 6 * mm), note(ROUNDING_RU), note(COUNTED_RU)]
    return document(
        story,
        title=f"Сводная ведомость — {summary.student_name}, {period}",
        subject=SUBJECT,
        wide=False,
        footer=f"Okrug · {summary.student_name} · {period} · сформировано {day(made_on)}",
    )


def _cell(f: SubjectFigures) -> Paragraph:
    lines = [
        f"<b>{number(f.weighted_average)}</b> / {number(f.average)}",
        f"отм.: {f.marks_count}",
        f"н {f.absences.total} · оп {f.lates}",
    ]
    return Paragraph("<br/>".join(lines), style(7.5, leading=9))


def _class_table(summary: ClassSummary, subjects: range, width: float) -> Table:
    header: list[Any] = [
        Paragraph("№", style(7.5, bold=True)),
        Paragraph("Учащийся", style(8, bold=True)),
    ]
    for i in subjects:
        s = summary.subjects[i]
        header.append(
            Paragraph(
                f"<b>{escape(s.subject_name)}</b><br/>уроков: {s.lessons_held}",
                style(7, leading=8.5),
            )
        )
    header += [
        Paragraph("<b>Пропущено<br/>уроков</b>", style(6.5, leading=8)),
        Paragraph("<b>Опозданий</b>", style(6.5, leading=8)),
    ]
    rows = [header]
    for number_, row in enumerate(summary.students, start=1):
        rows.append(
            [
                Paragraph(str(number_), style(8)),
                Paragraph(escape(row.student_name), style(8)),
                *(_cell(row.subjects[i]) for i in subjects),
                Paragraph(str(row.totals.absences.total), style(8, bold=True)),
                Paragraph(str(row.totals.lates), style(8, bold=True)),
            ]
        )
    fixed = 8 * mm + 44 * mm + 2 * 21 * mm
    subject_width = (width - fixed) / max(len(subjects), 1)
    return grid_table(rows, [8 * mm, 44 * mm, *([subject_width] * len(subjects)), 21 * mm, 21 * mm])


def class_sheet(summary: ClassSummary, made_on: date) -> bytes:
    register_fonts()
    count = len(summary.subjects)
    wide = count > PORTRAIT_SUBJECTS
    width = text_width(wide)
    per_table = LANDSCAPE_SUBJECTS if wide else PORTRAIT_SUBJECTS
    period = f"{day(summary.date_from)} — {day(summary.date_to)}"
    story = heading(
        "Сводная ведомость класса",
        "Class summary sheet: per student and subject",
        [
            ("Школа", escape(summary.school_name or "—")),
            ("Класс", escape(summary.class_name or "—")),
            ("Период", period),
            ("Учащихся", str(len(summary.students))),
        ],
    )
    story.append(
        note(
            "В ячейке: средневзвешенный балл (жирным) / средний балл; отм. — число отметок; "
            "н — пропущено уроков, оп — опозданий. " + ROUNDING_RU
        )
    )
    story.append(Spacer(1, 3 * mm))
    if not summary.subjects:
        story.append(Paragraph("За этот период в журнале нет уроков.", style(10)))
    for start in range(0, count, per_table):
        story.append(_class_table(summary, range(start, min(start + per_table, count)), width))
        story.append(Spacer(1, 5 * mm))
    story += _signatures()[:2]
    return document(
        story,
        title=f"Сводная ведомость класса {summary.class_name}, {period}",
        subject=SUBJECT,
        wide=wide,
        footer=f"Okrug · {summary.class_name} · {period} · сформировано {day(made_on)}",
    )
