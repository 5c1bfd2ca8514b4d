from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}
            },
        },
    }
}


class RejectedLine(BaseModel):
    line: int = Field(description="The line of the CSV file or the row of the XLSX sheet")
    column: str = Field(description="The column the reason is about (its English key)")
    reason: str
    # What the app words in the interface language; "invalid" on lines logged before codes.
    code: str = "invalid"
    params: dict[str, str | int] = {}


class ImportReport(BaseModel):
    """What an upload did (J13): lines imported (something new from them was written),
    unchanged (all of it already in the journal: a re-upload), rejected (nothing of them
    written; fix them and upload the file again: only they will be imported)."""

    import_id: UUID | None = Field(description="The log entry; none for a dry run")
    dry_run: bool
    file_name: str
    file_format: Literal["csv", "xlsx"]
    rows: int = Field(description="Lines with content (empty template rows are not counted)")
    imported: int
    unchanged: int
    rejected: int
    # New entries by kind: mark, attendance (absences and lates), topic, homework.
    entries: dict[str, int]
    rejected_lines: list[RejectedLine]
    unchanged_lines: list[int]


class PaperImportRead(BaseModel):
    id: UUID
    class_id: UUID
    subject_id: UUID
    file_name: str
    file_format: str
    file_sha256: str
    rows: int
    imported: int
    unchanged: int
    rejected: int
    rejected_lines: list[RejectedLine]
    imported_by: UUID
    imported_at: datetime
