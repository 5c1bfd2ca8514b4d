"""RFC 9457 problem documents for every error a service returns over HTTP.

Every error body is `application/problem+json` with `type`, `title`, `status`, `detail`
and, for invalid input, `errors`: a list naming each offending field. Each entry carries a
`code` (pydantic's error type, or the code the service gave) and, where the rule has limits,
their values in `params`: the web app words the error in the interface language from them,
and shows the English `detail` only for a code it does not know.
"""

from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://okrug.example/problems/"

log = structlog.get_logger(__name__)


class Problem(Exception):
    """An error the client can act on. Raise it from service code; the handler renders it."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        field: str | None = None,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        self.code = code or self.slug
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.slug,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.field:
            body["errors"] = [{"field": self.field, "code": self.code, "detail": self.detail}]
        body.update(self.extra)
        return body


class InvalidInput(Problem):
    status, slug, title = 422, "invalid-input", "Invalid input"


class Unauthenticated(Problem):
    status, slug, title = 401, "unauthenticated", "Authentication required"


class Forbidden(Problem):
    status, slug, title = 403, "forbidden", "Not allowed"


class NotFound(Problem):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(Problem):
    status, slug, title = 409, "conflict", "Conflict"


class Unavailable(Problem):
    status, slug, title = 503, "unavailable", "A dependency is unavailable"


def problem_response(
    status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _field_name(location: Sequence[Any]) -> str:
    return ".".join(str(part) for part in location)


def _field_error(err: Mapping[str, Any]) -> dict[str, Any]:
    """One invalid field: where, pydantic's error type as the code, the rule's limits."""
    entry: dict[str, Any] = {
        "field": _field_name(err.get("loc", ())),
        "code": err.get("type", "invalid"),
        "detail": err.get("msg", "invalid"),
    }
    limits = {
        name: value
        for name, value in (err.get("ctx") or {}).items()
        if isinstance(value, str | int | float) and not isinstance(value, bool)
    }
    if limits:
        entry["params"] = limits
    return entry


async def _on_problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(exc.status, exc.body(), headers)


async def _on_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(err) for err in exc.errors()]
    fields = ", ".join(e["field"] for e in errors)
    return problem_response(
        422,
        {
            "type": PROBLEM_BASE + "invalid-input",
            "title": "Invalid input",
            "status": 422,
            "detail": f"Invalid value in: {fields}",
            "errors": errors,
        },
    )


async def _on_http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(
        exc.status_code,
        {
            "type": "about:blank",
            "title": str(exc.detail),
            "status": exc.status_code,
            "detail": str(exc.detail),
        },
        dict(exc.headers) if exc.headers else None,
    )


async def _on_integrity(_: Request, exc: Exception) -> JSONResponse:
    log.info(
        "integrity_error", constraint=getattr(getattr(exc, "orig", None), "constraint_name", None)
    )
    return problem_response(
        409,
        {
            "type": PROBLEM_BASE + "conflict",
            "title": "Conflict",
            "status": 409,
            "detail": "The request conflicts with data already stored.",
        },
    )


# SQLSTATE 42501: a row-level security policy (or a grant) refused the statement. That is
# the tenant boundary at work, not an outage.
INSUFFICIENT_PRIVILEGE = "42501"


async def _on_database(_: Request, exc: Exception) -> JSONResponse:
    original = getattr(exc, "orig", None)
    if getattr(original, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
        log.warning("database_refused", error_type=type(exc).__name__)
        return problem_response(403, Forbidden("This school's data is out of your reach.").body())
    log.error("database_error", error_type=type(exc).__name__)
    return problem_response(
        503,
        {
            "type": PROBLEM_BASE + "unavailable",
            "title": "A dependency is unavailable",
            "status": 503,
            "detail": "The database could not complete the request; try again.",
        },
    )


async def _on_unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", error_type=type(exc).__name__)
    return problem_response(
        500,
        {
            "type": "about:blank",
            "title": "Internal Server Error",
            "status": 500,
            "detail": "An unexpected error occurred.",
        },
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(IntegrityError, _on_integrity)
    app.add_exception_handler(DBAPIError, _on_database)
    app.add_exception_handler(Exception, _on_unexpected)
