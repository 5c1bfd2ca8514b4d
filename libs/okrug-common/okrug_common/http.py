"""The FastAPI application of a service: its routers under `/<service>/`, problem documents
for every error, health and readiness, the principal and the request's tenant session."""

import json
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from okrug_common.auth import Principal
from okrug_common.db import set_tenant
from okrug_common.errors import InvalidInput, Unauthenticated, install_problem_handlers
from okrug_common.runtime import Runtime

log = structlog.get_logger(__name__)


def runtime_of(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def current_principal(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("A bearer token is required.")
    principal = await runtime_of(request).verifier.verify(token.strip())
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]
RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


async def tenant_session(request: Request, principal: PrincipalDep) -> AsyncIterator[AsyncSession]:
    """One transaction per request, scoped to the principal's school (and the district for
    district roles). Committed after the endpoint returns, before the response is sent."""
    async with runtime_of(request).sessionmaker() as session:
        await set_tenant(session, principal.school_id, district=principal.is_district)
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            raise


SessionDep = Annotated[AsyncSession, Depends(tenant_session, scope="function")]

# C0 control characters but tab, line feed and carriage return: PostgreSQL keeps no NUL in
# text or jsonb, XLSX (XML 1.0) and PDF text hold none of them, and Keycloak refuses them in
# names. No school record needs one.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# In JSON they can only come escaped: \u0000-\u001f, \b or \f (a raw one is no JSON).
ESCAPED_CONTROL = re.compile(rb"\\(u00[01][0-9a-fA-F]|[bf])")
CONTROL_DETAIL = "A control character (U+0000-U+001F but tab and line breaks) is not allowed."


def _has_control(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def _field_with_control(document: Any) -> str | None:
    """The dotted path of the first string or key of parsed JSON holding a control
    character (iterative: a deeply nested body must not exhaust the stack)."""
    pending: list[tuple[str, Any]] = [("body", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, str) and _has_control(value):
            return path
        if isinstance(value, dict):
            for key, item in value.items():
                if _has_control(key):
                    return f"{path}.{key}"
                pending.append((f"{path}.{key}", item))
        elif isinstance(value, list):
            pending.extend((f"{path}.{index}", item) for index, item in enumerate(value))
    return None


async def reject_control_characters(request: Request) -> None:
    """A parameter or JSON body holding a control character is refused as input naming its
    field, before the database, a spreadsheet writer or the directory fails on it (a 503 or
    a 500). The body is parsed only when its bytes hold an escape of one."""
    for where, params in (
        ("path", request.path_params.items()),
        ("query", request.query_params.multi_items()),
    ):
        for name, value in params:
            if _has_control(str(value)) or _has_control(name):
                raise InvalidInput(CONTROL_DETAIL, field=f"{where}.{name}")
    if "json" not in request.headers.get("content-type", ""):
        return
    body = await request.body()
    if not ESCAPED_CONTROL.search(body):
        return
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return  # not JSON: the body's own validation says so
    found = _field_with_control(document)
    if found:
        raise InvalidInput(CONTROL_DETAIL, field=found)


def create_app(runtime: Runtime) -> FastAPI:
    name = runtime.definition.name
    app = FastAPI(
        title=f"Okrug {name}",
        openapi_url=f"/{name}/openapi.json",
        docs_url=f"/{name}/docs",
        redoc_url=None,
        dependencies=[Depends(reject_control_characters)],
    )
    app.state.runtime = runtime
    install_problem_handlers(app)
    for router in runtime.definition.routers:
        _declare_read_audits(router)
        app.include_router(router, prefix=f"/{name}")
    _add_health(app, runtime)
    app.add_middleware(RequestLog)
    # The server span carries the trace; spans per ASGI message would only cost time.
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz,readyz", exclude_spans=["receive", "send"]
    )
    return app


# The attribute okrug_common.read_audit.audited puts on its dependency, and the OpenAPI
# extension that shows a route's read-audit kind (tests/access_matrix checks them).
READ_AUDIT_KIND = "okrug_read_audit_kind"
READ_AUDIT_EXTENSION = "x-okrug-read-audit"


def _read_audit_kind(dependant: Dependant) -> str | None:
    for dependency in dependant.dependencies:
        kind = getattr(dependency.call, READ_AUDIT_KIND, None) or _read_audit_kind(dependency)
        if kind:
            return str(kind)
    return None


def _declare_read_audits(router: APIRouter) -> None:
    """Every route declaring a read audit says so in the OpenAPI document."""
    for route in router.routes:
        if isinstance(route, APIRoute) and (kind := _read_audit_kind(route.dependant)):
            route.openapi_extra = {**(route.openapi_extra or {}), READ_AUDIT_EXTENSION: kind}


def _add_health(app: FastAPI, runtime: Runtime) -> None:
    name = runtime.definition.name

    @app.get(f"/{name}/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "worker": str(runtime.worker)}

    @app.get(f"/{name}/readyz", include_in_schema=False)
    async def readyz() -> Response:
        checks = {
            "database": await _database_ok(runtime),
            "nats": bool(runtime.nats and runtime.nats.is_connected),
        }
        ready = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503
        )


async def _database_ok(runtime: Runtime) -> bool:
    try:
        async with runtime.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


class RequestLog:
    """Logs every request's method, route template, status and time (never the URL: it may
    carry personal ids). Plain ASGI: a BaseHTTPMiddleware would copy every response through
    a stream of its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            route = scope.get("route")
            log.info(
                "http_request",
                method=scope["method"],
                route=getattr(route, "path", "unmatched"),
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )
