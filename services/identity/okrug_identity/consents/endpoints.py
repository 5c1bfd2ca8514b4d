from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, status

from okrug_common.http import SessionDep
from okrug_common.read_audit import ReadAudit, ReadKind, audited
from okrug_identity import access
from okrug_identity.consents import service
from okrug_identity.consents.schemas import (
    ConsentCreate,
    ConsentDocument,
    ConsentRead,
    ConsentWithdraw,
    WithdrawalResult,
)
from okrug_identity.models import Consent
from okrug_identity.persons.service import get_person

router = APIRouter(tags=["consents"])


def _read(consent: Consent) -> ConsentRead:
    return ConsentRead(
        id=consent.consent_id,
        person_id=consent.person_id,
        categories=consent.categories,
        purposes=consent.purposes,
        given_by=consent.given_by,
        given_by_person_id=consent.given_by_person_id,
        given_by_name=consent.given_by_name,
        given_on=consent.given_on,
        document=ConsentDocument(
            type=consent.document_type, number=consent.document_number, date=consent.document_date
        ),
        recorded_by=consent.recorded_by,
        recorded_at=consent.recorded_at,
        withdrawn_at=consent.withdrawn_at,
        withdrawn_by=consent.withdrawn_by,
        withdrawal_document=consent.withdrawal_document,
        active=consent.withdrawn_at is None,
    )


@router.post(
    "/persons/{person_id}/consents", status_code=status.HTTP_201_CREATED, response_model=ConsentRead
)
async def record_consent(
    person_id: UUID, data: ConsentCreate, session: SessionDep, principal: access.RosterWriter
) -> ConsentRead:
    """Record a consent to the processing of a person's personal data (I3): what it covers,
    who gave it (for a student, a parent or legal guardian), on which document."""
    school_id = principal.require_school()
    person, _ = await get_person(session, principal.require_school(), person_id)
    await access.require_roster_writer_for(session, principal, person_id, person.kind)
    return _read(await service.record(session, principal, school_id, person_id, person.kind, data))


@router.get("/persons/{person_id}/consents", response_model=list[ConsentRead])
async def list_consents(
    person_id: UUID,
    session: SessionDep,
    principal: access.PersonalDataReader,
    audit: Annotated[ReadAudit, audited(ReadKind.CONSENTS)],
) -> list[ConsentRead]:
    person, _ = await get_person(session, principal.require_school(), person_id)
    await access.require_personal_data_reader(session, principal, person_id, person.kind)
    return [_read(c) for c in await service.of_person(session, person_id)]


@router.post("/consents/{consent_id}/withdrawal", response_model=WithdrawalResult)
async def withdraw_consent(
    consent_id: UUID, data: ConsentWithdraw, session: SessionDep, principal: access.RosterWriter
) -> WithdrawalResult:
    """Record the withdrawal of a consent: the data it alone covered is blocked at once, and
    the answer tells the school what to do next."""
    consent = await service.get(session, consent_id)
    person, _ = await get_person(session, principal.require_school(), consent.person_id)
    await access.require_roster_writer_for(session, principal, person.person_id, person.kind)
    consent, blocked, destroy_by = await service.withdraw(
        session, principal, consent_id, data.document
    )
    return WithdrawalResult(
        consent=_read(consent),
        blocked_categories=blocked,
        destroy_by=destroy_by,
        actions=service.actions_after_withdrawal(blocked, destroy_by),
    )
