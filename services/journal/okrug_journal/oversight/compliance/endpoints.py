"""REST of the compliance index: /journal/oversight/index and its trend under
/journal/oversight/compliance. Oversight's readers (oversight/scope.py): the district every
school's, a school's leadership their own (a deputy their grade levels)."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from okrug_journal.oversight.compliance import service
from okrug_journal.oversight.compliance.schemas import (
    DistrictIndex,
    DistrictIndexWeeks,
    SchoolIndexWeeks,
)
from okrug_journal.oversight.keeping.schemas import Filters
from okrug_journal.oversight.scope import OversightScopeDep

router = APIRouter(prefix="/oversight", tags=["oversight"])
FiltersQuery = Annotated[Filters, Query()]


@router.get("/index", response_model=DistrictIndex)
async def district_index(scope: OversightScopeDep, filters: FiltersQuery) -> DistrictIndex:
    """Every school's compliance index, 0-100, ranked: the weighted mean of the shares of
    entries made on time, students with the district's minimum of marks, lessons held and
    class evenings within SanPiN's homework limit (default weights 0.4, 0.3, 0.3 and 0.2,
    relative: the district admin changes them in the settings; a part without data does not
    count). Each part gives its counts and the API path of the rows that make it; `rule`
    states the computation."""
    return await service.district_index(scope, filters)


@router.get("/compliance/weeks", response_model=DistrictIndexWeeks)
async def district_index_weeks(
    scope: OversightScopeDep, filters: FiltersQuery
) -> DistrictIndexWeeks:
    """Every school's index week by week (the ranking's trend). Each week counts its own
    entries, lessons and evenings; fill enters every week as the period's share now
    (`trend_rule`)."""
    return await service.district_weeks(scope, filters)


@router.get("/compliance/schools/{school_id}/weeks", response_model=SchoolIndexWeeks)
async def school_index_weeks(
    school_id: UUID, scope: OversightScopeDep, filters: FiltersQuery
) -> SchoolIndexWeeks:
    """A school's index week by week, each week with its parts, their counts and the rows
    that make them."""
    return await service.school_weeks(scope, school_id, filters)
