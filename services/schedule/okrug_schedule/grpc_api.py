"""The schedule's internal gRPC API, for the other services' one-off questions and for
rebuilding their projections."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import grpc
from sqlalchemy import func, select

from okrug.common.v1 import common_pb2
from okrug.schedule.v1 import schedule_pb2, schedule_pb2_grpc
from okrug_common.db import tenant_transaction
from okrug_common.errors import InvalidInput, NotFound
from okrug_common.rpc import parse_uuid, require_service_caller
from okrug_common.runtime import Runtime
from okrug_schedule.access import deputy_grades
from okrug_schedule.calendar.service import (
    assessment_kind,
    calendar_message,
    get_year,
    list_years,
    period_message,
    periods_of,
    year_on,
)
from okrug_schedule.classes.service import get_class, members_on, proto_date
from okrug_schedule.groups import service as groups
from okrug_schedule.lessons.service import (
    LessonView,
    get_lesson,
    lesson_students,
    substitution_reason,
    to_proto,
    views,
)
from okrug_schedule.models import (
    CurriculumItem,
    Lesson,
    LessonStatus,
    StudyPeriod,
    TeachingAssignment,
)
from okrug_schedule.time import school_today, school_zone

MAX_PAGE = 2000
DEFAULT_PAGE = 500


def _date(value: common_pb2.Date, field: str) -> date | None:
    if value.year == 0 and value.month == 0 and value.day == 0:
        return None
    try:
        return date(value.year, value.month, value.day)
    except ValueError:
        raise InvalidInput(f"{field} is not a date.", field=field) from None


def _optional_uuid(value: str, field: str) -> UUID | None:
    return parse_uuid(value, field) if value else None


def _page_token(lesson: Lesson) -> str:
    return f"{lesson.starts_at.isoformat()}|{lesson.id}"


def _after(token: str) -> tuple[datetime, UUID]:
    try:
        moment, lesson_id = token.split("|")
        return datetime.fromisoformat(moment), UUID(lesson_id)
    except ValueError:
        raise InvalidInput("page_token is not a token this API gave.", field="page_token") from None


class ScheduleServicer(schedule_pb2_grpc.ScheduleServiceServicer):
    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def GetLesson(
        self, request: schedule_pb2.GetLessonRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> schedule_pb2.GetLessonResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        lesson_id = parse_uuid(request.lesson_id, "lesson_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            view = await get_lesson(session, lesson_id)
        zone = school_zone(self._runtime, school_id)
        return schedule_pb2.GetLessonResponse(lesson=to_proto(view, zone))

    async def ListLessons(
        self,
        request: schedule_pb2.ListLessonsRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListLessonsResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        class_id = _optional_uuid(request.class_id, "class_id")
        group_id = _optional_uuid(request.group_id, "group_id")
        teacher_id = _optional_uuid(request.teacher_id, "teacher_id")
        if class_id is None and group_id is None and teacher_id is None:
            raise InvalidInput("Give a class, a group or a teacher.", field="class_id")
        date_from = _date(request.date_from, "date_from")
        date_to = _date(request.date_to, "date_to")
        size = request.page_size or DEFAULT_PAGE
        if not 1 <= size <= MAX_PAGE:
            raise InvalidInput(f"page_size is 1..{MAX_PAGE}.", field="page_size")
        query = views().order_by(Lesson.starts_at, Lesson.id).limit(size + 1)
        if class_id is not None:
            query = query.where(Lesson.class_id == class_id)
        if group_id is not None:
            query = query.where(Lesson.group_id == group_id)
        if teacher_id is not None:
            query = query.where(Lesson.teacher_id == teacher_id)
        if date_from is not None:
            query = query.where(Lesson.lesson_date >= date_from)
        if date_to is not None:
            query = query.where(Lesson.lesson_date <= date_to)
        if not request.include_cancelled:
            query = query.where(Lesson.status == LessonStatus.PLANNED.value)
        if request.page_token:
            moment, last_id = _after(request.page_token)
            query = query.where(
                (Lesson.starts_at > moment) | ((Lesson.starts_at == moment) & (Lesson.id > last_id))
            )
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            rows = [LessonView.of(row) for row in (await session.execute(query)).all()]
        zone = school_zone(self._runtime, school_id)
        page, more = rows[:size], len(rows) > size
        return schedule_pb2.ListLessonsResponse(
            lessons=[to_proto(v, zone) for v in page],
            next_page_token=_page_token(page[-1].lesson) if more else "",
        )

    async def GetLessonTeacher(
        self,
        request: schedule_pb2.GetLessonTeacherRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.GetLessonTeacherResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        lesson_id = parse_uuid(request.lesson_id, "lesson_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            lesson = (await get_lesson(session, lesson_id)).lesson
            reason = await substitution_reason(session, lesson)
        return schedule_pb2.GetLessonTeacherResponse(
            teacher_id=str(lesson.teacher_id),
            planned_teacher_id=str(lesson.planned_teacher_id),
            substituted=lesson.teacher_id != lesson.planned_teacher_id,
            substitution_reason=reason,
        )

    async def ListLessonStudents(
        self,
        request: schedule_pb2.ListLessonStudentsRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListLessonStudentsResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        lesson_id = parse_uuid(request.lesson_id, "lesson_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            lesson = (await get_lesson(session, lesson_id)).lesson
            students = await lesson_students(session, lesson)
        return schedule_pb2.ListLessonStudentsResponse(
            student_ids=[str(s) for s in students], lesson_date=proto_date(lesson.lesson_date)
        )

    async def ListClassMembers(
        self,
        request: schedule_pb2.ListClassMembersRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListClassMembersResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        class_id = parse_uuid(request.class_id, "class_id")
        on = _date(request.on, "on") or school_today(self._runtime, school_id)
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            await get_class(session, class_id)
            members = await members_on(session, class_id, on)
        return schedule_pb2.ListClassMembersResponse(student_ids=[str(m) for m in members])

    async def ListGroupMembers(
        self,
        request: schedule_pb2.ListGroupMembersRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListGroupMembersResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        group_id = parse_uuid(request.group_id, "group_id")
        on = _date(request.on, "on") or school_today(self._runtime, school_id)
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            await groups.get_group(session, group_id)
            members = await groups.members_on(session, group_id, on)
        return schedule_pb2.ListGroupMembersResponse(student_ids=[str(m) for m in members])

    async def ListStudyPeriods(
        self,
        request: schedule_pb2.ListStudyPeriodsRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListStudyPeriodsResponse:
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        year_id = _optional_uuid(request.year_id, "year_id")
        subject_id = _optional_uuid(request.subject_id, "subject_id")
        if (subject_id is None) != (request.grade == 0):
            raise InvalidInput("Give both subject_id and grade, or neither.", field="grade")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            if year_id is not None:
                year = await get_year(session, year_id)
            else:
                found = await year_on(session, school_today(self._runtime, school_id))
                if found is None:
                    raise NotFound("No academic year contains today.")
                year = found
            periods: list[StudyPeriod] = await periods_of(session, year.id)
            if subject_id is not None:
                kind = await assessment_kind(session, year, request.grade, subject_id)
                periods = [p for p in periods if p.kind == kind.value]
        periods.sort(key=lambda p: (p.starts_on, p.kind))
        return schedule_pb2.ListStudyPeriodsResponse(
            year_id=str(year.id), study_periods=[period_message(p) for p in periods]
        )

    async def ListCalendars(
        self,
        request: schedule_pb2.ListCalendarsRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListCalendarsResponse:
        """Every year of a school as calendar.changed carries it: a consumer rebuilds its
        copy of the calendar from this (S1)."""
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            calendars = [await calendar_message(session, y) for y in await list_years(session)]
        return schedule_pb2.ListCalendarsResponse(calendars=calendars)

    async def GetCurriculumHours(
        self,
        request: schedule_pb2.GetCurriculumHoursRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.GetCurriculumHoursResponse:
        """The curriculum's hours of a subject for a class (S4), asked by the journal to
        check a lesson plan against them (J7, S1 4.4.10)."""
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        class_id = parse_uuid(request.class_id, "class_id")
        subject_id = parse_uuid(request.subject_id, "subject_id")
        group_id = _optional_uuid(request.group_id, "group_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            school_class = await get_class(session, class_id)
            if group_id is not None:
                group = await groups.get_group(session, group_id)
                if group.class_id != class_id or group.subject_id != subject_id:
                    raise InvalidInput(
                        f"{group.name} is not a group of the class in the subject.",
                        field="group_id",
                    )
            year = await get_year(session, school_class.year_id)
            item = await session.get(
                CurriculumItem, (school_id, year.id, school_class.grade, subject_id)
            )
            load = select(func.coalesce(func.sum(TeachingAssignment.hours_per_week), 0)).where(
                TeachingAssignment.year_id == year.id,
                TeachingAssignment.class_id == class_id,
                TeachingAssignment.subject_id == subject_id,
            )
            if group_id is not None:
                load = load.where(TeachingAssignment.group_id == group_id)
            load_hours = await session.scalar(load)
        return schedule_pb2.GetCurriculumHoursResponse(
            year_id=str(year.id),
            year_name=year.name,
            grade=school_class.grade,
            in_curriculum=item is not None,
            hours_per_week=float(item.hours_per_week) if item else 0.0,
            hours_per_year=item.hours_per_year if item else 0,
            load_hours_per_week=float(load_hours or 0),
        )

    async def ListDeputyGrades(
        self,
        request: schedule_pb2.ListDeputyGradesRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> schedule_pb2.ListDeputyGradesResponse:
        """The grade levels a deputy director is responsible for (S6), asked by the
        journal's oversight to show a deputy their grade levels only."""
        require_service_caller()
        school_id = parse_uuid(request.school_id, "school_id")
        deputy_id = parse_uuid(request.deputy_id, "deputy_id")
        async with tenant_transaction(self._runtime.sessionmaker, school_id) as session:
            grades = await deputy_grades(session, deputy_id)
        return schedule_pb2.ListDeputyGradesResponse(grades=sorted(grades))
