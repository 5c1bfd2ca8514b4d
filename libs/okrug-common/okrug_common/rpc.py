"""gRPC between services: servers that verify the caller's token, clients that send their
own service-account token and a deadline on every call, OpenTelemetry both ways. Every call
to another service goes through `call`, which turns the peer's refusals into problems."""

import asyncio
import contextvars
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar
from uuid import UUID

import grpc
import httpx
import structlog
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from opentelemetry.instrumentation.grpc import aio_client_interceptors, aio_server_interceptor

from okrug_common.auth import Principal, TokenVerifier
from okrug_common.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
    Unauthenticated,
    Unavailable,
)

log = structlog.get_logger(__name__)

current_caller: contextvars.ContextVar[Principal] = contextvars.ContextVar("okrug_grpc_caller")

_STATUS_BY_PROBLEM: dict[type[Problem], grpc.StatusCode] = {
    NotFound: grpc.StatusCode.NOT_FOUND,
    Forbidden: grpc.StatusCode.PERMISSION_DENIED,
    Unauthenticated: grpc.StatusCode.UNAUTHENTICATED,
    InvalidInput: grpc.StatusCode.INVALID_ARGUMENT,
    Conflict: grpc.StatusCode.ALREADY_EXISTS,
    Unavailable: grpc.StatusCode.UNAVAILABLE,
}
_UNAUTHENTICATED_METHODS = ("/grpc.health.v1.Health/",)


