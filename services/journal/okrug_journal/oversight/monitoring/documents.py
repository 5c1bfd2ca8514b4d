"""A monitoring report as documents (O5): A4 PDF in Russian drawn with the journal's one
printing module (okrug_journal.printing, ReportLab) and an Excel workbook (openpyxl), both
from the stored snapshot, so a report prints the same figures whenever it is downloaded."""

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import KeepTogether, Paragraph, Spacer  # type: ignore[import-untyped]

from okrug_journal.oversight.monitoring.schemas import (
    DistrictFigures,
    ReportFigures,
    ReportRead,
)
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

SUBJECT = "Мониторинг ведения электронного журнала / journal-keeping monitoring (O5)"
REASONS = {"period-end": "по окончании периода", "on-demand": "по запросу"}
KIND_NAMES = {
    "attendance": "Посещаемость",
    "topic": "Темы уроков",
    "homework": "Домашние задания",
    "mark": "Отметки",
    "period-mark": "Отметки за период",
}
FIGURE_NAMES = {
    "on-time": "Записи внесены вовремя",
    "fill": "Учащиеся с минимумом отметок",
    "completion": "Уроки проведены",
}
INDEX_PART_NAMES = {
    "timeliness": "Своевременность",
    "fill": "Наполняемость отметок",
    "completion": "Выполнение программы",
    "homework_load": "Домашняя нагрузка",
}
ACTIVITY_NAMES = {
    "lesson-entries": "Вносили записи уроков",
    "absence-reasons": "Указывали причины пропусков",
    "diary-parents": "Родители читали дневник",
    "diary-students": "Учащиеся читали дневник",
    "active-teachers": "Учителя в системе",
    "active-class-teachers": "Классные руководители в системе",
    "active-leadership": "Администрация в системе",
    "active-parents": "Родители в системе",
    "active-students": "Учащиеся в системе",
}
NOTE_RU = (
    "Показатели взяты из сводных данных мониторинга в момент формирования отчёта; учащиеся "
    "указаны только числом. Доля вовремя — записи, внесённые в срок, из всех, срок которых "
    "наступил; наполняемость — доля учащихся (по каждому предмету) с не меньшим, чем "
    "минимум округа, числом отметок за период; выполнение — проведённые уроки из "
    "запланированных на дату отчёта. Выбросы объективности: |z| ≥ 3 при расхождении средних "
    "не меньше 0,3 балла и не меньше 30 отметок с каждой стороны. Домашняя нагрузка — вечера "
    "сверх нормы СанПиН 1.2.3685-21 для параллели."
)


def percent(share: float | None) -> str:
    """0.875 -> '87,5 %'; None -> '—'."""
    if share is None:
        return "—"
    return f"{share * 100:.1f} %".replace(".", ",")


def decimal(value: float | None) -> str:
    return "—" if value is None else f"{value:g}".replace(".", ",")


def moment(value: datetime, zone: ZoneInfo) -> str:
    return f"{value.astimezone(zone):%d.%m.%Y %H:%M}"


def short(name: str) -> str:
    return name if len(name) <= FOOTER_NAME else name[: FOOTER_NAME - 1].rstrip() + "…"


def _cell(text: str, size: float = 8, bold: bool = False) -> Paragraph:
    return Paragraph(escape(text), style(size, bold=bold, leading=size * 1.2))


def _table(
    header: Sequence[str], rows: list[list[str]], widths: Sequence[float], header_size: float = 7.5
) -> Any:
    cells = [[_cell(h, header_size, bold=True) for h in header]]
    cells += [[_cell(value) for value in row] for row in rows]
    return grid_table(cells, list(widths))


def _section(title: str, *flowables: Any) -> list[Any]:
    return [
        KeepTogether(
            [Paragraph(escape(title), style(11, bold=True)), Spacer(1, 2 * mm), *flowables]
        ),
        Spacer(1, 5 * mm),
    ]


def timeliness_rows(f: ReportFigures) -> list[list[str]]:
    rows = [
        [
            KIND_NAMES.get(k.kind, k.kind),
            str(k.on_time),
            str(k.late),
            str(k.missing),
            str(k.due),
            percent(k.on_time_share),
        ]
        for k in f.by_kind
    ]
    t = f.timeliness
    rows.append(
        ["Всего", str(t.on_time), str(t.late), str(t.missing), str(t.due), percent(t.on_time_share)]
    )
    return rows


