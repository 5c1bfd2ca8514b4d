"""The read audit in the access matrix (issue 9 point 4; X2).

Which routes answer with a person's data is read from the OpenAPI documents: a 2xx answer
whose schema has a person field (PERSON_FIELDS), an answer that is a list of ids, or an
answer that is a file (PDF, XLSX, CSV). Each such route either declares its read audit
(`audited(ReadKind...)` in its signature, shown as `x-okrug-read-audit`) or is listed in
NOT_PERSONAL with the reason. During the matrix run, every allowed 200 of a member of staff
on a declared route must leave exactly one record under the request's own trace id, by that
reader, of that kind and route, covering every person the answer names.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

import httpx

from tests.access_matrix.cast import Cast
from tests.access_matrix.groups import DISTRICT, STAFF
from tests.access_matrix.matrix import Endpoint

EXTENSION = "x-okrug-read-audit"
# Fields of an answer's schema that carry a person's data.
PERSON_FIELDS = frozenset(
    {
        "person_id",
        "person_ids",
        "student_id",
        "student_ids",
        "guardian_id",
        "applicant_id",
        "first_name",
        "last_name",
        "middle_name",
        "birth_date",
        "persons",
        "students",
    }
)
# Fields of an answer naming a person by id (and `id` beside a `last_name`).
PERSON_ID_FIELDS = frozenset({"person_id", "student_id", "guardian_id", "applicant_id"})
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Whose reads are recorded (the read audit's READER_ROLES).
READERS = frozenset((*STAFF, *DISTRICT))

WRITE = "a write: answers with what the caller wrote; the change is its own record"
MONITORING = (
    "a monitoring report (O5): counts, and staff only by name (its recipients, the directors; "
    "outlier teachers), never a student or a parent"
)
NOT_PERSONAL: dict[str, str] = {
    "POST /identity/persons": WRITE,
    "POST /identity/schools/{school_id}/administrators": WRITE,
    "POST /identity/persons/attach": WRITE,
    "POST /identity/persons/{person_id}/roles": WRITE,
    "DELETE /identity/persons/{person_id}/roles/{role}": WRITE,
    "DELETE /identity/persons/{person_id}/membership": WRITE,
    "POST /identity/guardians": WRITE,
    "POST /identity/persons/{person_id}/consents": WRITE,
    "POST /identity/consents/{consent_id}/withdrawal": WRITE,
    "PUT /identity/persons/{person_id}/personal-data": WRITE,
    "POST /identity/access-applications": WRITE,
    "POST /identity/students/{student_id}/enrolment": WRITE,
    "POST /identity/students/{student_id}/transfer": WRITE,
    "POST /identity/students/{student_id}/withdrawal": WRITE,
    "GET /identity/me": "the caller's own card",
    "GET /identity/me/schools": "the caller's own schools and roles, and a parent's own children",
    "GET /identity/read-audit": "the read audit itself (persons by id, for the school's head "
    "and the district admin): recording its reads would fill the log with its own searches",
    "GET /identity/read-audit.xlsx": "the read audit itself, as a workbook",
    "POST /schedule/classes/{class_id}/members": WRITE,
    "POST /schedule/classes/{class_id}/members/{student_id}/leave": WRITE,
    "POST /schedule/students/{student_id}/transfer": WRITE,
    "POST /schedule/groups/{group_id}/members": WRITE,
    "POST /schedule/years/{year_id}/close": "a write (the year's rollover): counts of students",
    "PUT /journal/lessons/{lesson_id}/record": WRITE + " (the lesson save)",
    "POST /journal/lessons/{lesson_id}/marks": WRITE,
    "PATCH /journal/marks/{mark_id}": WRITE,
    "PUT /journal/lessons/{lesson_id}/attendance/{student_id}": WRITE,
    "PATCH /journal/lessons/{lesson_id}/attendance/{student_id}": WRITE,
    "POST /journal/classes/{class_id}/students/{student_id}/absence-notes": WRITE,
    "PUT /journal/classes/{class_id}/subjects/{subject_id}/periods/{period}/marks/{student_id}": (
        WRITE
    ),
    "GET /journal/diary/children": "a parent's own children or a student themself: no staff "
    "role reads it",
    "GET /journal/lesson-plans/{plan_id}/export": "a lesson plan: topics and hours, nobody's data",
    "GET /journal/classes/{class_id}/completion.xlsx": "lessons counted per subject, nobody's data",
    "GET /journal/classes/{class_id}/completion.pdf": "lessons counted per subject, nobody's data",
    "GET /journal/oversight/monitoring/reports": MONITORING,
    "POST /journal/oversight/monitoring/reports": MONITORING,
    "GET /journal/oversight/monitoring/reports/{report_id}": MONITORING,
    "GET /journal/oversight/monitoring/reports/{report_id}.pdf": MONITORING,
    "GET /journal/oversight/monitoring/reports/{report_id}.xlsx": MONITORING,
    "GET /journal/oversight/keeping/schools": "each school's counts (its attendance's "
    "`students` is how many were marked): no person",
    "GET /notify/inbox": "the caller's own inbox",
    "POST /notify/inbox/{message_id}/read": "the caller's own inbox message",
    "GET /helpdesk/requests/{request_id}/attachments/{attachment_id}": "a file the school's "
    "staff or the desk attached to a request, served to the request's readers; no record of "
    "a student or parent",
}


def operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """`METHOD /service/path` -> the OpenAPI operation (paths carry the service prefix)."""
    return {
        f"{method.upper()} {path}": operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document["components"]["schemas"][name]
    return schema


def _has_person_fields(document: dict[str, Any], schema: Any, seen: set[str]) -> bool:
    if isinstance(schema, list):
        return any(_has_person_fields(document, item, seen) for item in schema)
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema:
        if schema["$ref"] in seen:
            return False
        seen.add(schema["$ref"])
        return _has_person_fields(document, _resolve(document, schema), seen)
    properties = schema.get("properties", {})
    if PERSON_FIELDS & set(properties):
        return True
    nested = [*properties.values(), schema.get("additionalProperties")]
    nested += [schema.get(k) for k in ("items", "anyOf", "oneOf", "allOf")]
    return any(_has_person_fields(document, n, seen) for n in nested if n)


def _is_id_list(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    schema = _resolve(document, schema)
    items = schema.get("items")
    return (
        schema.get("type") == "array" and isinstance(items, dict) and items.get("format") == "uuid"
    )


def answers_with_persons(document: dict[str, Any], operation: dict[str, Any]) -> bool:
    """Whether a 2xx answer of the operation can hold a person's data."""
    for status, response in operation.get("responses", {}).items():
        if not status.startswith("2"):
            continue
        for media, content in response.get("content", {}).items():
            if "json" not in media:
                return True  # a file: PDF, XLSX, CSV
            schema = content.get("schema", {})
            if _is_id_list(document, schema) or _has_person_fields(document, schema, set()):
                return True
    return False


