"""REST of usage (O4): /journal/oversight/usage. Oversight's readers (scope.py); counts
only, for the district and for a school's leadership alike."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from okrug_common.http import RuntimeDep
from okrug_journal.oversight import dates
from okrug_journal.oversight.scope import OversightScopeDep
from okrug_journal.oversight.usage import reads
from okrug_journal.oversight.usage.schemas import UsageOverview

router = APIRouter(prefix="/oversight/usage", tags=["oversight"])


@router.get("", response_model=UsageOverview)
async def usage(
    scope: OversightScopeDep,
    runtime: RuntimeDep,
    period: Annotated[
        str | None,
        Query(max_length=40, pattern=r"^[a-z][a-z0-9-]*$", description="A study period's code"),
    ] = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> UsageOverview:
    """Week by week (Monday to Sunday), per school and for all of them, how many different
    persons did each kind of real work in the journal (lesson entries, absence reasons,
    diary reads by parents and students) and used the platform per role. What each kind
    counts is in the answer."""
    covered = await dates.resolve(scope.session, runtime, scope.viewer, period, date_from, date_to)
    return await reads.overview(scope.session, scope.viewer, covered)
