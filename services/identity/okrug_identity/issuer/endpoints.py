"""OpenID endpoints of the local issuer: discovery, JWKS and the token endpoint (password
and client-credentials grants). Mounted only when ISSUER_MODE=local."""

import base64
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse

from okrug_common.errors import NotFound
from okrug_common.http import CONTROL_CHARACTERS, RuntimeDep
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_identity.accounts.local import LocalDirectory, SignInRefused
from okrug_identity.issuer import tokens
from okrug_identity.settings import IdentitySettings

ISSUER_STATE = "local_issuer"

router = APIRouter(prefix="/oidc", tags=["local issuer"])


def _issuer(runtime: Runtime) -> tokens.Issuer:
    """The local issuer; absent (404) when Keycloak issues the tokens."""
    issuer: tokens.Issuer | None = runtime.state.get(ISSUER_STATE)
    if issuer is None:
        raise NotFound("This deployment's tokens are issued by Keycloak.")
    return issuer


def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


@router.get("/.well-known/openid-configuration")
async def discovery(runtime: RuntimeDep) -> dict[str, Any]:
    base = _issuer(runtime).url
    return {
        "issuer": base,
        "jwks_uri": f"{base}/jwks",
        "token_endpoint": f"{base}/token",
        "grant_types_supported": ["password", "client_credentials"],
        "id_token_signing_alg_values_supported": ["RS256"],
    }


@router.get("/jwks")
async def jwks(runtime: RuntimeDep) -> dict[str, Any]:
    return {"keys": [_issuer(runtime).key.public_jwk]}


@router.post("/token")
async def token(
    request: Request,
    runtime: RuntimeDep,
    grant_type: Annotated[str, Form()],
    client_id: Annotated[str | None, Form()] = None,
    client_secret: Annotated[str | None, Form()] = None,
    username: Annotated[str | None, Form()] = None,
    password: Annotated[str | None, Form()] = None,
    scope: Annotated[str, Form()] = "",
) -> JSONResponse:
    settings = runtime.settings
    assert isinstance(settings, IdentitySettings)
    form = (grant_type, client_id, client_secret, username, password, scope)
    if any(CONTROL_CHARACTERS.search(value) for value in form if value):
        # The form is not JSON, so the app-wide refusal does not see it; a NUL would reach
        # PostgreSQL with the username and come back as a 503.
        return _oauth_error(400, "invalid_request", "A control character is not allowed.")
    client_id, client_secret = _client_credentials(request, client_id, client_secret)
    issuer = _issuer(runtime)
    if grant_type == "client_credentials":
        expected = settings.local_clients.get(client_id or "")
        if expected is None or not hmac.compare_digest(
            expected.get_secret_value(), client_secret or ""
        ):
            return _oauth_error(401, "unauthorized_client", "Invalid client credentials")
        body = tokens.issue(
            issuer,
            subject=f"service-account-{client_id}",
            client_id=client_id or "",
            roles=[Role.SERVICE.value],
            schools=[],
        )
        return JSONResponse(body)
    if grant_type == "password":
        if not username or not password:
            return _oauth_error(400, "invalid_request", "username and password are required")
        directory: LocalDirectory = runtime.state["directory"]
        try:
            account = await directory.authenticate(username, password)
        except SignInRefused as refused:
            return _oauth_error(401, "invalid_grant", refused.reason)
        schools = tokens.chosen_schools(scope, account.school_ids)
        body = tokens.issue(
            issuer,
            subject=str(account.person_id),
            client_id=client_id or "okrug-web",
            roles=account.roles,
            groups=account.groups,
            schools=schools,
        )
        # A sign-in that chose no school counts at each of the account's schools, as
        # Keycloak's LOGIN events without a school do (activity/service.py).
        await directory.record_sign_in(
            account.person_id, client_id or "okrug-web", schools or account.school_ids
        )
        return JSONResponse(body)
    return _oauth_error(400, "unsupported_grant_type", f"grant_type {grant_type} is not supported")


def _client_credentials(
    request: Request, client_id: str | None, secret: str | None
) -> tuple[str | None, str | None]:
    """Client credentials from HTTP Basic auth, or from the form."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except ValueError:
            return client_id, secret
        basic_id, _, basic_secret = decoded.partition(":")
        return basic_id, basic_secret
    return client_id, secret
