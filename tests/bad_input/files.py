"""Malformed CSV and XLSX files for the routes that take one, each built on the route's
valid file: binary garbage, a truncated zip, a BOM, odd delimiters, formulas, 10,000 rows,
a very long line, invalid UTF-8, an XLSX with no sheets, merged cells and dates where
numbers go."""

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime

from openpyxl import Workbook  # type: ignore[import-untyped]

CSV_MEDIA = "text/csv"
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(rows: list[list[object]], merge: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def without_sheets(content: bytes) -> bytes:
    """The workbook with its <sheets> emptied and the sheet's part dropped."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                text = data.decode()
                start, end = text.index("<sheets>"), text.index("</sheets>") + len("</sheets>")
                data = (text[:start] + "<sheets/>" + text[end:]).encode()
            if item.filename.startswith("xl/worksheets/"):
                continue
            target.writestr(item, data)
    return out.getvalue()


def csv_text(rows: list[list[str]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


def file_cases(valid_csv: bytes, example_rows: list[list[str]]) -> Iterator[tuple[str, bytes, str]]:
    """(name, body, content type) of malformed files, built on a route's valid CSV."""
    header, rows = example_rows[0], example_rows[1:] or [["1"] * len(example_rows[0])]
    yield "empty body", b"", CSV_MEDIA
    yield "empty xlsx body", b"", XLSX_MEDIA
    yield "binary garbage as csv", bytes(range(256)) * 64, CSV_MEDIA
    yield "binary garbage as xlsx", bytes(range(256)) * 64, XLSX_MEDIA
    good_xlsx = xlsx([header, *rows])
    yield "truncated zip", good_xlsx[: len(good_xlsx) // 2], XLSX_MEDIA
    yield "zip without a workbook", _zip_of({"hello.txt": b"hi"}), XLSX_MEDIA
    yield "xlsx as csv", good_xlsx, CSV_MEDIA
    yield "csv as xlsx", valid_csv, XLSX_MEDIA
    yield "csv with bom", b"\xef\xbb\xbf" + valid_csv, CSV_MEDIA
    yield "utf-16 csv", valid_csv.decode().encode("utf-16"), CSV_MEDIA
    yield "tab delimited", csv_text(example_rows, "\t"), CSV_MEDIA
    yield "pipe delimited", csv_text(example_rows, "|"), CSV_MEDIA
    yield "header only", csv_text([header]), CSV_MEDIA
    yield "no header", csv_text(rows), CSV_MEDIA
    formulas = [["=1+1", "@SUM(A1:A2)", "+cmd|' /C calc'!A0", "-2+3"] * 3]
    yield "formulas", csv_text([header, *[f[: len(header)] for f in formulas]]), CSV_MEDIA
    yield "formulas in xlsx", xlsx([header, ["=1/0"] * len(header)]), XLSX_MEDIA
    yield "10,000 rows", csv_text([header, *(rows[0] for _ in range(10_000))]), CSV_MEDIA
    yield "very long line", csv_text([header, ["z" * 1_000_000] * len(header)]), CSV_MEDIA
    yield "unbalanced quotes", valid_csv + b'\n"unterminated;' + b"x" * 100, CSV_MEDIA
    yield "nul bytes", valid_csv.replace(b";", b"\x00", 3), CSV_MEDIA
    # Each text cell with a control character, which a spreadsheet made later from the stored
    # text cannot hold (XLSX, XML 1.0, cannot carry one either).
    controlled = [
        [f"{cell}\x07\x1b" if cell and not cell.isdigit() else cell for cell in row] for row in rows
    ]
    yield "control characters in cells", csv_text([header, *controlled]), CSV_MEDIA
    yield "invalid utf-8", valid_csv + b"\n\xff\xfe\xfd;\xc3\x28\n", CSV_MEDIA
    yield "only newlines", b"\n\n\n\r\n", CSV_MEDIA
    yield "more cells than headers", csv_text([header, [*rows[0], "extra", "more"]]), CSV_MEDIA
    yield "xlsx with no sheets", without_sheets(good_xlsx), XLSX_MEDIA
    yield "xlsx with merged cells", xlsx([header, *rows, *rows], merge="A2:C3"), XLSX_MEDIA
    width = len(header)
    odd_types = [
        [datetime(2026, 9, 1, 10)] * width,
        [date(2026, 2, 28)] * width,
        [3.5] * width,
        [-(10**20)] * width,
        [True] * width,
    ]
    yield "xlsx with dates for numbers", xlsx([header, *odd_types]), XLSX_MEDIA
    yield "xlsx empty sheet", xlsx([]), XLSX_MEDIA
    yield "over 5 MB", b"a;b\n" * 1_500_000, CSV_MEDIA
    yield "multipart form", _multipart(valid_csv), "multipart/form-data; boundary=sweep"
    yield "no content type", valid_csv, ""
    yield "json content type", valid_csv, "application/json"


def _multipart(content: bytes) -> bytes:
    return (
        b'--sweep\r\nContent-Disposition: form-data; name="file"; filename="j.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + content + b"\r\n--sweep--\r\n"
    )


def _zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    return out.getvalue()


def rows_of(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,\t")
    return [row for row in csv.reader(io.StringIO(text), dialect) if row]
