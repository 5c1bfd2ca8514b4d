"""The request log against a real PostgreSQL with row-level security (the app role):
school isolation, the district's view and answering across schools."""

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
from okrug_helpdesk.models import HelpRequest, RequestCategory, RequestStatus
from okrug_helpdesk.requests import service
from okrug_helpdesk.requests.schemas import RequestCreate


def principal(school: UUID | None, *roles: Role, person_id: UUID | None = None) -> Principal:
    pid = person_id or uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


async def open_in(
    sessions: async_sessionmaker[AsyncSession], school: UUID, author: UUID | None = None
) -> HelpRequest:
    data = RequestCreate(
        category=RequestCategory.TECHNICAL,
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


async def test_a_schools_request_is_hidden_from_other_schools_but_not_from_the_district(
    sessions: async_sessionmaker[AsyncSession], admin_conn: asyncpg.Connection
) -> None:
    school_a, school_b = uuid4(), uuid4()
    request = await open_in(sessions, school_a)

    async with tenant_transaction(sessions, school_a) as session:
        mine = await service.list_requests(
            session, school_id=None, status=None, category=None, limit=200
        )
        assert [r.id for r in mine] == [request.id]

    async with tenant_transaction(sessions, school_b) as session:
        assert (
            await service.list_requests(
                session, school_id=None, status=None, category=None, limit=200
            )
            == []
        )
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
            session, school_id=None, status=RequestStatus.OPEN, category=None, limit=200
        )
        assert request.id in {r.id for r in log}
        found = await service.get_request(session, request.id, school_id=None)
        assert found.school_id == school_a
        assert found.status == RequestStatus.OPEN
        assert found.seconds_to_answer is None

    opened = [
        (row["school_id"], helpdesk_pb2.RequestOpened.FromString(row["payload"]))
        for row in await outbox_rows(admin_conn, HelpdeskEvents.REQUEST_OPENED.subject)
    ]
    ours = [(school, e) for school, e in opened if e.request_id == str(request.id)]
    assert len(ours) == 1
    school, event = ours[0]
    assert school == school_a
    assert event.category == "technical"
    assert event.author_id == str(request.author_id)
    assert event.context.school_id == str(school_a)


@pytest.mark.parametrize("agent_school", [None, "own"], ids=["district-token", "school-token"])
async def test_answer_from_the_district_sets_status_and_time_to_answer(
    sessions: async_sessionmaker[AsyncSession],
    admin_conn: asyncpg.Connection,
    agent_school: str | None,
) -> None:
    school = uuid4()
    request = await open_in(sessions, school)
    await admin_conn.execute(
        "UPDATE requests SET created_at = created_at - interval '90 minutes' WHERE id = $1",
        request.id,
    )
    agent = uuid4()
    # A district role's transaction: no school, or the agent's own school, plus the district.
    tenant = uuid4() if agent_school else None
    async with tenant_transaction(sessions, tenant, district=True) as session:
        answered = await service.answer_request(session, request.id, agent, "Очистите кэш.")
        assert answered.status == RequestStatus.ANSWERED
        assert answered.seconds_to_answer is not None
        assert 90 * 60 <= answered.seconds_to_answer < 90 * 60 + 60

    row = await admin_conn.fetchrow("SELECT * FROM requests WHERE id = $1", request.id)
    assert row is not None
    assert row["status"] == "answered"
    assert row["answer"] == "Очистите кэш."
    assert row["answered_by"] == agent
    assert row["answered_at"] is not None
    assert row["school_id"] == school

    answers = [
        (r["school_id"], helpdesk_pb2.RequestAnswered.FromString(r["payload"]))
        for r in await outbox_rows(admin_conn, HelpdeskEvents.REQUEST_ANSWERED.subject)
    ]
    ours = [(s, e) for s, e in answers if e.request_id == str(request.id)]
    assert len(ours) == 1
    assert ours[0][0] == school, "the event belongs to the request's school"
    assert ours[0][1].answered_by == str(agent)
    assert ours[0][1].context.actor_person_id == str(agent)

    async with tenant_transaction(sessions, None, district=True) as session:
        with pytest.raises(Conflict):
            await service.answer_request(session, request.id, agent, "Ещё раз.")


async def test_a_school_cannot_answer_another_schools_request(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    request = await open_in(sessions, uuid4())
    async with tenant_transaction(sessions, uuid4()) as session:
        with pytest.raises(NotFound):
            await service.answer_request(session, request.id, uuid4(), "Ответ")


async def test_close_and_close_again(sessions: async_sessionmaker[AsyncSession]) -> None:
    school = uuid4()
    request = await open_in(sessions, school)
    async with tenant_transaction(sessions, school) as session:
        loaded = await service.get_request(session, request.id, school_id=school, for_update=True)
        closed = await service.close_request(session, loaded)
        assert closed.status == RequestStatus.CLOSED
    async with tenant_transaction(sessions, school) as session:
        loaded = await service.get_request(session, request.id, school_id=school)
        assert loaded.status == RequestStatus.CLOSED
        with pytest.raises(Conflict):
            await service.close_request(session, loaded)
    async with tenant_transaction(sessions, None, district=True) as session:
        with pytest.raises(Conflict):
            await service.answer_request(session, request.id, uuid4(), "Поздно")


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
    ):
        assert access.POLICY.admits(closer, "request.close")
        await access.require_closer(closer, request)
    assert not access.POLICY.admits(principal(None, Role.WORKING_GROUP_MEMBER), "request.close")
    for other in (
        principal(school, Role.DIRECTOR),
        principal(uuid4(), Role.TEACHER, person_id=author),
    ):
        with pytest.raises(Forbidden):
            await access.require_closer(other, request)
