from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Response, status

from okrug_common.http import RuntimeDep, SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.classes.service import students_of_class_teacher
from okrug_identity.credentials import service, slips
from okrug_identity.credentials.schemas import (
    ApplicationCreate,
    ApplicationRead,
    IssueItemRead,
    IssueRead,
    SlipsRequest,
)
from okrug_identity.models import AccessApplication, Person, School
from okrug_identity.schools.service import school_today
from okrug_identity.settings import IdentitySettings

router = APIRouter(tags=["credentials"])


@router.post(
    "/classes/{class_id}/credential-slips",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The slips (PDF)"}},
)
async def issue_credential_slips(
    class_id: UUID,
    session: SessionDep,
    principal: access.CredentialIssuer,
    runtime: RuntimeDep,
    audit: Annotated[ReadAudit, audited(ReadKind.CREDENTIALS)],
    data: SlipsRequest | None = None,
) -> Response:
    """The class teacher (of this class only) or the school admin issues one-time passwords
    to the class's students and to parents with a recorded application: a PDF with one slip
    per person (login and one-time password, in Russian). Shown once; only the fact of the
    issue is stored."""
    school_id = principal.require_school()
    await access.require_credential_issuer(session, principal, class_id)
    settings = runtime.settings
    assert isinstance(settings, IdentitySettings)
    issue, issued = await service.issue_for_class(
        session, runtime.state["directory"], principal, school_id, class_id, data or SlipsRequest()
    )
    audit.covers(item.person_id for item in await service.issue_items(session, [issue.issue_id]))
    school = await session.get(School, school_id)
    issuer = (
        await session.get(Person, (school_id, principal.person_id)) if principal.person_id else None
    )
    pdf = slips.render(
        issued,
        school_name=school.name if school else "",
        issued_by=service.short_name(issuer) if issuer else "",
        issued_on=await school_today(session, school_id),
        sign_in_url=settings.sign_in_url,
        font_dirs=settings.slip_font_dirs,
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="credentials-{class_id}.pdf"',
            "Cache-Control": "no-store",
            "X-Okrug-Issue-Id": str(issue.issue_id),
        },
    )


@router.get("/credential-issues", response_model=list[IssueRead])
async def list_credential_issues(
    session: SessionDep,
    principal: access.CredentialIssueReader,
    audit: Annotated[ReadAudit, audited(ReadKind.CREDENTIALS)],
) -> list[IssueRead]:
    """Who issued credentials to whom and when: school leadership sees all, a class teacher
    their own issues."""
    every_issuer = await access.POLICY.allows(principal, "credential-issues.read")
    found = await service.issues(session, None if every_issuer else principal.require_person())
    items = await service.issue_items(session, [i.issue_id for i in found])
    audit.covers(item.person_id for item in items)
    by_issue: dict[UUID, list[IssueItemRead]] = {}
    for item in items:
        by_issue.setdefault(item.issue_id, []).append(
            IssueItemRead(person_id=item.person_id, username=item.username, kind=item.kind)
        )
    return [
        IssueRead(
            id=i.issue_id,
            class_id=i.class_id,
            issued_by=i.issued_by,
            issued_at=i.issued_at,
            persons=by_issue.get(i.issue_id, []),
        )
        for i in found
    ]


def _application(a: AccessApplication) -> ApplicationRead:
    return ApplicationRead(
        id=a.application_id,
        applicant_id=a.applicant_id,
        student_id=a.student_id,
        applied_on=a.applied_on,
        note=a.note,
        recorded_by=a.recorded_by,
        recorded_at=a.recorded_at,
    )


@router.post(
    "/access-applications", status_code=status.HTTP_201_CREATED, response_model=ApplicationRead
)
async def record_access_application(
    data: ApplicationCreate, session: SessionDep, principal: access.RosterWriter
) -> ApplicationRead:
    """The school records a parent's written application for access (date, applicant,
    child): school admin, secretary, or the child's class teacher."""
    school_id = principal.require_school()
    await access.require_roster_writer_for(session, principal, data.student_id, "student")
    return _application(await service.record_application(session, principal, school_id, data))


@router.get("/access-applications", response_model=list[ApplicationRead])
async def list_access_applications(
    session: SessionDep,
    principal: access.AccessApplicationReader,
    audit: Annotated[ReadAudit, audited(ReadKind.ACCESS_APPLICATIONS)],
    student_id: UUID | None = None,
) -> list[ApplicationRead]:
    found = await service.applications(session, student_id)
    if not await access.POLICY.allows(principal, "access-applications.read"):
        mine = await students_of_class_teacher(session, principal.require_person())
        found = [a for a in found if a.student_id in mine]
    audit.covers(p for a in found for p in (a.student_id, a.applicant_id))
    return [_application(a) for a in found]
