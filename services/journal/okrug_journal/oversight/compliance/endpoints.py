"""REST of the compliance index: /journal/oversight/index."""

from typing import Annotated

from fastapi import APIRouter, Query

from okrug_journal.oversight.compliance import service
from okrug_journal.oversight.compliance.schemas import DistrictIndex
from okrug_journal.oversight.keeping.schemas import Filters
from okrug_journal.oversight.scope import OversightScopeDep

router = APIRouter(prefix="/oversight", tags=["oversight"])


@router.get("/index", response_model=DistrictIndex)
async def district_index(
    scope: OversightScopeDep, filters: Annotated[Filters, Query()]
) -> DistrictIndex:
    """Every school's compliance index (0-100: entries on time, students with the minimum
    of marks, lessons held, weighted by the district's settings), ranked, each part with
    the API path of the rows that make it. A school's leadership sees their own."""
    return await service.district_index(scope, filters)
