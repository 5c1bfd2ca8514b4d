"""No input yields a 5xx, in any service: a sweep of every route of a service's OpenAPI
document with malformed requests, each sent as a caller who may reach the route, so that
the request gets past authorization to the validation.

For every operation the sweep sends, generated from the OpenAPI document: each path
parameter as an invalid UUID, an unknown id, a huge string and odd characters; each query
and header parameter by its schema (invalid UUIDs, impossible dates such as 2026-02-30 and
year 0, reversed and enormous date ranges, out-of-range and non-numeric integers, bad
booleans, strings past their length, markup and control characters, values outside the
enum, a missing required one); and each JSON body empty, not JSON, invalid UTF-8, of the
wrong shape (list, null, string), deeply nested, under the wrong content type, and with
each field set to null, a wrong type, a huge string, markup, an out-of-range number, an
impossible date or an unknown id. Routes taking a file (CSV or XLSX) get the malformed
files of tests/bad_input/files.py instead.

Every answer must be below 500; a 4xx must be a problem document (`type`, `title`,
`status`), a 422 must name the offending field in `errors[*].field`; a refused write must
leave every table of the service's database as it was. A route the sweep has no caller
for, a parameter it has no valid value for and a valid request that does not reach the
route's code (401, 403, 404) fail it.

A service's sweep (services/<service>/tests/test_<service>_bad_input.py) gives a `Target`
(who calls each route) and a `World`: the callers' principals, valid values for the
parameters (ids of objects that exist, so that paths reach real handlers), valid bodies
where the schema's example would not be one, files, and makers of the objects a request
uses up."""

import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote, urlencode
from uuid import UUID, uuid4

import asyncpg
import httpx

from okrug_common.auth import Principal
from okrug_common.testing import Service
from tests.bad_input.files import CSV_MEDIA, XLSX_MEDIA, file_cases, rows_of

FORM_MEDIA = "application/x-www-form-urlencoded"
# A route taking any file as its raw body (helpdesk's attachments) gets the malformed files too.
FILE_MEDIA = (CSV_MEDIA, XLSX_MEDIA, "application/octet-stream")
HUGE = "x" * 100_000
LONG = "я" * 5_000
MARKUP = "<script>alert(1)</script>"
CONTROL = "a\x07b\x1bc"
RANGE = ("date_from", "date_to")
# The two ends of a range: an error in one may name the other (a start after the end).
RANGES = (RANGE, ("starts_on", "ends_on"), ("valid_from", "valid_to"), ("starts_at", "ends_at"))


def with_range(name: str) -> tuple[str, ...]:
    """The fields a 422 about `name` may name: itself, and the other end of its range."""
    for pair in RANGES:
        if name in pair:
            return (name, *pair)
    return (name,)


# Malformed values the top level tries; one level down they would only cost time.
SKIPPED_NESTED = {
    "10,000 items",
    "negative",
    "float",
    "boolean",
    "list of nulls",
    "huge number item",
    "huge string item",
}


@dataclass(frozen=True)
class Target:
    """The service under the sweep: its name (the path prefix), who reaches each route
    (method and path as in OpenAPI, without the prefix) and the tables a refused write must
    leave alone (by default every table of its database)."""

    name: str
    callers: dict[str, str]
    uncounted: frozenset[str] = frozenset()
    # OAuth 2.0 endpoints answer errors as RFC 6749 (5.2) says: {"error": ...} with 400/401.
    oauth: frozenset[str] = frozenset()

    @property
    def prefix(self) -> str:
        return f"/{self.name}"


@dataclass
class Case:
    """One malformed request; `fields` are the names a 422 may point at (empty: any)."""

    name: str
    path: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    fields: tuple[str, ...] = ()


@dataclass
class Operation:
    method: str
    route: str
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method} {self.route}"

    @property
    def parameters(self) -> list[dict[str, Any]]:
        return list(self.spec.get("parameters", []))

    @property
    def body_media(self) -> list[str]:
        return list(self.spec.get("requestBody", {}).get("content", {}))

    @property
    def takes_file(self) -> bool:
        return any(media in self.body_media for media in FILE_MEDIA)


