"""The request log against a real PostgreSQL with row-level security (the app role):
school isolation, the district's view, the thread, statuses with their history, assignment
and the events notify turns into inbox messages (H1)."""

from uuid import UUID, uuid4

import asyncpg
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug.helpdesk.v1 import helpdesk_pb2
from okrug_common.auth import Principal
from okrug_common.db import tenant_transaction
from okrug_common.errors import Conflict, Forbidden, NotFound
from okrug_common.event_catalog import HelpdeskEvents
from okrug_common.roles import Role
from okrug_helpdesk import access
from okrug_helpdesk.access import Author
from okrug_helpdesk.models import (
    HelpRequest,
    RequestCategory,
    RequestChannel,
    RequestKind,
    RequestStatus,
    Side,
)
from okrug_helpdesk.requests import service
from okrug_helpdesk.requests.schemas import RequestCreate, RequestLog
from okrug_helpdesk.requests.service import RequestFilter

S = RequestStatus


def principal(school: UUID | None, *roles: Role, person_id: UUID | None = None) -> Principal:
    pid = person_id or uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


async def open_in(
    sessions: async_sessionmaker[AsyncSession], school: UUID, author: UUID | None = None
) -> HelpRequest:
    data = RequestCreate(
        category=RequestCategory.TECHNICAL,
        kind=RequestKind.QUESTION,
        subject="Не открывается журнал 5Б",
        text="После обновления журнал класса не открывается.",
    )
    async with tenant_transaction(sessions, school) as session:
        return await service.open_request(
            session, Author(school, author or uuid4(), Role.TEACHER), data
        )


async def outbox_rows(admin: asyncpg.Connection, subject: str) -> list[asyncpg.Record]:
    return await admin.fetch(
        "SELECT school_id, payload FROM outbox WHERE subject = $1 ORDER BY created_at", subject
    )


async def history_of(admin: asyncpg.Connection, request_id: UUID) -> list[tuple[str, ...]]:
    rows = await admin.fetch(
        "SELECT change, from_status, to_status FROM request_history "
        "WHERE request_id = $1 ORDER BY at, id",
        request_id,
    )
    return [tuple(v or "" for v in row.values()) for row in rows]


async def test_a_schools_request_is_hidden_from_other_schools_but_not_from_the_district(
    sessions: async_sessionmaker[AsyncSession], admin_conn: asyncpg.Connection
) -> None:
    school_a, school_b = uuid4(), uuid4()
    request = await open_in(sessions, school_a)

    async with tenant_transaction(sessions, school_a) as session:
        mine = await service.list_requests(session, RequestFilter(limit=200))
        assert [r.id for r in mine] == [request.id]

    async with tenant_transaction(sessions, school_b) as session:
        assert await service.list_requests(session, RequestFilter(limit=200)) == []
        with pytest.raises(NotFound):
            await service.get_request(session, request.id, school_id=None)
        changed = await session.execute(
            update(HelpRequest)
            .where(HelpRequest.id == request.id)
            .values(status=RequestStatus.CLOSED.value)
        )
        assert changed.rowcount == 0  # type: ignore[attr-defined]

    async with tenant_transaction(sessions, None, district=True) as session:
        log = await service.list_requests(
            session, RequestFilter(status=S.NEW, category=RequestCategory.TECHNICAL, limit=200)
        )
        assert request.id in {r.id for r in log}
        found = await service.get_request(session, request.id, school_id=None)
        assert found.school_id == school_a
        assert found.status == S.NEW
        assert found.channel == RequestChannel.WEB
        assert found.seconds_to_answer is None

    opened = [
        (row["school_id"], helpdesk_pb2.RequestOpened.FromString(row["payload"]))
        for row in await outbox_rows(admin_conn, HelpdeskEvents.REQUEST_OPENED.subject)
    ]
    ours = [(school, e) for school, e in opened if e.request_id == str(request.id)]
    assert len(ours) == 1
    school, event = ours[0]
    assert school == school_a
    assert (event.category, event.kind, event.channel) == ("technical", "question", "web")
    assert event.author_id == str(request.author_id)
    assert event.logged_by == ""
    assert event.context.school_id == str(school_a)
    assert await history_of(admin_conn, request.id) == [("opened", "", "new")]