class AuthInterceptor(grpc.aio.ServerInterceptor):  # type: ignore[misc]
    """Verifies the bearer token of every call (health checks excepted) and maps Problems
    raised by servicers to gRPC status codes."""

    def __init__(self, verifier: TokenVerifier) -> None:
        self._verifier = verifier

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        handler = await continuation(details)
        if handler is None or details.method.startswith(_UNAUTHENTICATED_METHODS):
            return handler
        if handler.unary_unary is None:
            # Only unary calls are authenticated here; refuse anything else rather than
            # let a future streaming method through unchecked.
            return _refuse_streaming(handler)
        token = _bearer(details.invocation_metadata)
        inner = handler.unary_unary

        async def authenticated(request: Any, context: grpc.aio.ServicerContext) -> Any:
            try:
                if token is None:
                    raise Unauthenticated("A bearer token is required.")
                caller = await self._verifier.verify(token)
                current_caller.set(caller)
                return await inner(request, context)
            except Problem as problem:
                code = _STATUS_BY_PROBLEM.get(type(problem), grpc.StatusCode.FAILED_PRECONDITION)
                await context.abort(code, problem.detail)

        return grpc.unary_unary_rpc_method_handler(
            authenticated,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


def _refuse_streaming(handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
    async def refuse(request: Any, context: grpc.aio.ServicerContext) -> Any:
        await context.abort(grpc.StatusCode.UNIMPLEMENTED, "streaming calls are not served")

    return grpc.unary_unary_rpc_method_handler(
        refuse,
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


def _bearer(metadata: Any) -> str | None:
    for key, value in metadata or ():
        if (
            key == "authorization"
            and isinstance(value, str)
            and value.lower().startswith("bearer ")
        ):
            return value[7:]
    return None


def require_service_caller() -> Principal:
    """Internal APIs answer only the platform's own services."""
    caller = current_caller.get()
    if not caller.is_service:
        raise Forbidden("Only platform services may call this API.")
    return caller


def parse_uuid(value: str, field: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise InvalidInput(f"{field} must be a UUID.", field=field) from None


RegisterFn = Callable[[Any, grpc.aio.Server], None]


def create_server(
    verifier: TokenVerifier,
    servicers: list[tuple[RegisterFn, Any]],
    port: int,
    host: str = "[::]",
    *,
    reuse_port: bool = False,
) -> tuple[grpc.aio.Server, health.aio.HealthServicer]:
    """`reuse_port`: the service's other workers listen on the same port."""
    tracing = aio_server_interceptor()  # type: ignore[no-untyped-call]
    options = [("grpc.so_reuseport", 1)] if reuse_port else None
    server = grpc.aio.server(interceptors=[tracing, AuthInterceptor(verifier)], options=options)
    for register, servicer in servicers:
        register(servicer, server)
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    server.add_insecure_port(f"{host}:{port}")
    return server, health_servicer


async def mark_serving(health_servicer: health.aio.HealthServicer) -> None:
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)


class TokenSource(Protocol):
    async def token(self) -> str: ...


class ServiceTokenProvider:
    """This service's access token from the client-credentials grant, renewed before expiry.
    An issuer that refuses it or cannot be reached is Unavailable: the person whose request
    needed the call can do nothing about this service's credentials."""

    def __init__(
        self, http: httpx.AsyncClient, token_url: str, client_id: str, client_secret: str
    ) -> None:
        self._http = http
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._token = ""
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        if time.monotonic() < self._expires_at - 30:
            return self._token
        async with self._lock:
            if time.monotonic() >= self._expires_at - 30:
                await self._fetch()
        return self._token

    async def _fetch(self) -> None:
        try:
            response = await self._http.post(
                self._token_url,
                data={"grant_type": "client_credentials"},
                auth=(self._client_id, self._client_secret),
                timeout=10,
            )
        except httpx.HTTPError as exc:
            log.warning("service_token_unavailable", error=type(exc).__name__)
            raise Unavailable("The token issuer did not answer.") from exc
        if response.status_code != 200:
            log.error("service_token_refused", status=response.status_code)
            raise Unavailable("The token issuer refused this service's credentials.")
        body = response.json()
        self._token = body["access_token"]
        self._expires_at = time.monotonic() + float(body.get("expires_in", 60))


class _CallDefaults(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    """Adds the service token and a deadline to every unary call."""

    def __init__(self, tokens: TokenSource, deadline_seconds: float) -> None:
        self._tokens = tokens
        self._deadline = deadline_seconds

    async def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: grpc.aio.ClientCallDetails, request: Any
    ) -> Any:
        metadata = list(details.metadata or [])
        metadata.append(("authorization", f"Bearer {await self._tokens.token()}"))
        details = grpc.aio.ClientCallDetails(
            method=details.method,
            timeout=details.timeout if details.timeout is not None else self._deadline,
            metadata=grpc.aio.Metadata(*metadata),
            credentials=details.credentials,
            wait_for_ready=details.wait_for_ready,
        )
        return await continuation(details, request)


def create_channel(target: str, tokens: TokenSource, deadline_seconds: float) -> grpc.aio.Channel:
    """A channel to a peer; every call on it carries this service's token and a deadline."""
    return grpc.aio.insecure_channel(
        target,
        interceptors=[_CallDefaults(tokens, deadline_seconds), *aio_client_interceptors()],  # type: ignore[no-untyped-call]
    )


Request = TypeVar("Request", bound=Message)
Response = TypeVar("Response", bound=Message)

# The peer refused what was asked: its detail (written for clients, as a Problem's detail)
# goes on to the caller's client.
_REFUSALS: dict[grpc.StatusCode, type[Problem]] = {
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidInput,
    grpc.StatusCode.ALREADY_EXISTS: Conflict,
    grpc.StatusCode.FAILED_PRECONDITION: Conflict,
}
# The peer refused this service itself: its token or its right to call. That is the
# platform's fault, not the person's; a 401 or 403 would tell them to sign in again or that
# they may not, so it is an unavailable dependency, logged as an error for the operators.
_CALLER_REFUSED = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)


async def call(
    method: Callable[[Request], Awaitable[Response]],
    request: Request,
    *,
    not_found: Problem | Response | None = None,
    field: str | None = None,
) -> Response:
    """Ask a peer service: `method` is a stub's method on a channel of `create_channel`
    (`ScheduleServiceStub(runtime.channels["schedule"]).GetLesson`), which adds the token
    and the deadline. What the peer answers instead of a response becomes a Problem:

    - NOT_FOUND: `not_found` raised when it is a Problem (say which thing, or an InvalidInput
      naming the field that referred to it); returned when it is a response (NOT_FOUND is an
      answer: "a class schedule does not know has no members"); else NotFound.
    - INVALID_ARGUMENT: InvalidInput naming `field`; ALREADY_EXISTS, FAILED_PRECONDITION:
      Conflict. These carry the peer's detail.
    - anything else (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED, PERMISSION_DENIED...):
      Unavailable, naming the peer.
    """
    peer = _peer_of(request)
    try:
        return await method(request)
    except grpc.aio.AioRpcError as exc:
        code = exc.code()
        if code == grpc.StatusCode.NOT_FOUND and not_found is not None:
            if isinstance(not_found, Problem):
                raise not_found from None
            return not_found
        refusal = _REFUSALS.get(code)
        if refusal is not None:
            detail = exc.details() or f"The {peer} service refused the request."
            raise refusal(detail, field=field if refusal is InvalidInput else None) from None
        _log_failure(peer, request, code)
        if code == grpc.StatusCode.DEADLINE_EXCEEDED:
            raise Unavailable(f"The {peer} service did not answer in time.") from exc
        raise Unavailable(f"The {peer} service did not answer.") from exc


def _peer_of(request: Message) -> str:
    """The peer's name from the request's package: "schedule" of okrug.schedule.v1."""
    package = request.DESCRIPTOR.full_name.split(".")
    return package[1] if len(package) > 2 else package[0]


def _log_failure(peer: str, request: Message, code: grpc.StatusCode) -> None:
    fields = {"peer": peer, "request": request.DESCRIPTOR.name, "code": code.name}
    if code in _CALLER_REFUSED:
        log.error("rpc_caller_refused", **fields)
    else:
        log.warning("rpc_failed", **fields)