@dataclass
class World:
    """The people and objects the valid requests name: a principal per caller of the
    Target's table, a valid value per parameter or body field name, the valid file of each
    route taking one, and a maker of a fresh object per path parameter a DELETE consumes."""

    callers: dict[str, Principal]
    values: dict[str, str]
    bodies: dict[str, bytes] = field(default_factory=dict)
    makers: dict[str, Callable[[], Awaitable[str]]] = field(default_factory=dict)
    # Per route, makers of the objects its valid request uses up (a student who leaves a
    # class, a lesson cancelled): each request to the route gets a fresh one.
    consumed: dict[str, dict[str, Callable[[], Awaitable[str]]]] = field(default_factory=dict)
    # Per route, its valid JSON body where the one made from the schema would not be valid.
    json: dict[str, Any] = field(default_factory=dict)
    # Values for one route over `values` (its own lesson to cancel, its own year to close),
    # so that a valid request changing an object leaves the other routes theirs.
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)

    def values_for(self, key: str) -> dict[str, str]:
        return {**self.values, **self.overrides.get(key, {})}


class Doc:
    def __init__(self, document: dict[str, Any], prefix: str) -> None:
        self.document = document
        self.prefix = prefix

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.document["components"]["schemas"][name]
        variants = [s for s in schema.get("anyOf", []) if s.get("type") != "null"]
        if variants:
            return self.resolve(variants[0])
        return schema

    def operations(self) -> list[Operation]:
        return [
            Operation(method.upper(), path.removeprefix(self.prefix), spec)
            for path, methods in self.document["paths"].items()
            for method, spec in methods.items()
        ]

    def example(self, schema: dict[str, Any], name: str, values: dict[str, str]) -> Any:
        """A valid value of the schema: the world's ids for the names it knows, the required
        properties of objects, one item of required arrays."""
        schema = self.resolve(schema)
        if name in values:
            return values[name]
        if "enum" in schema:
            return schema["enum"][0]
        if "default" in schema:
            return schema["default"]
        kind = schema.get("type")
        if kind == "object":
            wanted = {*schema.get("required", []), *values}
            return {
                prop: self.example(sub, prop, values)
                for prop, sub in schema.get("properties", {}).items()
                if prop in wanted
            }
        if kind == "array":
            return [self.example(schema.get("items", {}), name, values)]
        if kind == "integer":
            return max(int(schema.get("minimum", 1)), 1)
        if kind == "number":
            return 1
        if kind == "boolean":
            return True
        formats = {
            "uuid": str(uuid4()),
            "date": date.today().isoformat(),
            "date-time": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "time": "09:00:00",
        }
        return formats.get(schema.get("format", ""), "x")


