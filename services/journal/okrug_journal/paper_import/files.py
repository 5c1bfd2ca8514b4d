"""Reading a paper journal's file (CSV or XLSX) into numbered lines, and writing the
template a teacher copies the paper journal into (J13)."""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from okrug_common.errors import InvalidInput
from okrug_journal.paper_import.columns import (
    ATTENDANCE_CHOICES,
    COLUMNS,
    DATA_COLUMNS,
    REASON_CHOICES,
    REQUIRED,
    column_of,
)
from okrug_journal.policy.schemas import SCALE_VALUES, JournalPolicy

CSV_MEDIA = "text/csv"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 5_000_000
MAX_LINES = 20_000
SHEET = "Журнал"
FileFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class Line:
    """A data row of the file: its line (CSV) or row (XLSX) number, cells by column key."""

    number: int
    cells: dict[str, str]

    def get(self, key: str) -> str:
        return self.cells.get(key, "")


def file_format(content_type: str | None, body: bytes) -> FileFormat:
    media = (content_type or "").split(";")[0].strip().lower()
    if media == XLSX_MEDIA or body.startswith(b"PK\x03\x04"):
        return "xlsx"
    return "csv"


def read(body: bytes, fmt: FileFormat) -> list[Line]:
    if not body:
        raise InvalidInput("The file is empty: a header row is expected.", field="file")
    if len(body) > MAX_BYTES:
        raise InvalidInput(f"The file is larger than {MAX_BYTES} bytes.", field="file")
    numbered = _xlsx_rows(body) if fmt == "xlsx" else _csv_rows(body)
    return _lines(numbered)


def _decode(body: bytes) -> str:
    """UTF-8 (with or without BOM); Excel's Russian CSV (Windows-1251) is taken too."""
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1251")
    except UnicodeDecodeError:
        raise InvalidInput(
            "The file is neither UTF-8 nor Windows-1251 text.", field="file"
        ) from None


def _csv_rows(body: bytes) -> Iterator[tuple[int, list[str]]]:
    content = _decode(body)
    header = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    reader = csv.reader(io.StringIO(content), delimiter=delimiter)
    first = 1
    try:
        for cells in reader:
            yield first, cells
            first = reader.line_num + 1
    except csv.Error as exc:
        raise InvalidInput(f"Line {first}: {exc}.", field="file") from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(body: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput("The file is not a readable XLSX workbook.", field="file") from None
    try:
        if not book.worksheets:
            raise InvalidInput("The workbook has no sheets.", field="file")
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(v) for v in row]
    finally:
        book.close()


def _lines(numbered: Iterable[tuple[int, list[str]]]) -> list[Line]:
    rows = iter(numbered)
    try:
        _, header = next(rows)
    except StopIteration:
        raise InvalidInput("The file is empty: a header row is expected.", field="file") from None
    keys = [column_of(h) for h in header]
    missing = [c.header for c in COLUMNS if c.key in REQUIRED and c.key not in keys]
    if missing:
        raise InvalidInput(
            f"Missing columns: {', '.join(missing)} (the header row comes first).", field="file"
        )
    lines: list[Line] = []
    for number, cells in rows:
        named = {k: v.strip() for k, v in zip(keys, cells, strict=False) if k is not None}
        if not any(named.get(k) for k in DATA_COLUMNS):
            continue
        if len(lines) >= MAX_LINES:
            raise InvalidInput(f"At most {MAX_LINES} rows per file.", field="file")
        lines.append(Line(number, named))
    return lines


# --- the template --------------------------------------------------------------------------


def template_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """UTF-8 with a BOM (so Excel reads the Cyrillic), semicolon separated as Russian Excel
    writes it; the import reads comma, semicolon and tab separated files alike."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.header for c in COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _letter(key: str) -> str:
    index = [c.key for c in COLUMNS].index(key)
    return chr(ord("A") + index)


def _choices(sheet: Any, key: str, values: Sequence[str], last_row: int) -> None:
    listed = ",".join(values)
    if len(listed) > 250:  # Excel's limit for an inline list
        return
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.add(f"{_letter(key)}2:{_letter(key)}{max(last_row, 2)}")
    sheet.add_data_validation(validation)


def template_xlsx(rows: Sequence[Sequence[str]], policy: JournalPolicy) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([cell or None for cell in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name is text, never a formula
    sheet.freeze_panes = "A2"
    for column in COLUMNS:
        width = 40 if column.key in ("student_id", "topic", "homework") else 18
        sheet.column_dimensions[_letter(column.key)].width = width
    last = len(rows) + 1
    _choices(sheet, "attendance", ATTENDANCE_CHOICES, last)
    _choices(sheet, "reason", REASON_CHOICES, last)
    _choices(sheet, "mark", SCALE_VALUES[policy.scale], last)
    _choices(sheet, "work_type", [w.code for w in policy.work_types], last)
    types = book.create_sheet("Виды работ")
    types.append(["Код / code", "Вид работы / work type", "Вес / weight"])
    for work_type in policy.work_types:
        types.append([work_type.code, work_type.title_ru, float(work_type.weight)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
