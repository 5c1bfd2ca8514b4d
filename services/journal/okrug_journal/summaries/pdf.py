"""Printable summary sheets (J10) in Russian: A4 (landscape when a class's table is wide),
ReportLab with DejaVu fonts (Cyrillic glyphs), the school, class, student and range in the
heading, page numbers "Стр. N из M" in the footer. Decimals print with a comma (4,67)."""

import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from okrug_common.errors import Unavailable
from okrug_journal.summaries.schemas import (
    Absences,
    ClassSummary,
    StudentSummary,
    SubjectFigures,
    Totals,
)

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
FONTS = {"Okrug": "DejaVuSans.ttf", "Okrug-Bold": "DejaVuSans-Bold.ttf"}
MARGIN = 14 * mm
# Subjects per table of a class sheet: portrait up to PORTRAIT_SUBJECTS, else landscape
# pages of up to LANDSCAPE_SUBJECTS subjects each.
PORTRAIT_SUBJECTS = 4
LANDSCAPE_SUBJECTS = 7
ROUNDING_RU = (
    "Средний балл — сумма отметок, делённая на их число; средневзвешенный — сумма "
    "произведений отметки на вес вида работы, делённая на сумму весов; учитываются только "
    "пятибалльные отметки (зачёт/незачёт не усредняются); округление до сотых, 0,005 — вверх."
)
COUNTED_RU = (
    "Уроки: уроки класса и групп учащегося за период; проведённые — те, о которых в журнале "
    "записано, что урок проведён. Пропуски и опоздания — отметки посещаемости на этих уроках."
)
GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.92, 0.92, 0.92)


