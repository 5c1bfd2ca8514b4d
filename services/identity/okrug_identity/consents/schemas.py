from datetime import date, datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import BaseModel, Field, model_validator

from okrug_common.errors import InvalidInput

# Categories of personal data beyond the name, and the fields of personal_data they hold.
CATEGORY_FIELDS: dict[str, tuple[str, ...]] = {
    "birth_date": ("birth_date",),
    "address": ("address",),
    "contacts": ("phone", "email"),
    "identity_document": ("document_type", "document_number", "document_issued_on"),
    "snils": ("snils",),
}
FIELD_CATEGORY = {f: c for c, fields in CATEGORY_FIELDS.items() for f in fields}
Category = Literal["birth_date", "address", "contacts", "identity_document", "snils"]


class ConsentDocument(BaseModel):
    type: str = Field(min_length=2, max_length=200, description="e.g. 'Согласие на обработку ПДн'")
    number: str | None = Field(default=None, max_length=100)
    date: date


class ConsentCreate(BaseModel):
    categories: list[Category] = Field(min_length=1, description="What the consent covers")
    purposes: list[str] = Field(
        min_length=1, description="Purposes of processing, e.g. 'ведение электронного журнала'"
    )
    given_by: Literal["self", "guardian"] = Field(
        description="For a student (a minor): 'guardian', a parent or legal guardian"
    )
    given_by_person_id: UUID | None = Field(
        default=None, description="The guardian's person id, when they are in the system"
    )
    given_by_name: str | None = Field(
        default=None,
        max_length=300,
        description="The guardian's full name as on the paper form, when not in the system",
    )
    given_on: date
    document: ConsentDocument

    @model_validator(mode="after")
    def _check(self) -> Self:
        self.purposes = [p.strip() for p in self.purposes if p.strip()]
        if not self.purposes:
            raise InvalidInput("At least one purpose is needed.", field="purposes")
        self.categories = sorted(set(self.categories))
        if self.given_by == "guardian" and not (self.given_by_person_id or self.given_by_name):
            detail = "A guardian's consent names the guardian: given_by_person_id or name."
            either = [
                {"field": f, "detail": detail} for f in ("given_by_person_id", "given_by_name")
            ]
            raise InvalidInput(detail, field="given_by_name", extra={"errors": either})
        if self.given_by == "self" and (self.given_by_person_id or self.given_by_name):
            raise InvalidInput("A consent given by the person names no guardian.", field="given_by")
        return self


class ConsentWithdraw(BaseModel):
    document: str = Field(
        min_length=2, max_length=300, description="The written withdrawal (type, number, date)"
    )


class ConsentRead(BaseModel):
    id: UUID
    person_id: UUID
    categories: list[str]
    purposes: list[str]
    given_by: str
    given_by_person_id: UUID | None
    given_by_name: str | None
    given_on: date
    document: ConsentDocument
    recorded_by: UUID | None
    recorded_at: datetime
    withdrawn_at: datetime | None
    withdrawn_by: UUID | None
    withdrawal_document: str | None
    active: bool


class WithdrawalResult(BaseModel):
    consent: ConsentRead
    blocked_categories: list[str] = Field(
        description="Categories no other active consent covers: blocked from use now"
    )
    destroy_by: date | None = Field(description="Destroy the blocked data by this date")
    actions: list[str] = Field(description="What the school must do now (Russian / English)")
