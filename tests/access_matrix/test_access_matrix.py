"""The access matrix (issue 3, I5, X2): every endpoint of every service, signed in as every
role, on its own object, another person's in the same school, another school's, a parent's
own child's and another child's. An endpoint missing from the table fails the suite; so does
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
    journal_import,
    journal_plans,
    journal_reports,
    notify,
    read_audit,
    schedule,
)
from tests.access_matrix.cast import PERSONAS, Cast
from tests.access_matrix.matrix import PUBLIC, Endpoint
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


@pytest.fixture(scope="session")
def cast(platform: Platform, district: District, world: World) -> Cast:
    return Cast.create(platform, district, world)


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
    request = endpoint.build(cast, persona, target)
    assert request is not None
    trace_id, traceparent = read_audit.traced()
    headers = {**cast.headers(persona), **traceparent}
    if request.content_type is None:
        body: dict[str, Any] = {"json": request.body}
    else:
        body = {"content": request.body.encode()}
        headers = {**headers, "content-type": request.content_type}
    response = httpx.request(
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
