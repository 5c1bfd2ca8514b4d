"""Printable credential slips: one per person, four to an A4 page with cut lines, in Russian.
Rendered with ReportLab and a TTF font with Cyrillic glyphs (DejaVu Sans)."""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]

from okrug_common.errors import Unavailable

FONTS = {
    "Okrug": "DejaVuSans.ttf",
    "Okrug-Bold": "DejaVuSans-Bold.ttf",
    "Okrug-Mono": "DejaVuSansMono.ttf",
}
SLIPS_PER_PAGE = 4
KIND_TITLE = {"student": "Учащийся", "parent": "Родитель (законный представитель)"}


@dataclass(frozen=True)
class Slip:
    full_name: str
    kind: str
    login: str
    one_time_password: str
    note: str = ""  # e.g. "ребёнок: Смирнова Мария"


def _register_fonts(dirs: Sequence[str]) -> None:
    if all(name in pdfmetrics.getRegisteredFontNames() for name in FONTS):
        return
    for name, file in FONTS.items():
        path = next((Path(d) / file for d in dirs if (Path(d) / file).is_file()), None)
        if path is None:
            raise Unavailable(
                f"No font {file} with Cyrillic glyphs in {', '.join(dirs)}: install the Debian "
                "package fonts-dejavu-core."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))


def render(
    slips: Sequence[Slip],
    *,
    school_name: str,
    issued_by: str,
    issued_on: date,
    sign_in_url: str,
    font_dirs: Sequence[str],
) -> bytes:
    _register_fonts(font_dirs)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Учётные данные — {school_name}")
    canvas.setAuthor("Okrug")
    canvas.setSubject("Логины и одноразовые пароли / logins and one-time passwords")
    width, height = A4
    slot = height / SLIPS_PER_PAGE
    for index, slip in enumerate(slips):
        position = index % SLIPS_PER_PAGE
        if index and position == 0:
            canvas.showPage()
        top = height - position * slot
        _slip(canvas, slip, top, slot, width, school_name, issued_by, issued_on, sign_in_url)
        if position < SLIPS_PER_PAGE - 1 and index < len(slips) - 1:
            canvas.setDash(3, 3)
            canvas.setStrokeGray(0.6)
            canvas.line(8 * mm, top - slot, width - 8 * mm, top - slot)
            canvas.setDash()
            canvas.setFont("Okrug", 7)
            canvas.setFillGray(0.5)
            canvas.drawString(10 * mm, top - slot + 1.5 * mm, "✂ линия отреза")
            canvas.setFillGray(0)
    canvas.save()
    return buffer.getvalue()


def _slip(
    canvas: Canvas,
    slip: Slip,
    top: float,
    slot: float,
    width: float,
    school_name: str,
    issued_by: str,
    issued_on: date,
    sign_in_url: str,
) -> None:
    left = 18 * mm
    y = top - 12 * mm
    canvas.setFont("Okrug-Bold", 13)
    canvas.drawString(left, y, "Электронный журнал и дневник — учётные данные для входа")
    y -= 5.5 * mm
    canvas.setFont("Okrug", 10)
    canvas.drawString(left, y, school_name)
    y -= 8 * mm
    canvas.setFont("Okrug-Bold", 12)
    canvas.drawString(left, y, slip.full_name)
    canvas.setFont("Okrug", 10)
    y -= 4.5 * mm
    kind = KIND_TITLE.get(slip.kind, slip.kind)
    canvas.drawString(left, y, f"{kind}; {slip.note}" if slip.note else kind)
    y -= 8.5 * mm
    canvas.setFont("Okrug", 11)
    canvas.drawString(left, y, "Логин:")
    canvas.setFont("Okrug-Mono", 14)
    canvas.drawString(left + 48 * mm, y, slip.login)
    y -= 7.5 * mm
    canvas.setFont("Okrug", 11)
    canvas.drawString(left, y, "Одноразовый пароль:")
    canvas.setFont("Okrug-Mono", 14)
    canvas.drawString(left + 48 * mm, y, slip.one_time_password)
    y -= 7.5 * mm
    canvas.setFont("Okrug", 9)
    for line in (
        f"Вход: {sign_in_url}",
        "При первом входе система попросит придумать новый пароль (не короче 8 символов).",
        "Никому не сообщайте логин и пароль: у каждого члена семьи своя учётная запись.",
    ):
        canvas.drawString(left, y, line)
        y -= 4.2 * mm
    canvas.setFont("Okrug", 8)
    canvas.setFillGray(0.35)
    canvas.drawString(left, y - 0.5 * mm, f"Выдал: {issued_by}, {issued_on:%d.%m.%Y}")
    canvas.setFillGray(0)
