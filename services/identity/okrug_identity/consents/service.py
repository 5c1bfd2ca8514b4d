"""Consents to the processing of personal data (I3, 152-FZ): recorded before any personal
data is stored; a withdrawal blocks the data it covered and starts the 30-day clock."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from okrug.common.v1 import common_pb2
from okrug.identity.v1 import identity_pb2
from okrug_common.auth import Principal
from okrug_common.errors import Conflict, InvalidInput, NotFound
from okrug_common.event_catalog import IdentityEvents
from okrug_common.outbox import emit
from okrug_identity.consents.schemas import CATEGORY_FIELDS, ConsentCreate
from okrug_identity.guardians.service import is_guardian
from okrug_identity.models import Consent, PersonalData, outbox
from okrug_identity.schools.service import school_today

# 152-FZ art. 21 part 5: data is destroyed within 30 days of the withdrawal.
DESTROY_WITHIN = timedelta(days=30)


async def record(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    person_id: UUID,
    person_kind: str,
    data: ConsentCreate,
) -> Consent:
    today = await school_today(session, school_id)
    if data.given_on > today:
        raise InvalidInput(
            "A consent cannot be given in the future.", field="given_on", code="date-in-future"
        )
    if data.document.date > today:
        raise InvalidInput(
            "The document cannot be dated in the future.",
            field="document.date",
            code="date-in-future",
        )
    if person_kind == "student" and data.given_by != "guardian":
        raise InvalidInput(
            "A student's consent is given by a parent or legal guardian.", field="given_by"
        )
    if person_kind != "student" and data.given_by != "self":
        raise InvalidInput("Staff and parents give their consent themselves.", field="given_by")
    if data.given_by_person_id is not None and not await is_guardian(
        session, school_id, data.given_by_person_id, person_id
    ):
        raise InvalidInput(
            "This person is not a linked guardian of the student.", field="given_by_person_id"
        )
    consent = Consent(
        school_id=school_id,
        consent_id=uuid4(),
        person_id=person_id,
        categories=list(data.categories),
        purposes=data.purposes,
        given_by=data.given_by,
        given_by_person_id=data.given_by_person_id,
        given_by_name=data.given_by_name.strip() if data.given_by_name else None,
        document_type=data.document.type.strip(),
        document_number=data.document.number.strip() if data.document.number else None,
        document_date=data.document.date,
        given_on=data.given_on,
        recorded_by=principal.person_id,
    )
    session.add(consent)
    await session.flush()
    await session.refresh(consent, ["recorded_at"])
    await emit(
        session,
        outbox,
        event=IdentityEvents.CONSENT_RECORDED,
        message=identity_pb2.ConsentRecorded(
            consent_id=str(consent.consent_id),
            person_id=str(person_id),
            categories=consent.categories,
        ),
        school_id=school_id,
        actor_id=principal.person_id,
    )
    return consent


async def get(session: AsyncSession, consent_id: UUID) -> Consent:
    consent = await session.scalar(select(Consent).where(Consent.consent_id == consent_id))
    if consent is None:
        raise NotFound(f"No consent {consent_id} in this school.")
    return consent


async def of_person(session: AsyncSession, person_id: UUID) -> list[Consent]:
    rows = await session.scalars(
        select(Consent).where(Consent.person_id == person_id).order_by(Consent.recorded_at)
    )
    return list(rows)


async def covered_categories(session: AsyncSession, person_id: UUID) -> set[str]:
    """Categories covered by the person's consents that are not withdrawn."""
    rows = await session.scalars(
        select(Consent.categories).where(
            Consent.person_id == person_id, Consent.withdrawn_at.is_(None)
        )
    )
    return {c for categories in rows for c in categories}


def _has_values(data: PersonalData | None, category: str) -> bool:
    return data is not None and any(
        getattr(data, field) is not None for field in CATEGORY_FIELDS[category]
    )


async def withdraw(
    session: AsyncSession, principal: Principal, consent_id: UUID, document: str
) -> tuple[Consent, list[str], date | None]:
    consent = await get(session, consent_id)
    if consent.withdrawn_at is not None:
        raise Conflict("This consent is already withdrawn.", field="consent_id")
    now = datetime.now(UTC)
    consent.withdrawn_at = now
    consent.withdrawn_by = principal.person_id
    consent.withdrawal_document = document.strip()
    await session.flush()
    still_covered = await covered_categories(session, consent.person_id)
    lost = sorted(set(consent.categories) - still_covered)
    data = await session.get(PersonalData, (consent.school_id, consent.person_id))
    blocked = [c for c in lost if _has_values(data, c)]
    destroy_by = None
    if data is not None and blocked:
        destroy_by = (now + DESTROY_WITHIN).date()
        data.blocked_at = data.blocked_at or now
        data.destroy_by = min(data.destroy_by or destroy_by, destroy_by)
        await session.flush()
    message = identity_pb2.ConsentWithdrawn(
        consent_id=str(consent.consent_id), person_id=str(consent.person_id), categories=lost
    )
    if destroy_by is not None:
        message.destroy_by.CopyFrom(
            common_pb2.Date(year=destroy_by.year, month=destroy_by.month, day=destroy_by.day)
        )
    await emit(
        session,
        outbox,
        event=IdentityEvents.CONSENT_WITHDRAWN,
        message=message,
        school_id=consent.school_id,
        actor_id=principal.person_id,
    )
    return consent, blocked, destroy_by


def actions_after_withdrawal(blocked: list[str], destroy_by: date | None) -> list[str]:
    if not blocked:
        return [
            "Другие действующие согласия покрывают эти данные: блокировать нечего. / "
            "Other active consents cover this data: nothing is blocked."
        ]
    categories = ", ".join(blocked)
    return [
        f"Данные ({categories}) заблокированы: не используйте их и не передавайте. / "
        f"The data ({categories}) is blocked: do not use or disclose it.",
        f"Уничтожьте эти данные до {destroy_by:%d.%m.%Y} (152-ФЗ, ст. 21 ч. 5) и составьте акт "
        f"об уничтожении: DELETE /identity/persons/{{id}}/personal-data. / "
        f"Destroy the data by {destroy_by:%Y-%m-%d} (152-FZ art. 21 part 5) and record it.",
        "Сообщите субъекту (или законному представителю) о прекращении обработки. / "
        "Tell the person (or their legal guardian) that processing has stopped.",
        "Для продолжения обработки нужно новое согласие. / "
        "A new consent is needed to process this data again.",
    ]