def persons_in(body: Any) -> set[str]:
    """The ids of the persons an answer names."""
    found: set[str] = set()
    pending = [body]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            if value and all(isinstance(v, str) and UUID.match(v) for v in value):
                found.update(value)
            else:
                pending.extend(value)
        elif isinstance(value, dict):
            if "last_name" in value and isinstance(value.get("id"), str):
                found.add(value["id"])
            for key, item in value.items():
                if key in PERSON_ID_FIELDS and isinstance(item, str) and UUID.match(item):
                    found.add(item)
                else:
                    pending.append(item)
    return found


def traced() -> tuple[str, dict[str, str]]:
    """A trace id of the test's own and the traceparent header that carries it."""
    trace_id = secrets.token_hex(16)
    return trace_id, {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"}


def records(cast: Cast, trace_id: str) -> list[dict[str, Any]]:
    """The reads under the trace, in whichever school (the district admin searches all)."""
    answer = cast.http.get(
        cast.url("identity", "/read-audit"),
        params={"trace_id": trace_id},
        headers=cast.headers("district-admin"),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    found: list[dict[str, Any]] = answer.json()["items"]
    return found


def check_recorded(
    cast: Cast,
    endpoint: Endpoint,
    kind: str,
    persona: str,
    path: str,
    response: httpx.Response,
    trace_id: str,
) -> None:
    """A staff read that named someone else left its record (X2)."""
    reader = cast.account(persona).id
    if persona not in READERS or reader in path:
        return  # the family's own reads and a person's read of themself are not recorded
    is_json = "json" in response.headers.get("content-type", "")
    named = persons_in(response.json()) - {reader} if is_json else set()
    if is_json and not named:
        return  # nobody's data in the answer
    deadline = time.monotonic() + 30
    found = records(cast, trace_id)
    while not found and time.monotonic() < deadline:
        time.sleep(0.1)
        found = records(cast, trace_id)
    assert len(found) == 1, f"{endpoint.key} as {persona}: {len(found)} read-audit records"
    [record] = found
    assert record["reader_id"] == reader
    assert record["kind"] == kind
    assert record["endpoint"] == endpoint.key
    assert record["school_id"] == cast.account(persona).school  # the token's school
    assert reader not in record["persons"]
    assert record["persons"], f"{endpoint.key} as {persona}: a record covering nobody"
    missing = named - set(record["persons"])
    assert not missing, f"{endpoint.key} as {persona}: the record misses persons {missing}"
