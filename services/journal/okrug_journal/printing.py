"""The journal's one way to draw a printable document: A4 in Russian with ReportLab, DejaVu
fonts (Cyrillic glyphs), a heading of title and key lines, tables with the house grid, and
page numbers "Стр. N из M" in the footer; landscape when a table is wide. Summary sheets
(J10) and class reports (J11, J8) are drawn with it. Decimals print with a comma (4,67)."""

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fastapi import Response
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, landscape  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Unavailable
from okrug_common.runtime import Runtime
from okrug_journal.policy.service import school_policy

PDF = "application/pdf"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
FONTS = {"Okrug": "DejaVuSans.ttf", "Okrug-Bold": "DejaVuSans-Bold.ttf"}
MARGIN = 14 * mm
GRID = colors.Color(0.55, 0.55, 0.55)
SHADE = colors.Color(0.92, 0.92, 0.92)
STRIPE = colors.Color(0.97, 0.97, 0.97)


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


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def note(text: str) -> Paragraph:
    return Paragraph(escape(text), style(7, leading=8.5))


def text_width(wide: bool) -> float:
    """The width inside the margins of a portrait page, or of a landscape one when wide."""
    return float((landscape(A4)[0] if wide else A4[0]) - 2 * MARGIN)


def heading(title: str, english: str, lines: list[tuple[str, str]]) -> list[Any]:
    """The title, its English line, and key/value lines (values already escaped)."""
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


def grid_table(rows: list[list[Any]], col_widths: Sequence[float | None]) -> Table:
    """A table with a shaded header row repeated on every page, the grid and striped rows."""
    table = Table(rows, colWidths=list(col_widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]),
            ]
        )
    )
    return table


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


def document(story: list[Any], *, title: str, subject: str, wide: bool, footer: str) -> bytes:
    """The story on A4 pages (landscape when wide) with the footer and page numbers."""
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
        subject=subject,
    )
    canvas_class: Callable[..., Canvas] = _canvas_class(footer)
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()


def pdf_response(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=PDF,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


async def made_on(session: AsyncSession, runtime: Runtime, principal: Principal) -> date:
    """Today in the school's time zone: the date a document says it was made."""
    policy = await school_policy(session, runtime, principal.require_school())
    return datetime.now(policy.zone).date()