async def test_the_desk_logs_a_call_on_a_callers_behalf(
    sessions: async_sessionmaker[AsyncSession], admin_conn: asyncpg.Connection
) -> None:
    school, agent = uuid4(), uuid4()
    call = RequestLog(
        school_id=school,
        channel=RequestChannel.PHONE,
        caller_name="Петрова Анна Ивановна",
        caller_role=Role.SECRETARY,
        category=RequestCategory.METHODOLOGICAL,
        kind=RequestKind.REMARK,
        subject="Шаблон приказа",
        text="Звонила секретарь: в шаблоне приказа устаревшая форма.",
    )
    # The agent's transaction names no school: the row and its event are the caller's school's.
    async with tenant_transaction(sessions, None, district=True) as session:
        logged = await service.log_request(session, agent, call)
    assert (logged.school_id, logged.logged_by, logged.author_id) == (school, agent, None)

    async with tenant_transaction(sessions, school) as session:
        seen = await service.get_request(session, logged.id, school_id=school)
        assert seen.caller_name == "Петрова Анна Ивановна"
        assert seen.author_role == "secretary"
        assert seen.channel == RequestChannel.PHONE
    row = await admin_conn.fetchrow(
        "SELECT school_id, payload FROM outbox WHERE subject = $1 AND school_id = $2",
        HelpdeskEvents.REQUEST_OPENED.subject,
        school,
    )
    assert row is not None
    event = helpdesk_pb2.RequestOpened.FromString(row["payload"])
    assert (event.channel, event.logged_by, event.author_id) == ("phone", str(agent), "")


async def test_a_thread_between_the_school_and_the_desk_with_every_change_recorded(
    sessions: async_sessionmaker[AsyncSession], admin_conn: asyncpg.Connection
) -> None:
    school, author, agent, member = uuid4(), uuid4(), uuid4(), uuid4()
    request = await open_in(sessions, school, author)
    await admin_conn.execute(
        "UPDATE requests SET created_at = created_at - interval '90 minutes' WHERE id = $1",
        request.id,
    )

    async with tenant_transaction(sessions, None, district=True) as session:
        loaded = await service.get_request(session, request.id, school_id=None, for_update=True)
        await service.assign(session, loaded, agent, member)
        assert loaded.status == S.IN_PROGRESS
        await service.add_message(
            session,
            loaded,
            member,
            "Какой браузер?",
            side=Side.DISTRICT,
            then=S.WAITING_FOR_SCHOOL,
        )
        assert loaded.status == S.WAITING_FOR_SCHOOL
        assert loaded.seconds_to_answer is not None
        # The first answer counts from the first message of the desk: 90 minutes.
        assert 90 * 60 <= loaded.seconds_to_answer < 90 * 60 + 60

    async with tenant_transaction(sessions, school) as session:
        loaded = await service.get_request(session, request.id, school_id=school, for_update=True)
        await service.add_message(session, loaded, author, "Яндекс Браузер 24", side=Side.SCHOOL)
        assert loaded.status == S.IN_PROGRESS

    async with tenant_transaction(sessions, uuid4(), district=True) as session:
        loaded = await service.get_request(session, request.id, school_id=None, for_update=True)
        await service.add_message(
            session, loaded, member, "Очистите кэш браузера.", side=Side.DISTRICT
        )
        assert loaded.status == S.ANSWERED
        assert loaded.answered_by == member, "the first answer stays the first"

    async with tenant_transaction(sessions, school) as session:
        loaded = await service.get_request(session, request.id, school_id=school, for_update=True)
        await service.change_status(session, loaded, author, S.CLOSED)
        assert loaded.closed_at is not None
        with pytest.raises(Conflict) as closed:
            await service.add_message(session, loaded, author, "Ещё", side=Side.SCHOOL)
        assert closed.value.code == "request-closed"
        with pytest.raises(Conflict) as moved:
            await service.change_status(session, loaded, author, S.ANSWERED)
        assert moved.value.code == "status-transition"
        await service.change_status(session, loaded, author, S.REOPENED)
        assert loaded.closed_at is None
        thread = await service.thread_of(session, loaded)
        assert [(m.side, m.body) for m in thread.messages] == [
            ("district", "Какой браузер?"),
            ("school", "Яндекс Браузер 24"),
            ("district", "Очистите кэш браузера."),
        ]

    assert await history_of(admin_conn, request.id) == [
        ("opened", "", "new"),
        ("assigned", "", ""),
        ("status", "new", "in_progress"),
        ("message", "", ""),
        ("status", "in_progress", "waiting_for_school"),
        ("message", "", ""),
        ("status", "waiting_for_school", "in_progress"),
        ("message", "", ""),
        ("status", "in_progress", "answered"),
        ("status", "answered", "closed"),
        ("status", "closed", "reopened"),
    ]
    # Every row of the thread and every event belongs to the request's school, whichever
    # school (or none) the desk's transaction named.
    assert {
        r["school_id"]
        for r in await admin_conn.fetch(
            "SELECT school_id FROM request_messages WHERE request_id = $1", request.id
        )
    } == {school}
    added = [
        (r["school_id"], helpdesk_pb2.RequestMessageAdded.FromString(r["payload"]))
        for r in await outbox_rows(admin_conn, HelpdeskEvents.REQUEST_MESSAGE_ADDED.subject)
    ]
    ours = [(s, e) for s, e in added if e.request_id == str(request.id)]
    assert [(s, e.side, e.requester_id, e.assignee_id) for s, e in ours] == [
        (school, "district", str(author), str(member)),
        (school, "school", str(author), str(member)),
        (school, "district", str(author), str(member)),
    ]
    assigned = [
        helpdesk_pb2.RequestAssigned.FromString(r["payload"])
        for r in await outbox_rows(admin_conn, HelpdeskEvents.REQUEST_ASSIGNED.subject)
    ]
    assert [
        (e.assignee_id, e.assigned_by) for e in assigned if e.request_id == str(request.id)
    ] == [(str(member), str(agent))]
    moves = [
        helpdesk_pb2.RequestStatusChanged.FromString(r["payload"])
        for r in await outbox_rows(admin_conn, HelpdeskEvents.REQUEST_STATUS_CHANGED.subject)
    ]
    assert [e.to_status for e in moves if e.request_id == str(request.id)] == [
        "in_progress",
        "waiting_for_school",
        "in_progress",
        "answered",
        "closed",
        "reopened",
    ]


