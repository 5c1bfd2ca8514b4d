"""Lesson plans as files (J7, S3: plans are imported and exported): CSV (UTF-8, `;`, `,` or
tab separated) and XLSX, a header row then one row per topic: number, section, topic,
hours. Headers are Russian and English ("Тема / topic"); either half is understood.

An import is all or nothing: every bad row is listed with its line number and the reason,
and nothing is written when any row is bad."""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

from okrug_common.errors import InvalidInput, Problem
from okrug_journal.lesson_plans.schemas import MAX_TOPICS, TopicIn, TopicRead

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ("number", "section", "topic", "hours")
HEADERS = ("№ / number", "Раздел / section", "Тема / topic", "Часы / hours")
_ALIASES = {
    "number": "number",
    "№": "number",
    "n": "number",
    "номер": "number",
    "section": "section",
    "раздел": "section",
    "topic": "topic",
    "тема": "topic",
    "hours": "hours",
    "часы": "hours",
    "часов": "hours",
    "количество часов": "hours",
}
MAX_BYTES = 5 * 1024 * 1024


class UnsupportedMediaType(Problem):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, line: int, column: str, detail: str, code: str, /, **params: str | int) -> None:
        """A bad cell: `code` is pydantic's error type where one fits, else the plan's own,
        for the app to word it in the interface language."""
        self.errors.append(
            {
                "row": line,
                "field": f"rows.{line}.{column}",
                "code": code,
                "detail": detail,
                "params": params,
            }
        )

    def raise_if_any(self, total: int) -> None:
        if self.errors:
            bad = len({e["row"] for e in self.errors})
            raise InvalidInput(
                f"{bad} of {total} rows are invalid; nothing was imported.",
                extra={"errors": sorted(self.errors, key=lambda e: (e["row"], e["field"]))},
            )


def _column(header: object) -> str | None:
    text = str(header or "").strip().casefold()
    for part in [text, *(p.strip() for p in text.split("/"))]:
        if part in _ALIASES:
            return _ALIASES[part]
    return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rows(table: list[tuple[int, list[object]]]) -> list[tuple[int, dict[str, str]]]:
    """(line, cells by column) of the rows after the header; blank rows are skipped."""
    if not table:
        raise InvalidInput("The file is empty: a header row is expected.", field="file")
    _, header = table[0]
    names = [_column(h) for h in header]
    missing = [c for c in ("topic", "hours") if c not in names]
    if missing:
        raise InvalidInput(
            f"Missing columns: {', '.join(missing)} (expected {', '.join(COLUMNS)}).",
            field="file",
        )
    rows = []
    for line, values in table[1:]:
        cells = {name: _cell(value) for name, value in zip(names, values, strict=False) if name}
        if any(cells.values()):
            rows.append((line, cells))
    if not rows:
        raise InvalidInput("The file has no topics.", field="file")
    if len(rows) > MAX_TOPICS:
        raise InvalidInput(f"At most {MAX_TOPICS} topics per plan.", field="file")
    return rows


def _csv_table(body: bytes) -> list[tuple[int, list[object]]]:
    try:
        content = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The file must be UTF-8 text.", field="file") from None
    first = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    table: list[tuple[int, list[object]]] = []
    try:
        for values in reader:
            # The reader's line number is the file's last line of this row (quoted newlines).
            table.append((reader.line_num, list(values)))
    except csv.Error as exc:
        raise InvalidInput(f"Line {reader.line_num}: {exc}.", field="file") from None
    return table


def _xlsx_table(body: bytes) -> list[tuple[int, list[object]]]:
    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput("The file is not an XLSX workbook.", field="file") from None
    try:
        if not book.worksheets:
            raise InvalidInput("The workbook has no sheets.", field="file")
        sheet = book.worksheets[0]
        return [
            (line, list(values))
            for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()


def parse(body: bytes, media_type: str) -> list[TopicIn]:
    """The topics of a plan file, in the order of their numbers."""
    if len(body) > MAX_BYTES:
        raise InvalidInput("The file is larger than 5 MB.", field="file")
    if media_type == CSV:
        table = _csv_table(body)
    elif media_type == XLSX:
        table = _xlsx_table(body)
    else:
        raise UnsupportedMediaType(f"Send the plan as {CSV} or {XLSX}.", field="file")
    rows = _rows(table)
    report = Report()
    numbered: list[tuple[int, TopicIn]] = []
    first_line_of: dict[int, int] = {}
    for line, cells in rows:
        topic = _topic(line, cells, report)
        number = _number(line, cells.get("number", ""), len(numbered) + 1, report)
        if number is not None:
            if number in first_line_of:
                report.add(
                    line,
                    "number",
                    f"Number {number} repeats line {first_line_of[number]}.",
                    "number-repeats",
                    number=number,
                    line=first_line_of[number],
                )
            else:
                first_line_of[number] = line
        if topic is not None and number is not None:
            numbered.append((number, topic))
    report.raise_if_any(len(rows))
    return [topic for _, topic in sorted(numbered, key=lambda n: n[0])]


def _number(line: int, text: str, default: int, report: Report) -> int | None:
    """The topic's number; a file without a number column is in file order."""
    if text == "":
        return default
    try:
        number = int(text.rstrip("."))
    except ValueError:
        report.add(line, "number", f"'{text}' is not a whole number.", "int_parsing")
        return None
    if number < 1:
        report.add(line, "number", "Numbers start at 1.", "greater_than_equal", ge=1)
        return None
    return number


def _topic(line: int, cells: dict[str, str], report: Report) -> TopicIn | None:
    text, section, hours_text = (
        cells.get("topic", ""),
        cells.get("section", ""),
        cells.get("hours", ""),
    )
    ok = True
    if not text:
        report.add(line, "topic", "The topic is empty.", "missing")
        ok = False
    elif len(text) > 500:
        report.add(
            line,
            "topic",
            "The topic is longer than 500 characters.",
            "string_too_long",
            max_length=500,
        )
        ok = False
    if len(section) > 300:
        report.add(
            line,
            "section",
            "The section is longer than 300 characters.",
            "string_too_long",
            max_length=300,
        )
        ok = False
    hours = _hours(line, hours_text, report)
    if not ok or hours is None:
        return None
    return TopicIn(section=section or None, topic=text, hours=hours)


def _hours(line: int, text: str, report: Report) -> int | None:
    if text == "":
        report.add(line, "hours", "The hours are empty.", "missing")
        return None
    try:
        hours = int(text)
    except ValueError:
        report.add(
            line, "hours", f"'{text}' is not whole hours (one lesson is one hour).", "whole-hours"
        )
        return None
    if not 1 <= hours <= 200:
        report.add(line, "hours", "Hours are 1..200.", "hours-range", min=1, max=200)
        return None
    return hours


def to_csv(topics: list[TopicRead]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for t in topics:
        writer.writerow((t.number, t.section or "", t.topic, t.hours))
    # A BOM so that Excel opens the file as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(topics: list[TopicRead], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "КТП"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for t in topics:
        sheet.append((t.number, t.section or "", t.topic, t.hours))
    for column, width in zip("ABCD", (12, 30, 60, 12), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