def register_fonts(dirs: Sequence[str] = FONT_DIRS) -> None:
    """DejaVu Sans as "Okrug" (a family, so <b> in a paragraph picks the bold face)."""
    if all(name in pdfmetrics.getRegisteredFontNames() for name in FONTS):
        _family()
        return
    for name, file in FONTS.items():
        path = next((Path(d) / file for d in dirs if (Path(d) / file).is_file()), None)
        if path is None:
            raise Unavailable(
                f"No font {file} with Cyrillic glyphs in {', '.join(dirs)}: install the Debian "
                "package fonts-dejavu-core."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    _family()


def _family() -> None:
    pdfmetrics.registerFontFamily(
        "Okrug", normal="Okrug", bold="Okrug-Bold", italic="Okrug", boldItalic="Okrug-Bold"
    )


def style(size: float = 9.5, bold: bool = False, leading: float | None = None) -> ParagraphStyle:
    return ParagraphStyle(
        f"okrug-{size}-{bold}",
        fontName="Okrug-Bold" if bold else "Okrug",
        fontSize=size,
        leading=leading or size * 1.25,
    )


def number(value: Decimal | None) -> str:
    return "—" if value is None else str(value).replace(".", ",")


def day(value: date) -> str:
    return f"{value:%d.%m.%Y}"


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


def _canvas_class(footer: str) -> type[Canvas]:
    """A canvas that prints "Стр. N из M" on every page once it knows M."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for number_, state in enumerate(self._saved, start=1):
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont("Okrug", 7.5)
                self.setFillGray(0.35)
                self.drawString(MARGIN, 8 * mm, footer)
                self.drawRightString(width - MARGIN, 8 * mm, f"Стр. {number_} из {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _document(story: list[Any], *, title: str, wide: bool, footer: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="Okrug",
        subject="Сводная ведомость / summary sheet",
    )
    canvas_class: Callable[..., Canvas] = _canvas_class(footer)
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def _heading(title: str, english: str, lines: list[tuple[str, str]]) -> list[Any]:
    rows = [[Paragraph(k, style(9.5)), Paragraph(v, style(10, bold=True))] for k, v in lines]
    table = Table(rows, colWidths=[32 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return [
        Paragraph(title, style(14, bold=True)),
        Paragraph(english, style(8)),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 4 * mm),
    ]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _marks_text(f: SubjectFigures) -> str:
    if not f.marks:
        return "нет отметок"
    parts = []
    for m in f.marks:
        weight = "" if m.weight == 1 else f", вес {number(m.weight.normalize())}"
        parts.append(
            f"<b>{_escape(m.value)}</b> — {_escape(m.work_type_title)}{weight}, {m.lesson_date:%d.%m}"
        )
    return "; ".join(parts)


def _subject_table(f: SubjectFigures, width: float) -> Table:
    def cell(label: str, value: str) -> Paragraph:
        return Paragraph(f"{label}: <b>{value}</b>", style(9.5))

    rows = [
        [Paragraph(_escape(f.subject_name), style(11, bold=True)), "", "", ""],
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


def _note(text: str) -> Paragraph:
    return Paragraph(_escape(text), style(7, leading=8.5))


def student_sheet(summary: StudentSummary, made_on: date) -> bytes:
    register_fonts()
    width = A4[0] - 2 * MARGIN
    period = f"{day(summary.date_from)} — {day(summary.date_to)}"
    story = _heading(
        "Сводная ведомость успеваемости и посещаемости",
        "Student summary sheet: marks, lessons held, absences and lates",
        [
            ("Школа", _escape(summary.school_name or "—")),
            ("Класс", _escape(", ".join(summary.class_names) or "—")),
            ("Учащийся", _escape(summary.student_name)),
            ("Период", period),
        ],
    )
    if not summary.subjects:
        story.append(Paragraph("За этот период в журнале нет уроков.", style(10)))
    for figures in summary.subjects:
        story.append(KeepTogether([_subject_table(figures, width), Spacer(1, 3 * mm)]))
    story += [Spacer(1, 2 * mm), _totals_table(summary.totals), *_signatures()]
    story += [Spacer(1, 6 * mm), _note(ROUNDING_RU), _note(COUNTED_RU)]
    return _document(
        story,
        title=f"Сводная ведомость — {summary.student_name}, {period}",
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
                f"<b>{_escape(s.subject_name)}</b><br/>уроков: {s.lessons_held}",
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
                Paragraph(_escape(row.student_name), style(8)),
                *(_cell(row.subjects[i]) for i in subjects),
                Paragraph(str(row.totals.absences.total), style(8, bold=True)),
                Paragraph(str(row.totals.lates), style(8, bold=True)),
            ]
        )
    fixed = 8 * mm + 44 * mm + 2 * 21 * mm
    subject_width = (width - fixed) / max(len(subjects), 1)
    table = Table(
        rows,
        colWidths=[8 * mm, 44 * mm, *([subject_width] * len(subjects)), 21 * mm, 21 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                (
                    "ROWBACKGROUNDS",
                    (0, 1),
                    (-1, -1),
                    [colors.white, colors.Color(0.97, 0.97, 0.97)],
                ),
            ]
        )
    )
    return table


def class_sheet(summary: ClassSummary, made_on: date) -> bytes:
    register_fonts()
    count = len(summary.subjects)
    wide = count > PORTRAIT_SUBJECTS
    width = (landscape(A4)[0] if wide else A4[0]) - 2 * MARGIN
    per_table = LANDSCAPE_SUBJECTS if wide else PORTRAIT_SUBJECTS
    period = f"{day(summary.date_from)} — {day(summary.date_to)}"
    story = _heading(
        "Сводная ведомость класса",
        "Class summary sheet: per student and subject",
        [
            ("Школа", _escape(summary.school_name or "—")),
            ("Класс", _escape(summary.class_name or "—")),
            ("Период", period),
            ("Учащихся", str(len(summary.students))),
        ],
    )
    story.append(
        _note(
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
    return _document(
        story,
        title=f"Сводная ведомость класса {summary.class_name}, {period}",
        wide=wide,
        footer=f"Okrug · {summary.class_name} · {period} · сформировано {day(made_on)}",
    )