async def test_a_school_cannot_write_to_another_schools_request(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    request = await open_in(sessions, uuid4())
    async with tenant_transaction(sessions, uuid4()) as session:
        with pytest.raises(NotFound):
            await service.get_request(session, request.id, school_id=None, for_update=True)


# --- the policy's gates and relations, as a matrix ------------------------------------------

STAFF = sorted(access.REQUESTERS)
NOT_STAFF = [Role.STUDENT, Role.PARENT, Role.SUPPORT_AGENT, Role.WORKING_GROUP_MEMBER]


@pytest.mark.parametrize("role", STAFF)
def test_staff_may_open_requests_under_their_role(role: Role) -> None:
    school = uuid4()
    caller = principal(school, role)
    assert access.POLICY.admits(caller, "request.open")
    author = access.author(caller)
    assert (author.school_id, author.role) == (school, role)


@pytest.mark.parametrize("role", [*NOT_STAFF, Role.DISTRICT_ADMIN, Role.SERVICE])
def test_others_may_not_open_requests(role: Role) -> None:
    assert not access.POLICY.admits(principal(uuid4(), role), "request.open")


def test_requests_need_a_school_token() -> None:
    assert not access.POLICY.admits(principal(None, Role.TEACHER), "request.open")


def test_author_role_is_the_highest_held_or_a_held_one_asked_for() -> None:
    teacher = principal(uuid4(), Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY_DIRECTOR)
    assert access.author(teacher).role == Role.DEPUTY_DIRECTOR
    assert access.author(teacher, Role.TEACHER).role == Role.TEACHER
    with pytest.raises(Forbidden):
        access.author(teacher, Role.DIRECTOR)
    with pytest.raises(Forbidden):
        access.author(principal(uuid4(), Role.TEACHER, Role.PARENT), Role.PARENT)


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ((Role.SUPPORT_AGENT,), True),
        ((Role.WORKING_GROUP_MEMBER,), True),
        ((Role.DISTRICT_ADMIN,), False),
        ((Role.DIRECTOR,), False),
        ((Role.SERVICE,), False),
    ],
)
def test_who_answers(roles: tuple[Role, ...], allowed: bool) -> None:
    assert access.POLICY.admits(principal(None, *roles), "request.answer") == allowed


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ((Role.STUDENT,), False),
        ((Role.PARENT,), False),
        ((Role.TEACHER,), True),
        ((Role.DISTRICT_ADMIN,), True),
        ((Role.WORKING_GROUP_MEMBER,), True),
    ],
)
async def test_who_reads(roles: tuple[Role, ...], allowed: bool) -> None:
    school = uuid4()
    caller = principal(school, *roles)
    assert access.POLICY.admits(caller, "request.read") == allowed
    if allowed:
        expected = None if caller.is_district else school
        assert await access.school_read(caller) == expected


def _request(school: UUID, author: UUID) -> HelpRequest:
    return HelpRequest(school_id=school, id=uuid4(), author_id=author)


async def test_who_closes() -> None:
    school, author = uuid4(), uuid4()
    request = _request(school, author)
    for closer in (
        principal(school, Role.TEACHER, person_id=author),
        principal(None, Role.SUPPORT_AGENT),
        principal(None, Role.WORKING_GROUP_MEMBER),
    ):
        assert access.POLICY.admits(closer, "request.close")
        await access.require_closer(closer, request)
    assert access.POLICY.admits(principal(None, Role.WORKING_GROUP_MEMBER), "request.close")
    assert not access.POLICY.admits(principal(None, Role.DISTRICT_ADMIN), "request.close")
    for other in (
        principal(school, Role.DIRECTOR),
        principal(uuid4(), Role.TEACHER, person_id=author),
    ):
        with pytest.raises(Forbidden):
            await access.require_closer(other, request)
