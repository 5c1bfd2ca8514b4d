from uuid import UUID

from pydantic import BaseModel


class YearClose(BaseModel):
    next_year_id: UUID


class PromotedClass(BaseModel):
    from_class_id: UUID
    to_class_id: UUID
    name: str
    students: int


class RolloverRead(BaseModel):
    year_id: UUID
    next_year_id: UUID
    promoted: list[PromotedClass]
    promoted_students: int
    graduated_classes: list[UUID]
    graduated_students: int
    curriculum_items_carried: int
