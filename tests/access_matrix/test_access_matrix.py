"""The access matrix (issue 3, I5, X2): every endpoint of every service, signed in as every
role, on its own object, another person's in the same school, another school's, a parent's
own child's and another child's; and as people of two schools with a token of each
(two_schools.py). An endpoint missing from the table fails the suite; so does
a route answering with a person's data that has no read audit, and a staff read that left
no record (read_audit.py)."""

from typing import Any

import httpx
import pytest

from okrug_local.platform import Platform
from okrug_local.ports import SERVICES
from tests.access_matrix import (
    helpdesk,
    identity,
    journal,
    journal_diary,
    journal_forecast,
    journal_import,
    journal_monitoring,
    journal_objectivity,
    journal_oversight,
    journal_plans,
    journal_reports,
    notify,
    read_audit,
    schedule,
)
from tests.access_matrix.cast import PERSONAS, Cast
from tests.access_matrix.matrix import PUBLIC, Endpoint
from tests.access_matrix.two_schools import HELD, PAIRS, SchoolRole, TwoSchools
from tests.support import District, World

pytestmark = pytest.mark.platform

ENDPOINTS: list[Endpoint] = [
    *identity.ROWS,
    *schedule.ROWS,
    *journal.ROWS,
    *journal_plans.ROWS,
    *journal_diary.ROWS,
    *journal_reports.ROWS,
    *journal_import.ROWS,
    *journal_oversight.ROWS,
    *journal_objectivity.ROWS,
    *journal_forecast.ROWS,
    *journal_monitoring.ROWS,
    *notify.ROWS,
    *helpdesk.ROWS,
]
FAMILY_TARGETS = ("own-child", "other-child")


def _applies(persona: str, target: str) -> bool:
    """Children are a parent's targets only."""
    return persona == "parent" or target not in FAMILY_TARGETS


CASES = [
    pytest.param(endpoint, persona, target, id=f"{endpoint.key} as {persona} on {target}")
    for endpoint in ENDPOINTS
    for persona in PERSONAS
    for target in endpoint.targets
    if _applies(persona, target)
]


# Every row for each person of two schools signed in to each of them, expected as the
# single-school persona holding their role at the token's school (two_schools.py).
TWO_SCHOOL_CASES = [
    pytest.param(endpoint, pair, target, id=f"{endpoint.key} as {pair.name} on {target}")
    for endpoint in ENDPOINTS
    for pair in PAIRS
    for target in endpoint.targets
    if _applies(pair.role, target)
]


@pytest.fixture(scope="session")
def cast(platform: Platform, district: District, world: World) -> Cast:
    return Cast.create(platform, district, world)


@pytest.fixture(scope="session")
def two_schools(cast: Cast) -> TwoSchools:
    return TwoSchools(cast)


def _documents(platform: Platform) -> dict[str, dict[str, Any]]:
    return {
        service: httpx.get(f"{platform.url(service)}/openapi.json").json() for service in SERVICES
    }


@pytest.fixture(scope="session")
def read_audits(platform: Platform) -> dict[str, str]:
    """`METHOD /service/path` -> the read-audit kind the route declares."""
    return {
        key: operation[read_audit.EXTENSION]
        for document in _documents(platform).values()
        for key, operation in read_audit.operations(document).items()
        if read_audit.EXTENSION in operation
    }


@pytest.mark.parametrize(("endpoint", "persona", "target"), CASES)
def test_access(
    cast: Cast, read_audits: dict[str, str], endpoint: Endpoint, persona: str, target: str
) -> None:
    _check(cast, read_audits, endpoint, persona, target)


@pytest.mark.parametrize(("endpoint", "pair", "target"), TWO_SCHOOL_CASES)
def test_access_at_two_schools(
    two_schools: TwoSchools,
    read_audits: dict[str, str],
    endpoint: Endpoint,
    pair: SchoolRole,
    target: str,
) -> None:
    _check(two_schools.view(pair), read_audits, endpoint, pair.role, target)


