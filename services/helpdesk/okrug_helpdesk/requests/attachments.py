"""What may be attached to a request (H1): a screenshot, a scanned or exported document or a
spreadsheet, up to MAX_BYTES. The type is found from the content, never from the name or
the type the upload claims: a program renamed to .pdf is refused, and the file is later
served under the type found."""

import io
import re
import zipfile
from dataclasses import dataclass

from starlette.requests import Request

from okrug_common.errors import InvalidInput, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_PER_REQUEST = 10
MAX_NAME = 200

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TEXT = "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))
# The part an Office Open XML package of each kind must hold.
_OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX))
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


class UnsupportedAttachment(Problem):
    status, slug, title = 415, "unsupported-media-type", "Unsupported media type"


class AttachmentTooLarge(Problem):
    status, slug, title = 413, "attachment-too-large", "Attachment too large"


@dataclass(frozen=True, slots=True)
class CheckedFile:
    file_name: str
    media_type: str
    content: bytes


async def read_body(request: Request) -> bytes:
    """The upload's bytes, read no further than one byte past the limit: a huge body is
    refused without being held in memory."""
    content = bytearray()
    async for chunk in request.stream():
        content.extend(chunk)
        if len(content) > MAX_BYTES:
            break
    return bytes(content)


def check(content: bytes, file_name: str) -> CheckedFile:
    if not content:
        raise InvalidInput("The file is empty.", field="body", code="attachment-empty")
    if len(content) > MAX_BYTES:
        raise AttachmentTooLarge(
            f"An attachment holds at most {MAX_BYTES // (1024 * 1024)} MB.",
            field="body",
            code="attachment-too-large",
        )
    media_type = media_type_of(content)
    if media_type is None:
        raise UnsupportedAttachment(
            "Attach a PDF, PNG or JPEG image, a Word or Excel document or plain text.",
            field="body",
            code="attachment-type",
        )
    return CheckedFile(safe_name(file_name), media_type, content)


def media_type_of(content: bytes) -> str | None:
    for signature, media_type in _SIGNATURES:
        if content.startswith(signature):
            return media_type
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return TEXT if _is_text(content) else None


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((media for part, media in _OOXML_PARTS if part in names), None)


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(c) < 32 and c not in "\t\n\r" for c in text)


def safe_name(file_name: str) -> str:
    """The name shown and sent back in Content-Disposition: no path, no control or
    reserved characters, at most MAX_NAME characters."""
    name = _UNSAFE_NAME.sub("_", file_name.strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    name = name.strip(" .")[:MAX_NAME]
    if not name:
        raise InvalidInput("The file needs a name.", field="file_name", code="attachment-name")
    return name
