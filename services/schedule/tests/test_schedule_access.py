"""The schedule's access matrix (I5, S3, S6): every route of the service, signed in as every
role, is refused (403) exactly when the matrix says so. A route missing from the matrix fails.

The requests carry random ids and empty bodies: an allowed role gets past the gate and is
then answered 200, 404 or 422, never 403. Rules that need the object (a deputy's grade
levels, a class teacher's class, a teacher's own lessons) have their own tests."""

from uuid import uuid4

import pytest
from schedule_support import person

from okrug_common.roles import DISTRICT_ROLES, Role
from okrug_common.testing import Service
from okrug_schedule import access

DIRECTOR, DEPUTY, ADMIN = Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.SCHOOL_ADMIN
STAFF = {DIRECTOR, DEPUTY, ADMIN, Role.SECRETARY, Role.TEACHER, Role.CLASS_TEACHER}
LEADERSHIP = {DIRECTOR, DEPUTY, ADMIN}
HEADS = {DIRECTOR, ADMIN}
ROSTER = LEADERSHIP | {Role.SECRETARY}
GROUPS = LEADERSHIP | {Role.CLASS_TEACHER}

MATRIX: dict[str, set[Role]] = {
    "GET /years": STAFF,
    "POST /years": LEADERSHIP,
    "GET /years/{year_id}": STAFF,
    "POST /years/{year_id}/periods": LEADERSHIP,
    "POST /years/{year_id}/holidays": LEADERSHIP,
    "DELETE /years/{year_id}/holidays/{holiday_id}": LEADERSHIP,
    "PUT /years/{year_id}/assessment": LEADERSHIP,
    "POST /years/{year_id}/close": HEADS,
    "GET /years/{year_id}/curriculum": STAFF,
    "PUT /years/{year_id}/curriculum": LEADERSHIP,
    "GET /years/{year_id}/load-check": STAFF,
    "GET /district-calendars": STAFF | set(DISTRICT_ROLES),
    "POST /district-calendars": {Role.DISTRICT_ADMIN},
    "GET /buildings": STAFF,
    "POST /buildings": LEADERSHIP,
    "GET /rooms": STAFF,
    "POST /rooms": LEADERSHIP,
    "GET /subjects": STAFF,
    "POST /subjects": LEADERSHIP,
    "GET /subjects/federal-list": STAFF,
    "GET /subjects/{subject_id}/links": STAFF,
    "PUT /subjects/{subject_id}/links": LEADERSHIP,
    "GET /classes": STAFF,
    "POST /classes": LEADERSHIP,
    "GET /classes/{class_id}": STAFF,
    "PATCH /classes/{class_id}": LEADERSHIP,
    "GET /classes/{class_id}/members": STAFF,
    "POST /classes/{class_id}/members": ROSTER,
    "POST /classes/{class_id}/members/{student_id}/leave": ROSTER,
    "POST /students/{student_id}/transfer": ROSTER,
    "GET /students/{student_id}/classes": STAFF,
    "GET /groups": STAFF,
    "POST /groups": GROUPS,
    "GET /groups/{group_id}": STAFF,
    "GET /groups/{group_id}/members": STAFF,
    "POST /groups/{group_id}/members": GROUPS,
    "GET /deputies": STAFF,
    "PUT /deputies/{deputy_id}/grades": HEADS,
    "GET /teaching-load": STAFF,
    "POST /teaching-load": LEADERSHIP,
    "DELETE /teaching-load/{assignment_id}": LEADERSHIP,
    "GET /bell-schedules": STAFF,
    "POST /bell-schedules": LEADERSHIP,
    "GET /bell-schedules/{bell_schedule_id}": STAFF,
    "PUT /bell-schedules/{bell_schedule_id}/periods": LEADERSHIP,
    "GET /timetables": STAFF,
    "POST /timetables": LEADERSHIP,
    "GET /timetables/{timetable_id}": STAFF,
    "DELETE /timetables/{timetable_id}": LEADERSHIP,
    "PUT /timetables/{timetable_id}/entries": LEADERSHIP,
    "POST /timetables/{timetable_id}/publish": LEADERSHIP,
    "POST /timetables/{timetable_id}/end": LEADERSHIP,
    "GET /lessons": STAFF,
    "POST /lessons": LEADERSHIP,
    "GET /lessons/{lesson_id}": STAFF,
    "PATCH /lessons/{lesson_id}": LEADERSHIP,
    "POST /lessons/{lesson_id}/cancel": LEADERSHIP,
    "PUT /lessons/{lesson_id}/substitution": LEADERSHIP,
    "DELETE /lessons/{lesson_id}/substitution": LEADERSHIP,
    "GET /lessons/{lesson_id}/students": STAFF,
    "GET /substitutions": STAFF,
    "GET /substitutions/summary": STAFF,
    "POST /imports/classes": LEADERSHIP,
    "POST /imports/students": ROSTER,
    "POST /imports/timetable": LEADERSHIP,
}
ROLES = sorted(Role, key=lambda r: r.value)


def _routes(service: Service) -> set[str]:
    document = service.runtime.definition.routers
    served = set()
    for router in document:
        for route in router.routes:
            for method in getattr(route, "methods", ()):
                served.add(f"{method} {getattr(route, 'path', '')}")
    return served


def test_every_route_is_in_the_matrix(service: Service) -> None:
    served = _routes(service)
    assert sorted(served - set(MATRIX)) == [], "routes missing from the access matrix"
    assert sorted(set(MATRIX) - served) == [], "matrix rows for routes that do not exist"


def _path(route: str) -> str:
    path = route.split(" ", 1)[1]
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        path = path[:start] + str(uuid4()) + path[end + 1 :]
    return path


@pytest.mark.parametrize("route", sorted(MATRIX))
async def test_each_role_is_refused_exactly_where_the_matrix_says(
    service: Service, route: str
) -> None:
    method = route.split(" ", 1)[0]
    school = uuid4()
    for role in ROLES:
        district_or_service = role in DISTRICT_ROLES or role is Role.SERVICE
        caller = person(None if district_or_service else school, role)
        response = await service.http.request(
            method,
            f"/schedule{_path(route)}",
            json={} if method in ("POST", "PUT", "PATCH") else None,
            headers=service.auth(caller),
        )
        if role in MATRIX[route]:
            assert response.status_code != 403, (route, role, response.text)
            assert response.status_code < 500, (route, role, response.text)
        else:
            assert response.status_code == 403, (route, role, response.status_code)
            assert response.headers["content-type"] == "application/problem+json"


def test_school_roles_need_a_school_token() -> None:
    """Only the district's calendars are read and written with a token of no school."""
    district_wide = {
        "district-calendar.read": STAFF | set(DISTRICT_ROLES),
        "district-calendar.write": {Role.DISTRICT_ADMIN},
    }
    for action in access.POLICY.rules:
        for role in Role:
            admitted = access.POLICY.admits(person(None, role), action)
            assert admitted == (role in district_wide.get(action, set())), (action, role)
