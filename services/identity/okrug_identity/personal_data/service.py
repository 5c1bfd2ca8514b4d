"""Personal data beyond the name (I3): written only under a consent that covers each field,
read only while one does; blocked data is kept out of every answer until destroyed."""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from okrug_common.auth import Principal
from okrug_common.errors import Problem
from okrug_identity.consents.schemas import CATEGORY_FIELDS, FIELD_CATEGORY
from okrug_identity.consents.service import covered_categories
from okrug_identity.models import PersonalData
from okrug_identity.personal_data.schemas import PersonalDataRead, PersonalDataUpdate

FIELDS = tuple(FIELD_CATEGORY)


class ConsentRequired(Problem):
    status, slug, title = 409, "consent-required", "Consent required"


class PersonalDataBlocked(Problem):
    status, slug, title = 451, "personal-data-blocked", "Personal data blocked"


def _missing_consent(fields: list[str]) -> ConsentRequired:
    errors = [
        {
            "field": f,
            "detail": f"No active consent covers '{FIELD_CATEGORY[f]}': record the person's "
            "consent first (POST /identity/persons/{id}/consents).",
        }
        for f in fields
    ]
    names = ", ".join(fields)
    return ConsentRequired(
        f"No recorded consent covers {names}; personal data cannot be stored without one "
        "(152-FZ). Record the consent of the person (for a minor, of a parent or legal "
        "guardian) first.",
        extra={"errors": errors},
    )


async def write(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    person_id: UUID,
    data: PersonalDataUpdate,
) -> PersonalData:
    changes: dict[str, Any] = {f: getattr(data, f) for f in data.model_fields_set}
    if isinstance(changes.get("address"), str):
        changes["address"] = changes["address"].strip() or None
    covered = await covered_categories(session, person_id)
    uncovered = [
        f for f, v in changes.items() if v is not None and FIELD_CATEGORY[f] not in covered
    ]
    if uncovered:
        raise _missing_consent(sorted(uncovered, key=FIELDS.index))
    record = await session.get(PersonalData, (school_id, person_id))
    if record is None:
        record = PersonalData(school_id=school_id, person_id=person_id)
        session.add(record)
    for field, value in changes.items():
        setattr(record, field, value)
    record.updated_by = principal.person_id
    record.updated_at = datetime.now(UTC)
    _refresh_block(record, covered)
    await session.flush()
    return record


def _blocked_fields(record: PersonalData, covered: set[str]) -> list[str]:
    return [
        f for f in FIELDS if getattr(record, f) is not None and FIELD_CATEGORY[f] not in covered
    ]


def _refresh_block(record: PersonalData, covered: set[str]) -> None:
    if not _blocked_fields(record, covered):
        record.blocked_at = None
        record.destroy_by = None


async def read(session: AsyncSession, school_id: UUID, person_id: UUID) -> PersonalDataRead:
    record = await session.get(PersonalData, (school_id, person_id))
    if record is None:
        return PersonalDataRead(person_id=person_id)
    covered = await covered_categories(session, person_id)
    blocked = _blocked_fields(record, covered)
    readable = {
        f: getattr(record, f)
        for f in FIELDS
        if getattr(record, f) is not None and FIELD_CATEGORY[f] in covered
    }
    if blocked and not readable:
        raise PersonalDataBlocked(
            "The person's consent was withdrawn: their personal data is blocked and may not be "
            f"used; the school must destroy it by {record.destroy_by}.",
            extra={"blocked_fields": blocked, "destroy_by": str(record.destroy_by)},
        )
    return PersonalDataRead(
        person_id=person_id,
        **readable,
        blocked_fields=blocked,
        destroy_by=record.destroy_by if blocked else None,
        updated_at=record.updated_at,
    )


async def destroy(
    session: AsyncSession,
    principal: Principal,
    school_id: UUID,
    person_id: UUID,
    only_blocked: bool,
) -> list[str]:
    """Erase the blocked fields (or every field); returns the erased field names."""
    record = await session.get(PersonalData, (school_id, person_id))
    if record is None:
        return []
    covered = await covered_categories(session, person_id)
    erased = (
        _blocked_fields(record, covered)
        if only_blocked
        else [f for f in FIELDS if getattr(record, f) is not None]
    )
    for field in erased:
        setattr(record, field, None)
    record.updated_by = principal.person_id
    record.updated_at = datetime.now(UTC)
    _refresh_block(record, covered)
    if all(getattr(record, f) is None for f in FIELDS):
        await session.delete(record)
    await session.flush()
    return erased


__all__ = ["CATEGORY_FIELDS", "ConsentRequired", "PersonalDataBlocked", "destroy", "read", "write"]