def school_rows(f: ReportFigures) -> list[tuple[str, str, str]]:
    """(section, figure, value): every figure of a school's report, as the workbook and the
    PDF's short tables list them."""
    rows: list[tuple[str, str, str]] = []
    fill = f.fill
    rows += [
        ("Наполняемость отметок", "Учащихся × предметов", str(fill.student_count if fill else 0)),
        ("Наполняемость отметок", "Отметок", str(fill.marks if fill else 0)),
        (
            "Наполняемость отметок",
            "Отметок на учащегося",
            decimal(fill.marks_per_student if fill else None),
        ),
        ("Наполняемость отметок", "Ниже минимума", str(fill.below_minimum if fill else 0)),
        ("Наполняемость отметок", "Доля с минимумом", percent(fill.fill_share if fill else None)),
    ]
    lessons = f.lessons
    for name, value in (
        ("Запланировано уроков", lessons.planned if lessons else 0),
        ("Проведено", lessons.held if lessons else 0),
        ("Проведено с заменой", lessons.replaced if lessons else 0),
        ("Отменено", lessons.cancelled if lessons else 0),
        ("Не проведено", lessons.missed if lessons else 0),
    ):
        rows.append(("Выполнение программы", name, str(value)))
    rows.append(
        (
            "Выполнение программы",
            "Доля проведённых",
            percent(lessons.held_share if lessons else None),
        )
    )
    o = f.objectivity
    rows += [
        ("Объективность отметок", "Учителей сравнено (предмет, параллель)", str(o.compared)),
        ("Объективность отметок", "Выбросов", str(o.outliers)),
    ]
    load = f.homework_load
    rows += [
        (
            "Домашняя нагрузка",
            "Вечеров с домашним заданием",
            str(load.class_evenings if load else 0),
        ),
        ("Домашняя нагрузка", "Вечеров сверх нормы", str(load.evenings_over_limit if load else 0)),
        ("Домашняя нагрузка", "Классов с превышением", str(load.classes_over_limit if load else 0)),
        ("Домашняя нагрузка", "Самый долгий вечер, мин", str(load.max_minutes if load else 0)),
    ]
    rows.append(("Активность (человек в неделю)", "Недель", str(f.usage.weeks)))
    rows += [
        ("Активность (человек в неделю)", ACTIVITY_NAMES.get(k, k), decimal(v))
        for k, v in f.usage.average_per_week.items()
    ]
    forecast = f.forecast
    rows += [
        ("Прогноз отметок за период", "Прогнозов", str(forecast.forecasts if forecast else 0)),
        (
            "Прогноз отметок за период",
            "Неудовлетворительных",
            str(forecast.failing if forecast else 0),
        ),
    ]
    index = f.index
    rows.append(("Индекс соблюдения", "Индекс (0–100)", decimal(index.index if index else None)))
    for part in index.parts if index else []:
        rows.append(
            (
                "Индекс соблюдения",
                f"{INDEX_PART_NAMES.get(part.name, part.name)} (вес {decimal(part.weight)})",
                percent(part.share),
            )
        )
    return rows


def threshold_rows(f: ReportFigures) -> list[list[str]]:
    def status(below: bool, measured: float | None) -> str:
        if measured is None:
            return "нет данных"
        return "НИЖЕ ПОРОГА" if below else "в пределах"

    return [
        [
            FIGURE_NAMES[c.figure],
            percent(c.threshold),
            percent(c.measured),
            status(c.below, c.measured),
        ]
        for c in f.thresholds
    ]


def _key_lines(report: ReportRead, zone: ZoneInfo) -> list[tuple[str, str]]:
    recipients = ", ".join(r.name for r in report.recipients) or "—"
    lines = [
        (
            "Период",
            f"{escape(report.period_name)} ({day(report.date_from)} — {day(report.date_to)})",
        ),
        ("Сформирован", f"{moment(report.made_at, zone)}, {REASONS[report.reason]}"),
    ]
    if report.school_id is not None:
        lines.insert(0, ("Школа", escape(report.school_name or "—")))
        lines.append(("Получатели", escape(recipients)))
    return lines


def school_pdf(report: ReportRead, zone: ZoneInfo) -> bytes:
    assert report.figures is not None
    f = report.figures
    register_fonts()
    width = text_width(wide=False)
    story = heading(
        "Мониторинг ведения электронного журнала",
        "Journal-keeping monitoring report of a school and study period",
        _key_lines(report, zone),
    )
    story += _section(
        "Своевременность записей",
        _table(
            ("Вид записи", "Вовремя", "С опозданием", "Не внесено", "Всего", "Доля вовремя"),
            timeliness_rows(f),
            [width - 5 * 24 * mm, *([24 * mm] * 5)],
        ),
    )
    story += _section(
        "Пороговые значения округа",
        _table(
            ("Показатель", "Порог", "Значение", "Состояние"),
            threshold_rows(f),
            [width - 3 * 30 * mm, *([30 * mm] * 3)],
        ),
    )
    grouped: dict[str, list[list[str]]] = {}
    for section, name, value in school_rows(f):
        grouped.setdefault(section, []).append([name, value])
    for section, rows in grouped.items():
        story += _section(
            section, _table(("Показатель", "Значение"), rows, [width - 40 * mm, 40 * mm])
        )
    if f.objectivity.listed:
        story += _section(
            "Учителя с выбросами распределения отметок",
            _table(
                ("Учитель", "Предмет", "Параллель", "Отметок", "Средний", "Округ", "z"),
                [
                    [
                        o.teacher_name,
                        o.subject,
                        str(o.grade or "—"),
                        str(o.n),
                        decimal(o.mean),
                        decimal(o.district_mean),
                        decimal(o.z),
                    ]
                    for o in f.objectivity.listed
                ],
                [45 * mm, width - 45 * mm - 22 * mm - 4 * 20 * mm, 22 * mm, *([20 * mm] * 4)],
            ),
        )
    story.append(note(NOTE_RU))
    return document(
        story,
        title=f"Мониторинг: {f.school_name}, {report.period_name}",
        subject=SUBJECT,
        wide=False,
        footer=f"Okrug · {short(f.school_name)} · {report.period_name} · "
        f"сформирован {moment(report.made_at, zone)}",
    )


