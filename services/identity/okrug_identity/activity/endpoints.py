from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response

from okrug_common.db import set_tenant
from okrug_common.errors import Forbidden, InvalidInput
from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.activity import service
from okrug_identity.activity.schemas import ActivityReport, PersonActivityRead
from okrug_identity.persons.service import get_person

router = APIRouter(tags=["activity"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _this_month() -> str:
    return datetime.now(UTC).strftime("%Y-%m")


@router.get(
    "/reports/activity",
    response_model=ActivityReport,
    responses={200: {"content": {XLSX: {}}, "description": "JSON, or XLSX with format=xlsx"}},
)
async def activity_report(
    session: SessionDep,
    principal: access.ActivityReportReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.ACTIVITY)],
    month: Annotated[str | None, Query(description="YYYY-MM; this month by default")] = None,
    active_days: Annotated[int, Query(ge=1, le=31)] = service.DEFAULT_ACTIVE_DAYS,
    format: Literal["json", "xlsx"] = "json",
    school_id: Annotated[UUID | None, Query(description="District roles: which school")] = None,
) -> ActivityReport | Response:
    """Monthly activity per role (teachers, class teachers, parents, students): how many,
    who signed in, who is active, who never signed in (I7). School leadership gets the names;
    the district (for any school) gets the counts."""
    if await access.POLICY.allows(principal, "activity-report.names"):
        target = principal.require_school()
        if school_id is not None and school_id != target:
            raise Forbidden("This is another school's report.")
        with_names = True
    else:
        if school_id is None:
            raise InvalidInput("Name the school.", field="school_id")
        await set_tenant(session, school_id, district=True)
        target, with_names = school_id, False
    report = await service.monthly_report(
        session,
        runtime.state["directory"],
        target,
        service.Month.parse(month or _this_month()),
        active_days,
        with_names=with_names,
    )
    audit.covers(p.person_id for p in (*(report.never_signed_in or ()), *(report.active or ())))
    if format == "xlsx":
        return Response(
            service.to_xlsx(report),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="activity-{report.month}.xlsx"'},
        )
    return report


@router.get("/persons/{person_id}/activity", response_model=PersonActivityRead)
async def person_activity(
    person_id: UUID,
    session: SessionDep,
    principal: access.PersonActivityReader,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.ACTIVITY)],
    month: Annotated[str | None, Query(description="YYYY-MM; this month by default")] = None,
) -> PersonActivityRead:
    """A person's sign-ins and days of use in a month: the person themself and school
    leadership (sharing an account shows up here)."""
    school_id = principal.require_school()
    await access.POLICY.authorize(
        principal,
        "person-activity.read",
        access.own(person_id),
        message="Only the person and the school's leadership read this.",
    )
    await get_person(session, school_id, person_id)
    wanted = service.Month.parse(month or _this_month())
    start, end = wanted.bounds(await service.school_zone(session, school_id))
    if start < datetime.now(UTC):
        await service.sync_sign_ins(
            session, runtime.state["directory"], school_id, start, min(end, datetime.now(UTC))
        )
    sign_ins, days = await service.person_month(session, person_id, school_id, wanted)
    return PersonActivityRead(
        person_id=person_id, month=str(wanted), sign_ins=sign_ins, days_of_use=days
    )
