from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field


class ClassPerson(BaseModel):
    id: UUID
    last_name: str
    first_name: str
    middle_name: str | None
    username: str
    last_issued_at: datetime | None = Field(
        description="When a one-time password was last issued to the person (slips)"
    )


class ClassParent(ClassPerson):
    application_on: date | None = Field(
        description="The date of the parent's written application for access to this child; "
        "slips are issued only to parents with one (I2)"
    )


class ClassStudent(ClassPerson):
    parents: list[ClassParent]


class ClassPeople(BaseModel):
    """A class's students in journal order (last name, first name), each with their parents:
    what the class teacher needs to hand out credential slips."""

    class_id: UUID
    students: list[ClassStudent]
