"""People of two schools in the access matrix (I5: a school role holds only at the school that
granted it; a parent reaches only their own children).

Three people hold roles at both schools of the test world: a teacher of A who is the school
admin of B, a deputy director of A who teaches at B, and a parent with a child in each
school. Each signs in once per school (`scope=organization:<school id>`), and each
(person, school) pair is checked against every row of the matrix with the expectations of
the single-school persona holding that role there. The pair runs in a *view* of the cast in
which the token's school is "own school" (cast.a) and the other school is "other school"
(cast.b), and in which the persona's account and own objects are the two-school person's:
so with A's token the teacher of A reaches nothing of B, and with B's token B's school admin
reaches nothing of A, by the same rows as the single-school personas. For the parent, the
child at the other school is the "other-school" target: refused with the wrong school's
token although it is the parent's own child.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from tests.access_matrix.cast import Cast
from tests.support import PASSWORD, Account, School, World, attach, expect, unique


@dataclass(frozen=True)
class SchoolRole:
    """A person of two schools signed in to one of them, and the single-school persona whose
    expectations they meet there."""

    person: str
    school: str  # "a" or "b", the world's first or second school
    role: str

    @property
    def name(self) -> str:
        return f"{self.person} at {self.school} (as {self.role})"


PAIRS = (
    SchoolRole("teacher-a+admin-b", "a", "teacher"),
    SchoolRole("teacher-a+admin-b", "b", "school-admin"),
    SchoolRole("deputy-a+teacher-b", "a", "deputy-director"),
    SchoolRole("deputy-a+teacher-b", "b", "teacher"),
    SchoolRole("parent-a+b", "a", "parent"),
    SchoolRole("parent-a+b", "b", "parent"),
)

# The roles each person holds at each school, as GET /identity/me/schools lists them.
HELD = {
    "teacher-a+admin-b": {"a": ["teacher"], "b": ["school-admin"]},
    "deputy-a+teacher-b": {"a": ["deputy-director"], "b": ["teacher"]},
    "parent-a+b": {"a": ["parent"], "b": ["parent"]},
}


@dataclass
class TwoSchools:
    """The three people and the cast's views for each (person, school) pair, made on first
    use (a view sets up its own objects, as the cast does)."""

    cast: Cast
    people: dict[str, Account] = field(default_factory=dict)
    _mirror: Cast | None = None
    _views: dict[SchoolRole, Cast] = field(default_factory=dict)

    def school(self, letter: str) -> School:
        return self.cast.a if letter == "a" else self.cast.b

    def account(self, pair: SchoolRole) -> Account:
        return self.person(pair.person).at(self.school(pair.school).id)

    def person(self, name: str) -> Account:
        if name not in self.people:
            self.people[name] = self._create(name)
        return self.people[name]

    def view(self, pair: SchoolRole) -> Cast:
        if pair not in self._views:
            self._views[pair] = self._make_view(pair)
        return self._views[pair]

    def _create(self, name: str) -> Account:
        a, b = self.cast.a, self.cast.b
        platform = self.cast.platform
        if name == "parent-a+b":
            parent = _new_person(self.cast, a, "parent", [])
            _guardian(self.cast, a, parent, a.student)
            attach(platform, b.admin, parent, "parent", [])
            _guardian(self.cast, b, parent, b.student)
            return parent
        at_a, at_b = HELD[name]["a"], HELD[name]["b"]
        person = _new_person(self.cast, a, "staff", at_a)
        attach(platform, b.admin, person, "staff", at_b)
        return person

    def _mirror_cast(self) -> Cast:
        """The cast with the schools swapped, its single-school staff made at B."""
        if self._mirror is None:
            world = World(self.cast.b, self.cast.a)
            self._mirror = Cast.create(self.cast.platform, self.cast.district, world)
        return self._mirror

    def _make_view(self, pair: SchoolRole) -> Cast:
        base = self.cast if pair.school == "a" else self._mirror_cast()
        account = self.account(pair)
        own, extra = base.a, dict(base.extra)
        if pair.role == "teacher":
            lesson = _lesson(base, own, account)
            own = replace(own, teacher=account, lesson_id=lesson)
        elif pair.role == "school-admin":
            own = replace(own, admin=account)
        elif pair.role == "parent":
            own = replace(own, parent=account)  # own.student is their child at this school
        else:
            extra[pair.role] = account
        return Cast(base.platform, base.district, World(own, base.b), extra, http=base.http)


def _new_person(cast: Cast, school: School, kind: str, roles: list[str]) -> Account:
    body: dict[str, Any] = {
        "kind": kind,
        "last_name": "Двухшкольная",
        "first_name": "Персона",
        "username": unique(f"{kind}.two."),
        "password": PASSWORD,
    }
    if roles:
        body["roles"] = roles
    created = expect(
        cast.http.post(
            cast.url("identity", "/persons"), json=body, headers=cast.signed_in(school.admin)
        ),
        201,
    )
    return Account(body["username"], created["id"], school.id, cast.platform)


def _guardian(cast: Cast, school: School, parent: Account, child: Account) -> None:
    expect(
        cast.http.post(
            cast.url("identity", "/guardians"),
            json={"guardian_id": parent.id, "student_id": child.id},
            headers=cast.signed_in(school.admin),
        ),
        201,
    )


def _lesson(cast: Cast, school: School, teacher: Account) -> str:
    """A lesson of the school's class taught by `teacher`, begun an hour before the world's
    lesson (the teacher's "own" lesson in the rows)."""
    # Counted from the world's lesson, not from the clock: an hour may turn in between.
    assert school.lesson_starts_at is not None
    starts = school.lesson_starts_at - timedelta(hours=1)
    lesson = expect(
        cast.http.post(
            cast.url("schedule", "/lessons"),
            json={
                "class_id": school.class_id,
                "subject_id": school.subject_id,
                "teacher_id": teacher.id,
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(minutes=45)).isoformat(),
            },
            headers=cast.signed_in(school.admin),
        ),
        201,
    )
    return str(lesson["id"])
