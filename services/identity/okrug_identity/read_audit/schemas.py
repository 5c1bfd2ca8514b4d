from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class ReadRecord(BaseModel):
    """One staff read of persons' data (X2): who, in which roles, at which school, whose
    data, what, when, from where, under which trace."""

    id: UUID
    read_at: datetime
    school_id: UUID
    reader_id: UUID
    reader_name: str | None = Field(description="As the school knew the reader then")
    reader_roles: list[str]
    service: str
    kind: str
    endpoint: str = Field(description='The route, e.g. "GET /journal/lessons/{lesson_id}/record"')
    persons: list[UUID] = Field(description="Whose data the answer held")
    client_address: str | None
    trace_id: str | None


class ReadPage(BaseModel):
    items: list[ReadRecord]
    next_offset: int | None = Field(description="The offset of the next page; none at the end")


class ChildRead(BaseModel):
    """A staff read of the child's record as their parent sees it: the roles, what and when;
    the reader's name only where the school shows it to parents."""

    read_at: datetime
    reader_roles: list[str]
    kind: str
    kind_title: str
    reader_name: str | None = Field(description="Only where the school shows names to parents")


class ReadAuditSettings(BaseModel):
    reader_names_for_parents: bool = Field(
        description="Parents see who read their child's record by name, not only by role"
    )
