import re
from datetime import datetime
from typing import Annotated, Literal, Self
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, model_validator

from okrug_common.errors import InvalidInput
from okrug_common.roles import SCHOOL_STAFF_ROLES, Role

PersonKind = Literal["staff", "student", "parent"]
ROLES_BY_KIND: dict[str, frozenset[Role]] = {
    "staff": frozenset(SCHOOL_STAFF_ROLES),
    "student": frozenset({Role.STUDENT}),
    "parent": frozenset({Role.PARENT}),
}
USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,63}$"
# What Keycloak refuses in a first or last name (the realm's person-name-prohibited-characters
# validator: markup and shell characters, control characters, vertical whitespace). Refused
# here, before the directory is asked, so the client gets a 422 naming the field instead of
# Keycloak's 400 passed on as a 503.
NAME_PROHIBITED = re.compile(r"[<>&\"$%!#?§;*~/\\|^=\[\]{}()\x00-\x1f\x7f\x85\u2028\u2029]")


def _person_name(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("a name must hold more than spaces")
    found = NAME_PROHIBITED.search(value)
    if found:
        raise ValueError(f"a name may not hold {found.group()!r}")
    return value


PersonName = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_person_name)]


class PersonCreate(BaseModel):
    kind: PersonKind
    last_name: PersonName
    first_name: PersonName
    middle_name: PersonName | None = None
    roles: list[Role] = Field(default_factory=list, description="Defaults to the kind's role")
    username: str | None = Field(default=None, pattern=USERNAME_PATTERN)
    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    password: str | None = Field(
        default=None,
        min_length=8,
        max_length=128,
        description="An initial password set by the admin; when omitted a one-time password "
        "is generated and must be changed at first sign-in",
    )

    @model_validator(mode="after")
    def _roles_fit_kind(self) -> Self:
        allowed = ROLES_BY_KIND[self.kind]
        if not self.roles:
            self.roles = [Role.TEACHER] if self.kind == "staff" else sorted(allowed)
        wrong = [r.value for r in self.roles if r not in allowed]
        if wrong:
            detail = f"Roles {wrong} do not fit a person of kind {self.kind}."
            raise InvalidInput(detail, field="roles")
        return self


class PersonRead(BaseModel):
    id: UUID
    school_id: UUID
    kind: PersonKind
    last_name: str
    first_name: str
    middle_name: str | None
    username: str
    roles: list[str] = Field(description="The person's roles at this school")
    created_at: datetime
    left_at: datetime | None = Field(
        default=None, description="When the person's membership of the school was ended"
    )


class PersonCreated(PersonRead):
    one_time_password: str | None = Field(
        default=None, description="Shown once; the person must change it at first sign-in"
    )


class Me(BaseModel):
    id: UUID | None
    school_id: UUID | None
    roles: list[str]
    person: PersonRead | None


class PersonAttach(BaseModel):
    """An account of another school joins this school too (a teacher of two schools, a parent
    with children in two schools): one login, a person row in each school."""

    username: str = Field(pattern=USERNAME_PATTERN)
    kind: PersonKind
    last_name: PersonName | None = None
    first_name: PersonName | None = None
    middle_name: PersonName | None = None
    roles: list[Role] = Field(default_factory=list, description="Defaults to the kind's role")

    @model_validator(mode="after")
    def _roles_fit_kind(self) -> Self:
        allowed = ROLES_BY_KIND[self.kind]
        if not self.roles:
            self.roles = [Role.TEACHER] if self.kind == "staff" else sorted(allowed)
        wrong = [r.value for r in self.roles if r not in allowed]
        if wrong:
            detail = f"Roles {wrong} do not fit a person of kind {self.kind}."
            raise InvalidInput(detail, field="roles")
        return self


class RolesGrant(BaseModel):
    roles: list[Role] = Field(min_length=1)


class ChildRead(BaseModel):
    id: UUID
    last_name: str
    first_name: str


class MySchool(BaseModel):
    school_id: UUID
    school_name: str | None
    kind: PersonKind
    roles: list[str] = Field(description="The roles held at this school (and only there)")
    children: list[ChildRead]
    sign_in_scope: str = Field(description="Ask for a token of this school with this scope")


class MySchools(BaseModel):
    """The signed-in person's schools and roles, to choose the school to work in."""

    person_id: UUID
    district_roles: list[str] = Field(description="Roles held district-wide")
    current_school_id: UUID | None = Field(
        description="The school of the token used; none before a school is chosen"
    )
    schools: list[MySchool]
