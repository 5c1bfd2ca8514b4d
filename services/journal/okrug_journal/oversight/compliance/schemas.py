"""The compliance index (issue 11 point 8): one number per school, 0-100."""

from uuid import UUID

from pydantic import BaseModel

from okrug_journal.oversight.settings.schemas import IndexWeights


class IndexPart(BaseModel):
    """One part of a school's index: its share (0..1, None without data: the part then does
    not count), its weight, and the API path of the rows that make it."""

    name: str  # timeliness | fill | completion
    share: float | None
    weight: float
    rows: str


class SchoolIndex(BaseModel):
    school_id: UUID
    rank: int
    # 100 x the weighted mean of the parts with data; None when no part has data.
    index: float | None
    parts: list[IndexPart]
    # The school's weeks, for its trend.
    trend: str


class DistrictIndex(BaseModel):
    """index = 100 x sum(weight x share) / sum(weight), over the parts with a share:
    timeliness (entries on time / due), fill (students with the minimum of marks /
    students), completion (lessons held / planned to date)."""

    weights: IndexWeights
    schools: list[SchoolIndex]