def _check(
    cast: Cast, read_audits: dict[str, str], endpoint: Endpoint, persona: str, target: str
) -> None:
    """The persona's request on the target: the row's success if allowed, else a refusal."""
    request = endpoint.build(cast, persona, target)
    assert request is not None
    trace_id, traceparent = read_audit.traced()
    headers = {**cast.headers(persona), **traceparent}
    if request.content_type is None:
        body: dict[str, Any] = {"json": request.body}
    else:
        body = {"content": request.body.encode()}
        headers = {**headers, "content-type": request.content_type}
    response = cast.http.request(
        endpoint.method,
        cast.url(endpoint.service, request.path),
        headers=headers,
        timeout=30,
        **body,
    )
    if (persona, target) in endpoint.allow:
        assert response.status_code == endpoint.success, (
            f"expected {endpoint.success}: {response.text[:300]}"
        )
        if endpoint.key in read_audits:
            read_audit.check_recorded(
                cast,
                endpoint,
                read_audits[endpoint.key],
                persona,
                request.path,
                response,
                trace_id,
            )
    else:
        assert response.status_code in (403, 404), (
            f"expected a refusal: {response.status_code} {response.text[:300]}"
        )
        assert response.headers["content-type"] == "application/problem+json"


def _routes(platform: Platform, service: str) -> set[str]:
    document = httpx.get(f"{platform.url(service)}/openapi.json").json()
    return {
        f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item
    }


def test_every_endpoint_is_in_the_matrix(platform: Platform) -> None:
    served = set().union(*(_routes(platform, service) for service in SERVICES))
    listed = {endpoint.key for endpoint in ENDPOINTS}
    assert sorted(served - listed - set(PUBLIC)) == [], "endpoints missing from the access matrix"
    assert sorted(listed - served) == [], "rows for endpoints that no longer exist"


def test_every_row_allows_only_cases_it_tests() -> None:
    for endpoint in ENDPOINTS:
        tested = {(p, t) for p in PERSONAS for t in endpoint.targets if _applies(p, t)}
        assert endpoint.allow, f"{endpoint.key} allows nobody"
        assert endpoint.allow <= tested, (
            f"{endpoint.key}: allow names a persona or target it does not test"
        )


def test_every_route_answering_with_a_persons_data_declares_its_read_audit(
    platform: Platform,
) -> None:
    undeclared, needless = [], []
    for document in _documents(platform).values():
        for key, operation in read_audit.operations(document).items():
            personal = read_audit.answers_with_persons(document, operation)
            declared = read_audit.EXTENSION in operation
            if personal and not declared and key not in read_audit.NOT_PERSONAL:
                undeclared.append(key)
            if key in read_audit.NOT_PERSONAL and (declared or not personal):
                needless.append(key)
    served = set().union(*(_routes(platform, service) for service in SERVICES))
    assert undeclared == [], "routes answering with a person's data without a read audit"
    assert needless == [], "NOT_PERSONAL lists routes that declare a read audit or hold nobody"
    assert sorted(set(read_audit.NOT_PERSONAL) - served) == [], "NOT_PERSONAL: no such route"


@pytest.mark.parametrize("pair", PAIRS, ids=[pair.name for pair in PAIRS])
def test_two_schools_me_lists_both_schools_with_the_roles_held_at_each(
    two_schools: TwoSchools, pair: SchoolRole
) -> None:
    answer = two_schools.cast.http.get(
        two_schools.cast.url("identity", "/me/schools"),
        headers=two_schools.account(pair).headers,
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    mine = answer.json()
    assert mine["current_school_id"] == two_schools.school(pair.school).id
    assert mine["district_roles"] == []
    schools = {school["school_id"]: school for school in mine["schools"]}
    assert set(schools) == {two_schools.cast.a.id, two_schools.cast.b.id}
    for letter in ("a", "b"):
        school = schools[two_schools.school(letter).id]
        assert school["roles"] == HELD[pair.person][letter]
        assert school["sign_in_scope"] == f"organization:{school['school_id']}"
        children = [child["id"] for child in school["children"]]
        expected = [two_schools.school(letter).student.id] if pair.role == "parent" else []
        assert children == expected


CHILD_READS = (
    ("identity", "/persons/{}/consents"),
    ("identity", "/students/{}/record-reads"),
    ("journal", "/students/{}/marks"),
    ("journal", "/diary/students/{}/week"),
)


@pytest.mark.parametrize("letter", ["a", "b"])
def test_two_schools_parent_reads_each_child_only_with_that_childs_schools_token(
    two_schools: TwoSchools, letter: str
) -> None:
    """Both children are the parent's own; each is read with its school's token only."""
    headers = two_schools.account(SchoolRole("parent-a+b", letter, "parent")).headers
    for child_school in ("a", "b"):
        child = two_schools.school(child_school).student.id
        for service, path in CHILD_READS:
            answer = two_schools.cast.http.get(
                two_schools.cast.url(service, path.format(child)), headers=headers, timeout=30
            )
            if child_school == letter:
                assert answer.status_code == 200, f"{service} {path}: {answer.text[:300]}"
            else:
                assert answer.status_code in (403, 404), f"{service} {path}: {answer.text[:300]}"