def bad_strings(schema: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Malformed text for a parameter of this (resolved) schema."""
    fmt, kind = schema.get("format"), schema.get("type")
    if fmt == "uuid":
        yield "invalid uuid", "not-a-uuid"
        yield "uuid with sql", "' OR 1=1 --"
        yield "unknown id", str(uuid4())
        yield "nil uuid", str(UUID(int=0))
    elif fmt == "date":
        yield "impossible date", "2026-02-30"
        yield "year 0", "0000-01-01"
        yield "year 1", "0001-01-01"
        yield "year 9999", "9999-12-31"
        yield "month 13", "2026-13-01"
        yield "datetime for date", "2026-09-01T10:00:00Z"
    elif kind == "integer":
        yield "negative", "-1"
        yield "zero", "0"
        yield "huge number", str(10**30)
        yield "past int32", str(2**31)
        yield "past int16", str(2**15)
        yield "large", "59231000"
        yield "not a number", "abc"
        yield "fraction", "1.5"
    elif kind == "boolean":
        yield "not a boolean", "maybe"
    else:
        if "enum" in schema:
            yield "outside enum", "nope"
        yield "unknown value", "no-such-thing"
        yield "empty", ""
        yield "nul byte", "a\x00b"
        yield "markup", MARKUP
        yield "control characters", CONTROL
        yield "month 13", "2026-13"
        yield "year 0 month", "0000-01"
    yield "huge string", LONG
    yield "unicode", "👨‍👩‍👧 ‮ é"


def bad_json_values(schema: dict[str, Any], example: Any) -> Iterator[tuple[str, Any]]:
    """Malformed JSON values for a body property of this (resolved) schema."""
    kind, fmt = schema.get("type"), schema.get("format")
    yield "null", None
    yield "object", {"nested": {"deeper": [1, 2]}}
    if kind != "string":
        yield "string", "x"
    if kind in ("string", None):
        yield "number", 12345
        yield "huge string", HUGE
        yield "nul byte", "a\x00b"
        yield "markup", MARKUP
        yield "control characters", CONTROL
        yield "lone surrogate", "a\ud800b"
        if not fmt and "enum" not in schema:
            yield "unknown value", "Mars/Olympus_Mons"
    if kind in ("integer", "number"):
        yield "huge number", 10**30
        yield "past int32", 2**31
        yield "past int16", 2**15
        yield "negative", -(10**9)
        yield "float", 1.5e308
        yield "boolean", True
    if fmt == "uuid":
        yield "invalid uuid", "not-a-uuid"
        yield "unknown id", str(uuid4())
    if fmt == "date":
        yield "impossible date", "2026-02-30"
        yield "year 0", "0000-01-01"
        yield "year 9999", "9999-12-31"
    if kind == "array":
        yield "object for list", {}
        yield "10,000 items", [example[0] if example else 1] * 10_000
        yield "list of nulls", [None, None]
        yield "duplicate items", [example[0], example[0]] if example else [1, 1]
        yield "huge number item", [10**30]
        yield "huge string item", [HUGE]
    if kind == "boolean":
        yield "not a boolean", "maybe"


def raw_bodies() -> Iterator[tuple[str, bytes | None, str | None]]:
    """(name, body, content type) of bodies that are no JSON object at all."""
    yield "no body", None, None
    yield "empty body", b"", "application/json"
    yield "not json", b"this is not json", "application/json"
    yield "truncated json", b'{"a": ', "application/json"
    yield "list for object", b"[]", "application/json"
    yield "list of objects", b"[{}]", "application/json"
    yield "null", b"null", "application/json"
    yield "string", b'"text"', "application/json"
    yield "number", b"42", "application/json"
    yield "invalid utf-8", b'{"topic": "\xff\xfe"}', "application/json"
    yield "deep nesting list", b"[" * 100_000 + b"]" * 100_000, "application/json"
    yield "deep nesting object", b'{"a":' * 5_000 + b"1" + b"}" * 5_000, "application/json"
    yield "nan", b'{"value": NaN}', "application/json"
    yield "huge body", json.dumps({"x": "y" * 2_000_000}).encode(), "application/json"


class Client(Protocol):
    """The service's REST app (okrug_common.testing.Service is one)."""

    http: httpx.AsyncClient

    def auth(self, principal: Principal) -> dict[str, str]: ...


class Tables(Protocol):
    """Rows per table of the service's database, to tell that a refused write wrote none."""

    async def counts(self) -> dict[str, int]: ...


class DatabaseTables:
    """Every table of the database but alembic_version and the uncounted, through a
    superuser connection (row-level security does not hide any school's rows)."""

    def __init__(self, admin: asyncpg.Connection, uncounted: frozenset[str]) -> None:
        self.admin, self.uncounted = admin, uncounted
        self.tables: list[str] = []

    async def counts(self) -> dict[str, int]:
        if not self.tables:
            rows = await self.admin.fetch(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                "AND table_name <> 'alembic_version' ORDER BY table_name"
            )
            self.tables = [r["table_name"] for r in rows if r["table_name"] not in self.uncounted]
        query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in self.tables)
        return {row[0]: row[1] for row in await self.admin.fetch(query)}


