"""No input yields a 5xx in the journal (J1-J13): the shared sweep of malformed requests
(tests/bad_input) over every route of the journal's OpenAPI document, and malformed files
over the routes that import CSV or XLSX (lesson plans, paper journals)."""

from datetime import date, datetime, timedelta
from uuid import uuid4

import asyncpg
from journal_support import MOSCOW, JournalEntries, School, district_person, person
from oversight_support import PlannedLesson, context, deliver

from okrug.journal.v1 import journal_pb2
from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import tenant_transaction
from okrug_common.roles import Role
from okrug_common.testing import Service
from okrug_journal.models import ClassTeacherProjection, GuardianProjection
from okrug_journal.oversight.keeping.handlers import on_lesson, on_mark
from okrug_journal.oversight.keeping.read_model import period_of
from okrug_journal.policy.service import school_policy
from tests.bad_input.sweep import Target, World, sweep_every_file_route, sweep_every_route

PREFIX = "/journal"

# Who reaches each route (method and path as in OpenAPI, without /journal): the role whose
# rule lets the request through to its validation. A new route needs a row here; the
# sweep fails on a route it does not know.
TARGET = Target(
    "journal",
    {
        "GET /policy": "admin",
        "PUT /policy": "admin",
        "PUT /lessons/{lesson_id}/record": "teacher",
        "GET /lessons/{lesson_id}/record": "teacher",
        "POST /lessons/{lesson_id}/marks": "teacher",
        "GET /lessons/{lesson_id}/marks": "teacher",
        "PATCH /marks/{mark_id}": "teacher",
        "DELETE /marks/{mark_id}": "teacher",
        "GET /students/{student_id}/marks": "parent",
        "PUT /lessons/{lesson_id}/attendance/{student_id}": "teacher",
        "PATCH /lessons/{lesson_id}/attendance/{student_id}": "class_teacher",
        "POST /classes/{class_id}/students/{student_id}/absence-notes": "class_teacher",
        "GET /classes/{class_id}/students/{student_id}/absence-notes": "class_teacher",
        "DELETE /classes/{class_id}/students/{student_id}/absence-notes/{note_id}": "class_teacher",
        "GET /classes/{class_id}/subjects/{subject_id}/grid": "teacher",
        "GET /classes/{class_id}/subjects/{subject_id}/periods/{period}/marks": "teacher",
        "PUT /classes/{class_id}/subjects/{subject_id}/periods/{period}/marks/{student_id}": (
            "teacher"
        ),
        "GET /audit/mark-changes": "director",
        "GET /audit/mark-changes.xlsx": "director",
        "GET /lessons/{lesson_id}/timeliness": "admin",
        "POST /lesson-plans": "teacher",
        "GET /lesson-plans": "teacher",
        "POST /lesson-plans/import": "teacher",
        "GET /lesson-plans/check": "director",
        "GET /lesson-plans/{plan_id}": "teacher",
        "PUT /lesson-plans/{plan_id}": "teacher",
        "DELETE /lesson-plans/{plan_id}": "teacher",
        "GET /lesson-plans/{plan_id}/export": "teacher",
        "GET /lessons/{lesson_id}/plan-topics": "teacher",
        "GET /classes/{class_id}/completion": "teacher",
        "GET /classes/{class_id}/completion.xlsx": "teacher",
        "GET /classes/{class_id}/completion.pdf": "teacher",
        "GET /diary/students/{student_id}/week": "parent",
        "GET /diary/students/{student_id}/marks": "parent",
        "GET /diary/children": "parent",
        "GET /students/{student_id}/summary": "parent",
        "GET /students/{student_id}/summary.pdf": "parent",
        "GET /classes/{class_id}/summary": "class_teacher",
        "GET /classes/{class_id}/summary.pdf": "class_teacher",
        "GET /classes/{class_id}/attendance/week": "class_teacher",
        "GET /classes/{class_id}/reports/attendance": "class_teacher",
        "GET /classes/{class_id}/reports/attendance.xlsx": "class_teacher",
        "GET /classes/{class_id}/reports/attendance.pdf": "class_teacher",
        "GET /classes/{class_id}/reports/results": "class_teacher",
        "GET /classes/{class_id}/reports/results.xlsx": "class_teacher",
        "GET /classes/{class_id}/reports/results.pdf": "class_teacher",
        "GET /paper-import/template": "admin",
        "POST /paper-import": "admin",
        "GET /paper-import/log": "admin",
        "GET /teacher-day": "teacher",
        "GET /oversight/settings": "district_admin",
        "PUT /oversight/settings": "district_admin",
        "GET /oversight/keeping/schools": "district_admin",
        "GET /oversight/keeping/schools/{school_id}": "district_admin",
        "GET /oversight/keeping/schools/{school_id}/weeks": "district_admin",
        "GET /oversight/keeping/schools/{school_id}/lessons": "district_admin",
        "GET /oversight/keeping/schools/{school_id}/lessons/{lesson_id}": "district_admin",
        "GET /oversight/keeping/fill": "district_admin",
        "GET /oversight/index": "district_admin",
        "GET /oversight/compliance/weeks": "district_admin",
        "GET /oversight/compliance/schools/{school_id}/weeks": "district_admin",
        "GET /oversight/keeping/schools/{school_id}/fill": "district_admin",
        "GET /oversight/keeping/classes/{class_id}/subjects/{subject_id}/students-below-minimum": (
            "director"
        ),
        "GET /oversight/homework-load": "district_admin",
        "GET /oversight/homework-load/schools/{school_id}/classes": "district_admin",
        "GET /oversight/homework-load/schools/{school_id}/classes/{class_id}": "district_admin",
        "GET /oversight/usage": "district_admin",
        "GET /oversight/objectivity/distributions": "district_admin",
        "GET /oversight/objectivity/period-marks": "director",
        "GET /oversight/objectivity/work-types": "district_admin",
        "GET /classes/{class_id}/subjects/{subject_id}/forecast": "teacher",
        "GET /classes/{class_id}/forecast": "class_teacher",
        "GET /students/{student_id}/forecast": "parent",
        "GET /forecast/failing": "teacher",
        "GET /oversight/forecast/failing": "director",
        "GET /oversight/forecast/counts": "district_admin",
        "GET /oversight/monitoring/reports": "district_admin",
        "POST /oversight/monitoring/reports": "district_admin",
        "GET /oversight/monitoring/reports/{report_id}": "district_admin",
        "GET /oversight/monitoring/reports/{report_id}.pdf": "district_admin",
        "GET /oversight/monitoring/reports/{report_id}.xlsx": "district_admin",
        "GET /oversight/monitoring/breaches": "district_admin",
    },
)


