"""Who reads oversight's figures, and through which connection (O1-O5, DESIGN Tenancy, X2).

Every oversight endpoint takes `scope: OversightScopeDep`. The scope gives it:

- `scope.session`: for the district (district admin, working-group member: tokens without a
  school), a read-only transaction on the reporting role scoped to the district
  (`app.district=on`): it can SELECT only the read models granted to that role, every
  school's rows, and no table naming a student. For a school's leadership (director, deputy
  director, school admin), the request's own transaction (app role, the token's school
  only), so that the names of students a figure is about can be read, and audited.
- `scope.viewer`: what the reader may see. `viewer.school_id` is None for the district;
  `viewer.grade_levels` is None when every grade level is visible, else the deputy
  director's grade levels (as schedule says, S6); `viewer.names_students` says whether a
  figure may name a student (never for the district: counts only).

An endpoint filters by grade level with `viewer.grade_filter(Model.grade)` (row-level
security already keeps a school's leadership to their school), and names students only
when `viewer.names_students` (with the read audit declared on the route).
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy import ColumnElement, false, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common import rpc
from okrug_common.auth import Principal
from okrug_common.db import begin_reporting
from okrug_common.http import SessionDep, runtime_of
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_journal import access


@dataclass(frozen=True)
class Viewer:
    """Who reads oversight's figures and what of them they may see."""

    principal: Principal
    # None: the district (every school); else the one school of the token.
    school_id: UUID | None
    # None: every grade level; else the only grade levels visible (a deputy director's).
    grade_levels: frozenset[int] | None

    @property
    def is_district(self) -> bool:
        return self.school_id is None

    @property
    def names_students(self) -> bool:
        """Students are named to the school's leadership only; the district reads counts."""
        return not self.is_district

    def sees_grade(self, grade: int | None) -> bool:
        if self.grade_levels is None:
            return True
        return grade is not None and grade in self.grade_levels

    def grade_filter(self, column: QueryableAttribute[Any]) -> ColumnElement[bool]:
        """A WHERE clause keeping the rows of the visible grade levels."""
        if self.grade_levels is None:
            return true()
        if not self.grade_levels:
            return false()
        return column.in_(sorted(self.grade_levels))


@dataclass(frozen=True)
class OversightScope:
    session: AsyncSession
    viewer: Viewer


# Leadership roles that see every grade level of their school; a deputy director without
# one of them sees the grade levels they are responsible for.
WHOLE_SCHOOL_ROLES = frozenset({Role.DIRECTOR, Role.SCHOOL_ADMIN})


async def deputy_grade_levels(runtime: Runtime, school_id: UUID, deputy_id: UUID) -> frozenset[int]:
    """The grade levels schedule says the deputy director is responsible for (S6)."""
    answer = await rpc.call(
        schedule_pb2_grpc.ScheduleServiceStub(runtime.channels["schedule"]).ListDeputyGrades,
        schedule_pb2.ListDeputyGradesRequest(school_id=str(school_id), deputy_id=str(deputy_id)),
    )
    return frozenset(answer.grades)


async def viewer_of(runtime: Runtime, principal: Principal) -> Viewer:
    if principal.has_any(access.OVERSIGHT_DISTRICT_ROLES):
        return Viewer(principal, school_id=None, grade_levels=None)
    school_id = principal.require_school()
    if principal.has_any(WHOLE_SCHOOL_ROLES):
        return Viewer(principal, school_id=school_id, grade_levels=None)
    person = principal.require_person()
    grades = await deputy_grade_levels(runtime, school_id, person)
    return Viewer(principal, school_id=school_id, grade_levels=grades)


async def oversight_scope(
    request: Request, principal: access.OversightReader, session: SessionDep
) -> AsyncIterator[OversightScope]:
    runtime = runtime_of(request)
    viewer = await viewer_of(runtime, principal)
    if not viewer.is_district:
        yield OversightScope(session, viewer)
        return
    reporting = runtime.reporting_sessionmaker
    assert reporting is not None, "the journal's REPORTING_DATABASE_URL is not set"
    async with reporting() as district_session:
        await begin_reporting(district_session, None)
        try:
            yield OversightScope(district_session, viewer)
        finally:
            await district_session.rollback()


OversightScopeDep = Annotated[OversightScope, Depends(oversight_scope, scope="function")]