class Sweep:
    def __init__(
        self, target: Target, doc: Doc, world: World, service: Client, tables: Tables
    ) -> None:
        self.target, self.doc, self.world = target, doc, world
        self.service, self.tables = service, tables
        self.failures: list[str] = []
        self.sent = 0

    # --- the valid request of an operation -------------------------------------------------

    def valid_path(self, op: Operation) -> dict[str, str]:
        return {p["name"]: self.value_of(op, p) for p in op.parameters if p["in"] == "path"}

    def valid_query(self, op: Operation) -> dict[str, str]:
        """The required parameters and the optional ones the world has values for (a date
        range rather than a study period when both are possible)."""
        names = {p["name"] for p in op.parameters if p["in"] == "query"}
        skip = {"period"} if "date_from" in names else set()
        return {
            p["name"]: self.value_of(op, p)
            for p in op.parameters
            if p["in"] == "query"
            and (p.get("required") or p["name"] in self.world.values_for(op.key))
            and p["name"] not in skip
        }

    def value_of(self, op: Operation, parameter: dict[str, Any]) -> str:
        name, values = parameter["name"], self.world.values_for(op.key)
        if name not in values:
            self.failures.append(f"{op.key}: the sweep has no value for parameter {name!r}")
            return str(uuid4())
        return values[name]

    def valid_json(self, op: Operation) -> Any:
        if op.key in self.world.json:
            return self.world.json[op.key]
        schema = op.spec["requestBody"]["content"]["application/json"]["schema"]
        return self.doc.example(schema, "", self.world.values_for(op.key))

    def valid_body(self, op: Operation) -> tuple[bytes | None, dict[str, str]]:
        if op.takes_file:
            return self.world.bodies[op.route], {"Content-Type": CSV_MEDIA}
        if "application/json" in op.body_media:
            return json.dumps(self.valid_json(op)).encode(), {"Content-Type": "application/json"}
        if FORM_MEDIA in op.body_media:
            return urlencode(self.valid_form(op)).encode(), {"Content-Type": FORM_MEDIA}
        return None, {}

    def valid_form(self, op: Operation) -> dict[str, str]:
        if op.key in self.world.json:
            form: dict[str, str] = self.world.json[op.key]
            return form
        schema = op.spec["requestBody"]["content"][FORM_MEDIA]["schema"]
        example = self.doc.example(schema, "", self.world.values_for(op.key))
        return {name: str(value) for name, value in example.items()}

    # --- the malformed requests ------------------------------------------------------------

    def cases(self, op: Operation) -> Iterator[Case]:
        path, query = self.valid_path(op), self.valid_query(op)
        body, body_headers = self.valid_body(op)

        def case(name: str, *fields: str, **changes: Any) -> Case:
            made = Case(name, dict(path), dict(query), dict(body_headers), body, fields)
            for attribute, value in changes.items():
                setattr(made, attribute, value)
            return made

        for parameter in op.parameters:
            name, where = parameter["name"], parameter["in"]
            schema = self.doc.resolve(parameter.get("schema", {}))
            if where == "path":
                schema = {"format": "uuid"} if name.endswith("_id") else schema
                for label, text in [*bad_strings(schema), ("slashes", "..%2F..%2Fpolicy")]:
                    yield case(f"path {name}: {label}", name, path={**path, name: text})
            elif where == "query":
                fields = with_range(name)
                for label, text in bad_strings(schema):
                    yield case(f"query {name}: {label}", *fields, query={**query, name: text})
                if parameter.get("required"):
                    rest = {k: v for k, v in query.items() if k != name}
                    yield case(f"query {name}: missing", name, query=rest)
            elif where == "header" and name == "Idempotency-Key":
                # A refused request under a key stores neither the key nor anything else.
                keyed = {**body_headers, name: str(uuid4()), "Content-Type": "application/json"}
                yield case(f"header {name}: with a null body", headers=keyed, content=b"null")
            if where == "header":
                for label, text in [("empty", ""), ("huge", "k" * 300)]:
                    yield case(
                        f"header {name}: {label}", name, headers={**body_headers, name: text}
                    )
        names = {p["name"] for p in op.parameters if p["in"] == "query"}
        if {"date_from", "date_to"} <= names:
            today = date.today()
            for label, (start, end) in {
                "reversed range": (today, today - timedelta(days=30)),
                "enormous range": (date(1, 1, 1), date(9999, 12, 31)),
                "range at the start of time": (date(1, 1, 1), date(1, 1, 2)),
                "range at the end of time": (date(9999, 12, 30), date(9999, 12, 31)),
            }.items():
                dates = {"date_from": start.isoformat(), "date_to": end.isoformat()}
                yield case(f"query {label}", "date_from", "date_to", query={**query, **dates})
        if "application/json" in op.body_media:
            yield from self.json_cases(op, case)
        if FORM_MEDIA in op.body_media:
            yield from self.form_cases(op, case)

    def form_cases(self, op: Operation, case: Any) -> Iterator[Case]:
        """A form body: not a form at all, and each field malformed or missing."""
        form = {"Content-Type": FORM_MEDIA}
        yield case("form: empty", headers=form, content=b"")
        yield case("form: binary", headers=form, content=bytes(range(256)))
        yield case("form: json", headers=form, content=json.dumps(self.valid_form(op)).encode())
        valid = self.valid_form(op)
        schema = self.doc.resolve(op.spec["requestBody"]["content"][FORM_MEDIA]["schema"])
        for prop, sub in schema.get("properties", {}).items():
            for label, text in bad_strings(self.doc.resolve(sub)):
                body = urlencode({**valid, prop: text}).encode()
                yield case(f"form {prop}: {label}", prop, headers=form, content=body)
            if prop in schema.get("required", []):
                rest = urlencode({k: v for k, v in valid.items() if k != prop}).encode()
                yield case(f"form {prop}: missing", prop, headers=form, content=rest)

    def json_cases(self, op: Operation, case: Any) -> Iterator[Case]:
        for label, content, media in raw_bodies():
            headers = {"Content-Type": media} if media else {}
            yield case(f"body: {label}", headers=headers, content=content)
        valid = self.valid_json(op)
        encoded = json.dumps(valid).encode()
        for media in ("text/plain", "application/x-www-form-urlencoded", "text/csv"):
            yield case(f"body as {media}", headers={"Content-Type": media}, content=encoded)
        schema = self.doc.resolve(op.spec["requestBody"]["content"]["application/json"]["schema"])
        for prop, sub in schema.get("properties", {}).items():
            resolved = self.doc.resolve(sub)
            example = self.doc.example(sub, prop, self.world.values_for(op.key))
            fields = with_range(prop)
            for label, value in bad_json_values(resolved, example):
                yield case(
                    f"body {prop}: {label}",
                    *fields,
                    content=json.dumps({**valid, prop: value}).encode(),
                )
        yield from self.nested_cases(op, schema, valid, case)
        props = schema.get("properties", {})
        if {"date_from", "date_to"} <= set(props):
            today = date.today()
            reversed_range = {"date_from": today.isoformat(), "date_to": "2026-01-01"}
            yield case(
                "body reversed range",
                *RANGE,
                content=json.dumps({**valid, **reversed_range}).encode(),
            )
        yield case("body unknown field", content=json.dumps({**valid, "no_such_field": 1}).encode())

    def nested_cases(
        self, op: Operation, schema: dict[str, Any], valid: Any, case: Any
    ) -> Iterator[Case]:
        """One level down: each field of an object property, or of the one item of a list
        of objects (a lesson's marks, a plan's topics, the policy's work types)."""
        for prop, sub in schema.get("properties", {}).items():
            resolved = self.doc.resolve(sub)
            listed = resolved.get("type") == "array"
            inner = self.doc.resolve(resolved.get("items", {})) if listed else resolved
            if inner.get("type") != "object" and "properties" not in inner:
                continue
            values = self.world.values_for(op.key)
            item = self.doc.example(inner, "", values)
            for name, field_schema in inner.get("properties", {}).items():
                example = self.doc.example(field_schema, name, values)
                for label, value in bad_json_values(self.doc.resolve(field_schema), example):
                    if label in SKIPPED_NESTED:
                        continue
                    changed = {**item, name: value}
                    body = {**valid, prop: [changed] if listed else changed}
                    # A check across the item's fields (a period's start before its end)
                    # names the item.
                    yield case(
                        f"body {prop}.{name}: {label}",
                        *with_range(name),
                        prop,
                        content=json.dumps(body).encode(),
                    )

    # --- sending and checking --------------------------------------------------------------

    async def send(self, op: Operation, case: Case) -> httpx.Response | None:
        principal = self.world.callers[self.target.callers[op.key]]
        url = self.target.prefix + op.route
        for name, value in case.path.items():
            url = url.replace("{" + name + "}", quote(value, safe="%"))
        self.sent += 1
        try:
            return await self.service.http.request(
                op.method,
                url,
                params=case.query,
                content=case.content,
                headers={**self.service.auth(principal), **case.headers},
            )
        except Exception as error:  # the app raised: the client would have seen a 500
            self.failures.append(f"{op.key} [{case.name}]: 500 ({type(error).__name__}: {error})")
            return None

    async def check(self, op: Operation, case: Case) -> httpx.Response | None:
        # A case valid after all deletes (or uses up) the object; each case gets its own.
        makers = dict(self.world.makers) if op.method == "DELETE" else {}
        makers |= self.world.consumed.get(op.key, {})
        for name, make in makers.items():
            if case.path.get(name) == self.world.values_for(op.key).get(name):
                case.path[name] = await make()
        writes = op.method != "GET"
        before = await self.tables.counts() if writes else {}
        response = await self.send(op, case)
        if response is None:
            return None
        where = f"{op.key} [{case.name}]: {response.status_code}"
        if response.status_code >= 500:
            self.failures.append(f"{where} {response.text[:300]}")
        elif response.status_code >= 400:
            self.check_problem(op, where, response, case)
            if writes:
                after = await self.tables.counts()
                changed = {t: (before[t], after[t]) for t in after if before[t] != after[t]}
                if changed:
                    self.failures.append(f"{where} refused but wrote {changed}")
        return response

    def check_problem(
        self, op: Operation, where: str, response: httpx.Response, case: Case
    ) -> None:
        media = response.headers.get("content-type", "")
        if op.key in self.target.oauth and _is_oauth_error(response):
            return
        if not media.startswith("application/problem+json"):
            self.failures.append(f"{where} not a problem document ({media})")
            return
        problem = response.json()
        missing = [k for k in ("type", "title", "status") if not problem.get(k)]
        if missing or problem["status"] != response.status_code:
            self.failures.append(f"{where} problem lacks {missing or 'its status'}: {problem}")
        if response.status_code != 422:
            return
        named = [str(e.get("field", "")) for e in problem.get("errors", []) if e.get("field")]
        if not named:
            self.failures.append(f"{where} names no field: {problem}")
        elif case.fields and not any(wanted in field for wanted in case.fields for field in named):
            self.failures.append(f"{where} names {named}, not {case.fields}")

    async def baseline(self, op: Operation) -> None:
        """The valid request itself: the caller reaches the route."""
        body, headers = self.valid_body(op)
        case = Case("valid", self.valid_path(op), self.valid_query(op), headers, body)
        response = await self.check(op, case)
        if response is not None and response.status_code in (401, 403, 404):
            self.failures.append(
                f"{op.key}: the valid request fails ({response.status_code}"
                f" {response.text[:200]}); the sweep may not reach the validation"
            )