DISTRICT_COLUMNS = (
    "Школа",
    "Индекс",
    "Вовремя",
    "Не внесено",
    "С минимумом",
    "Ниже минимума",
    "Проведено",
    "Не проведено",
    "Выбросы",
    "Вечера сверх нормы",
    "Неуд. прогнозы",
    "Ниже порога",
)
# Every column but the last (below the thresholds: the rest of the landscape page), in mm:
# wide enough for the headers' longest word.
DISTRICT_WIDTHS_MM = (42, 17, 18, 18, 24, 21, 22, 21, 20, 18, 20)
# The district's table names a figure below its threshold as its column does.
FIGURE_WORDS = {"on-time": "вовремя", "fill": "с минимумом", "completion": "проведено"}
# A footer leaves room for the page number: a longer school name is cut.
FOOTER_NAME = 48


def district_row(f: ReportFigures) -> list[str]:
    below = ", ".join(FIGURE_WORDS[c.figure] for c in f.thresholds if c.below) or "—"
    return [
        f.school_name or str(f.school_id),
        decimal(f.index.index if f.index else None),
        percent(f.timeliness.on_time_share),
        str(f.timeliness.missing),
        percent(f.fill.fill_share if f.fill else None),
        str(f.fill.below_minimum if f.fill else 0),
        percent(f.lessons.held_share if f.lessons else None),
        str(f.lessons.missed if f.lessons else 0),
        str(f.objectivity.outliers),
        str(f.homework_load.evenings_over_limit if f.homework_load else 0),
        str(f.forecast.failing if f.forecast else 0),
        below,
    ]


def district_pdf(report: ReportRead, zone: ZoneInfo) -> bytes:
    assert report.district is not None
    district: DistrictFigures = report.district
    register_fonts()
    width = text_width(wide=True)
    story = heading(
        "Мониторинг ведения электронного журнала: сводка по округу",
        "Journal-keeping monitoring: the district's summary across schools",
        [*_key_lines(report, zone), ("Школ", str(len(district.schools)))],
    )
    widths = [w * mm for w in DISTRICT_WIDTHS_MM]
    story += [
        _table(
            DISTRICT_COLUMNS,
            [district_row(f) for f in district.schools],
            [*widths, width - sum(widths)],
            header_size=7,
        ),
        Spacer(1, 5 * mm),
        note(NOTE_RU),
    ]
    return document(
        story,
        title=f"Мониторинг: сводка по округу, {report.period_name}",
        subject=SUBJECT,
        wide=True,
        footer=f"Okrug · сводка по округу · {report.period_name} · сформирован {moment(report.made_at, zone)}",
    )


def pdf_of(report: ReportRead, zone: ZoneInfo) -> bytes:
    return district_pdf(report, zone) if report.school_id is None else school_pdf(report, zone)


def xlsx_of(report: ReportRead, zone: ZoneInfo) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Мониторинг"
    bold = Font(bold=True)
    title = report.school_name if report.school_id is not None else "Сводка по округу"
    sheet.append([f"Мониторинг ведения электронного журнала: {title}"])
    sheet.append([f"{report.period_name}: {day(report.date_from)} — {day(report.date_to)}"])
    sheet.append([f"Сформирован {moment(report.made_at, zone)}, {REASONS[report.reason]}"])
    if report.school_id is not None:
        sheet.append(["Получатели: " + (", ".join(r.name for r in report.recipients) or "—")])
    sheet.append([])
    if report.figures is not None:
        f = report.figures
        header_row = sheet.max_row + 1
        sheet.append(["Раздел", "Показатель", "Значение"])
        for row in timeliness_rows(f):
            kind, on_time, late, missing, due, share = row
            sheet.append(
                [
                    "Своевременность записей",
                    f"{kind}: вовремя / с опозданием / не внесено / всего",
                    f"{on_time} / {late} / {missing} / {due}",
                ]
            )
            sheet.append(["Своевременность записей", f"{kind}: доля вовремя", share])
        for check in threshold_rows(f):
            sheet.append(
                [
                    "Пороговые значения округа",
                    f"{check[0]} (порог {check[1]})",
                    f"{check[2]}, {check[3]}",
                ]
            )
        for section, name, value in school_rows(f):
            sheet.append([section, name, value])
        widths = {"A": 34, "B": 58, "C": 22}
    else:
        assert report.district is not None
        header_row = sheet.max_row + 1
        sheet.append(list(DISTRICT_COLUMNS))
        for school in report.district.schools:
            sheet.append(district_row(school))
        widths = {"A": 36} | {chr(ord("B") + n): 16 for n in range(len(DISTRICT_COLUMNS) - 1)}
    for cell in sheet[1] + sheet[header_row]:
        cell.font = bold
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