async def make_world(school: School, service: Service) -> World:
    journal = JournalEntries(school.sessions, school)
    yesterday = (datetime.now(MOSCOW).date() - timedelta(days=1)).isoformat()
    lesson = await school.lesson()
    past_lesson = await journal.lesson(yesterday, school.subject_id, "Математика", held=None)
    student = school.students[0]
    class_teacher = person(school.id, Role.TEACHER, Role.CLASS_TEACHER)
    async with tenant_transaction(school.sessions, school.id) as session:
        session.add(
            ClassTeacherProjection(
                school_id=school.id, class_id=school.class_id, teacher_id=class_teacher.person_id
            )
        )
        session.add(
            GuardianProjection(
                school_id=school.id, guardian_id=school.parent.person_id, student_id=student
            )
        )
    callers = {
        "admin": school.admin,
        "director": school.director,
        "teacher": school.teacher,
        "class_teacher": class_teacher,
        "parent": school.parent,
        # District oversight's reader and the admin of its settings: tokens without a school.
        "district_admin": district_person(Role.DISTRICT_ADMIN),
    }

    async def new_mark() -> str:
        # On yesterday's lesson: saving today's lesson record replaces its marks.
        mark = await service.http.post(
            f"{PREFIX}/lessons/{past_lesson}/marks",
            json={"student_id": str(student), "value": "4", "work_type": "classwork"},
            headers=school.auth(school.teacher),
        )
        assert mark.status_code == 201, mark.text
        return str(mark.json()["id"])

    mark_id = await new_mark()
    plan = await service.http.post(
        f"{PREFIX}/lesson-plans",
        json={
            "class_id": str(school.class_id),
            "subject_id": str(school.subject_id),
            "topics": [{"number": 1, "topic": "Дроби", "hours": 2}],
        },
        headers=school.auth(school.teacher),
    )
    assert plan.status_code == 201, plan.text
    today = date.today()
    note = await service.http.post(
        f"{PREFIX}/classes/{school.class_id}/students/{student}/absence-notes",
        json={"date_from": str(today), "date_to": str(today), "reason": "illness"},
        headers=school.auth(class_teacher),
    )
    assert note.status_code == 201, note.text
    # Oversight knows the lesson as schedule's event planned it.
    await deliver(
        school.sessions,
        school.id,
        on_lesson(service.runtime),
        schedule_pb2.LessonPlanned(
            context=context(school.id),
            lesson=PlannedLesson(
                school.id,
                school.class_id,
                school.subject_id,
                school.teacher.person_id or uuid4(),
                date.today(),
                lesson_id=lesson,
            ).proto(),
        ),
    )
    values = {
        "school_id": str(school.id),
        "week": today.isoformat(),
        "lesson_id": str(lesson),
        "student_id": str(student),
        "class_id": str(school.class_id),
        "subject_id": str(school.subject_id),
        "mark_id": mark_id,
        "plan_id": plan.json()["id"],
        "note_id": note.json()["id"],
        "period": "year",
        "date_from": (today - timedelta(days=7)).isoformat(),
        "date_to": today.isoformat(),
        "work_type": "classwork",
        "value": "4",
    }
    made = await service.http.post(
        f"{PREFIX}/oversight/monitoring/reports",
        json={"period": "year", "school_id": str(school.id)},
        headers=service.auth(callers["district_admin"]),
    )
    assert made.status_code == 201, made.text
    values["report_id"] = made.json()["reports"][0]["id"]
    world = World(callers, values)
    # The fill rate of the class in the subject, as the mark's event leaves it.
    await deliver(
        school.sessions,
        school.id,
        on_mark(service.runtime),
        journal_pb2.MarkRecorded(
            context=context(school.id),
            mark=journal_pb2.Mark(lesson_id=str(past_lesson), student_id=str(student)),
        ),
    )
    async with tenant_transaction(school.sessions, school.id) as session:
        policy = await school_policy(session, service.runtime, school.id)
    term = period_of(policy, date.fromisoformat(yesterday))
    assert term, "yesterday lies in no study period of the school"
    world.overrides[
        "GET /oversight/keeping/classes/{class_id}/subjects/{subject_id}/students-below-minimum"
    ] = {"period": term}
    world.makers["mark_id"] = new_mark
    world.bodies["/lesson-plans/import"] = "№;Тема;Часы\n1;Дроби;2\n".encode()
    template = await service.http.get(
        f"{PREFIX}/paper-import/template",
        params={
            "class_id": str(school.class_id),
            "subject_id": str(school.subject_id),
            "date_from": yesterday,
            "date_to": yesterday,
            "format": "csv",
        },
        headers=school.auth(school.admin),
    )
    assert template.status_code == 200, template.text
    world.bodies["/paper-import"] = template.content
    return world


async def test_no_malformed_request_to_any_route_yields_a_5xx(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    await sweep_every_route(TARGET, await make_world(school, service), service, admin_conn)


async def test_no_malformed_file_yields_a_5xx(
    school: School, service: Service, admin_conn: asyncpg.Connection
) -> None:
    world = await make_world(school, service)
    await sweep_every_file_route(TARGET, world, service, admin_conn)
