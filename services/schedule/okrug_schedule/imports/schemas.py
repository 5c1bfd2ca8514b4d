from uuid import UUID

from pydantic import BaseModel

CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
    }
}


class ImportedClasses(BaseModel):
    created: int
    class_ids: list[UUID]


class ImportedStudents(BaseModel):
    added: int


class ImportedTimetables(BaseModel):
    """Draft timetables, one per class of the file: publish them to generate the lessons."""

    timetable_ids: list[UUID]