def _is_oauth_error(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return (
        response.status_code in (400, 401)
        and isinstance(body, dict)
        and isinstance(body.get("error"), str)
    )


# --- running a sweep -----------------------------------------------------------------------


async def _prepare(
    target: Target, world: World, service: Client, tables: Tables
) -> tuple[Sweep, list[Operation]]:
    document = (await service.http.get(f"{target.prefix}/openapi.json")).json()
    doc = Doc(document, target.prefix)
    operations = doc.operations()
    unknown = [op.key for op in operations if op.key not in target.callers]
    assert not unknown, f"the sweep knows no caller for {unknown}: add them to the Target"
    stale = set(target.callers) - {op.key for op in operations}
    assert not stale, f"the Target names routes that are gone: {stale}"
    missing = set(target.callers.values()) - set(world.callers)
    assert not missing, f"the World has no principal for {missing}"
    return Sweep(target, doc, world, service, tables), operations


def _report(sweep: Sweep) -> None:
    assert not sweep.failures, f"{len(sweep.failures)} of {sweep.sent}:\n" + "\n".join(
        sweep.failures
    )


async def sweep_every_route(
    target: Target, world: World, service: Service, admin: asyncpg.Connection
) -> None:
    """Every route of the service's OpenAPI document, with every malformed request the
    sweep makes for it and its valid request; deletions last, since the other routes still
    need their objects."""
    await sweep_routes(target, world, service, DatabaseTables(admin, target.uncounted))


async def sweep_routes(target: Target, world: World, service: Client, tables: Tables) -> None:
    sweep, operations = await _prepare(target, world, service, tables)
    for op in operations:
        cases = list(sweep.cases(op))
        # A route that takes no input at all (a list of one's own) gets its valid request only.
        if not cases and op.parameters + op.body_media:
            sweep.failures.append(f"{op.key}: the sweep made no malformed request")
        for case in cases:
            await sweep.check(op, case)
        if op.method != "DELETE":
            await sweep.baseline(op)
    for op in operations:
        if op.method == "DELETE":
            await sweep.baseline(op)
    _report(sweep)


async def sweep_every_file_route(
    target: Target, world: World, service: Service, admin: asyncpg.Connection
) -> None:
    """Every route taking a CSV or XLSX file, with every malformed file built on its valid
    one (world.bodies, by route)."""
    tables = DatabaseTables(admin, target.uncounted)
    sweep, operations = await _prepare(target, world, service, tables)
    file_operations = [op for op in operations if op.takes_file]
    assert {op.route for op in file_operations} == set(world.bodies), "a file route is unknown"
    for op in file_operations:
        valid = world.bodies[op.route]
        for name, content, media in file_cases(valid, rows_of(valid)):
            headers = {"Content-Type": media} if media else {}
            case = Case(f"file: {name}", sweep.valid_path(op), sweep.valid_query(op), headers)
            case.content = content
            await sweep.check(op, case)
    # What the files brought in (if anything) does not break a read: exports, reports.
    for op in operations:
        if op.method == "GET":
            await sweep.baseline(op)
    _report(sweep)
