"""Keycloak adapter: schools are Organizations (alias = school id), people are users.

Talks to the Keycloak admin REST API with the client credentials of the
``okrug-identity`` service account (realm-management roles manage-users and
manage-realm; see deploy/keycloak/README.md). The Keycloak user id is the person id.

District roles are realm roles. A school role is membership of the group
``/schools/<school id>/<role>``, created with the school's Organization; the groups of the
roles that sign in with TOTP carry the realm role ``totp-required`` (I5, R4).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from keycloak import KeycloakAdmin, KeycloakOpenIDConnection
from keycloak.exceptions import (
    KeycloakAuthenticationError,
    KeycloakConnectionError,
    KeycloakError,
)

from okrug_common.roles import (
    REALM_ROLES,
    SCHOOL_ROLES,
    SCHOOLS_GROUP,
    roles_by_school,
    school_group_of,
    school_role_group,
)
from okrug_identity.accounts.directory import TOTP_REQUIRED, TOTP_ROLES, AccountInfo, SignInEvent

EVENTS_PAGE = 500

HTTP_BAD_REQUEST = 400
HTTP_UNAUTHORIZED = 401
HTTP_FORBIDDEN = 403
HTTP_NOT_FOUND = 404
HTTP_CONFLICT = 409
HTTP_SERVER_ERROR = 500


class DirectoryError(Exception):
    """A directory (Keycloak) operation failed."""


class DirectoryUnavailable(DirectoryError):
    """Keycloak is unreachable, failing, or refuses the service account."""


class AccountExists(DirectoryError):
    """The username is taken."""


class AccountNotFound(DirectoryError):
    """No user with this id."""


class AccountRejected(DirectoryError):
    """Keycloak refused the account data (user-profile validation)."""


class PasswordRejected(AccountRejected):
    """The password violates the realm password policy."""


class SchoolNotFound(DirectoryError):
    """No Organization has the school id as its alias."""


class SchoolNameTaken(DirectoryError):
    """Another Organization already has this name (names are unique in a realm)."""


class UnknownRole(DirectoryError):
    """No such role: a district role given at a school, a school role given without one, or
    a name the realm does not know."""


_SCHOOL_ROLE_NAMES = frozenset(r.value for r in SCHOOL_ROLES)
_REALM_ROLE_NAMES = frozenset(r.value for r in REALM_ROLES)


def _require_school_roles(roles: Sequence[str]) -> list[str]:
    unknown = sorted(set(roles) - _SCHOOL_ROLE_NAMES)
    if unknown:
        raise UnknownRole(", ".join(unknown))
    return list(dict.fromkeys(roles))


def _body(exc: KeycloakError) -> str:
    """Keycloak's error text from an exception ("errorMessage", "error_description", ...)."""
    raw = exc.response_body or b""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace") or str(exc.error_message)
    if isinstance(data, dict):
        for key in ("errorMessage", "error_description", "error", "message"):
            if data.get(key):
                return str(data[key])
    return str(data)


def _failure(action: str, exc: KeycloakError) -> DirectoryError:
    """Map an unexpected python-keycloak error to ours."""
    code = exc.response_code
    if isinstance(exc, KeycloakConnectionError):
        return DirectoryUnavailable(f"{action}: Keycloak unreachable ({exc.__cause__!r})")
    if isinstance(exc, KeycloakAuthenticationError) or code in (HTTP_UNAUTHORIZED, HTTP_FORBIDDEN):
        return DirectoryUnavailable(f"{action}: service account refused ({code}: {_body(exc)})")
    if code is None or code >= HTTP_SERVER_ERROR:
        return DirectoryUnavailable(f"{action}: Keycloak error ({code}: {_body(exc)})")
    return DirectoryError(f"{action}: {code}: {_body(exc)}")


class KeycloakDirectory:
    """Schools, accounts and role mappings in one Keycloak realm."""

    def __init__(
        self,
        server_url: str,
        realm: str,
        client_id: str,
        client_secret: str,
        *,
        timeout: int = 10,
    ) -> None:
        self._connection = KeycloakOpenIDConnection(
            server_url=server_url.rstrip("/") + "/",
            realm_name=realm,
            client_id=client_id,
            client_secret_key=client_secret,
            grant_type="client_credentials",
            timeout=timeout,
        )
        self._admin = KeycloakAdmin(connection=self._connection)
        self._org_ids: dict[str, str] = {}  # alias (school id) -> organization id
        self._roles: dict[str, dict[str, Any]] = {}  # role name -> {"id", "name"}
        self._groups: dict[str, str] = {}  # group path -> group id
        self._totp_groups: set[str] = set()  # paths of groups known to carry totp-required

    async def _authenticate(self) -> None:
        """Get the service-account token before the first call (not via a 401 round trip)."""
        if self._connection.token is None:
            try:
                await self._connection.a_get_token()
            except KeycloakError as exc:
                raise _failure("service-account token", exc) from exc

    async def _find_org(self, alias: str) -> str | None:
        """Organization id by alias (exact match via `q=alias:<alias>`), cached."""
        if alias in self._org_ids:
            return self._org_ids[alias]
        await self._authenticate()
        try:
            found = await self._admin.a_get_organizations(query={"q": f"alias:{alias}"})
        except KeycloakError as exc:
            raise _failure("find organization", exc) from exc
        for org in found:
            if org.get("alias") == alias:
                self._org_ids[alias] = str(org["id"])
                return self._org_ids[alias]
        return None

    async def _org_id(self, school_id: UUID) -> str:
        org_id = await self._find_org(str(school_id))
        if org_id is None:
            raise SchoolNotFound(str(school_id))
        return org_id

    async def _role_reps(self, roles: Sequence[str]) -> list[dict[str, Any]]:
        """Role representations (id + name) for realm role names, cached."""
        await self._authenticate()
        reps = []
        for name in dict.fromkeys(roles):
            if name not in self._roles:
                try:
                    role = await self._admin.a_get_realm_role(name)
                except KeycloakError as exc:
                    if exc.response_code == HTTP_NOT_FOUND:
                        raise UnknownRole(name) from exc
                    raise _failure("get realm role", exc) from exc
                self._roles[name] = {"id": role["id"], "name": role["name"]}
            reps.append(self._roles[name])
        return reps

    async def create_school(self, school_id: UUID, name: str) -> str:
        """Create the school's Organization (alias = school id) and its role groups;
        idempotent; returns the Organization's id."""
        org_id = await self._create_organization(school_id, name)
        for role in sorted(_SCHOOL_ROLE_NAMES):
            await self._role_group(school_id, role)
        return org_id

    async def _create_organization(self, school_id: UUID, name: str) -> str:
        alias = str(school_id)
        existing = await self._find_org(alias)
        if existing is not None:
            return existing
        try:
            org_id = await self._admin.a_create_organization({"name": name, "alias": alias})
        except KeycloakError as exc:
            if exc.response_code == HTTP_CONFLICT:
                existing = await self._find_org(alias)  # created concurrently
                if existing is not None:
                    return existing
                raise SchoolNameTaken(name) from exc
            raise _failure("create organization", exc) from exc
        if org_id is None:
            return await self._org_id(school_id)
        self._org_ids[alias] = org_id
        return org_id

    async def _find_group(self, path: str) -> str | None:
        """A group's id by its full path, cached."""
        if path in self._groups:
            return self._groups[path]
        await self._authenticate()
        try:
            # group-by-path takes the path without its leading slash as well.
            group = await self._admin.a_get_group_by_path(path.lstrip("/"))
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                return None
            raise _failure("find group", exc) from exc
        self._groups[path] = str(group["id"])
        return self._groups[path]

    async def _ensure_group(self, path: str, parent_id: str | None) -> str:
        """The group at `path`, created under `parent_id` if missing."""
        found = await self._find_group(path)
        if found is not None:
            return found
        name = path.rsplit("/", 1)[1]
        try:
            group_id = await self._admin.a_create_group({"name": name}, parent=parent_id)
        except KeycloakError as exc:
            if exc.response_code != HTTP_CONFLICT:
                raise _failure("create group", exc) from exc
            group_id = None  # created concurrently
        if group_id is None:
            found = await self._find_group(path)
            if found is None:
                raise DirectoryError(f"group {path} was neither created nor found")
            return found
        self._groups[path] = group_id
        return group_id

    async def _role_group(self, school_id: UUID, role: str) -> str:
        """The id of the group `/schools/<school id>/<role>`, made (with its parents) if
        missing; a TOTP role's group carries the realm role totp-required (mapped once per
        process whoever made the group: mapping a role again changes nothing)."""
        path = school_role_group(school_id, role)
        group_id = self._groups.get(path)
        if group_id is None:
            root = await self._ensure_group(f"/{SCHOOLS_GROUP}", None)
            school = await self._ensure_group(school_group_of(school_id), root)
            group_id = await self._ensure_group(path, school)
        if role in TOTP_ROLES and path not in self._totp_groups:
            try:
                await self._admin.a_assign_group_realm_roles(
                    group_id, await self._role_reps([TOTP_REQUIRED])
                )
            except KeycloakError as exc:
                raise _failure("map totp-required to group", exc) from exc
            self._totp_groups.add(path)
        return group_id

    async def create_account(
        self,
        *,
        username: str,
        first_name: str,
        last_name: str,
        email: str | None,
        password: str,
        temporary_password: bool,
        roles: Sequence[str],
        school_id: UUID | None,
        required_actions: Sequence[str] = (),
    ) -> UUID:
        """Create an enabled user with a password, a member of the school's Organization
        and of its role groups; ``school_id=None`` makes a district account holding the
        realm roles ``roles``. ``required_actions`` (e.g. CONFIGURE_TOTP) must be completed
        at the first sign-in.
        """
        org_id = None if school_id is None else await self._org_id(school_id)
        if school_id is None:
            unknown = sorted(set(roles) - _REALM_ROLE_NAMES)
            if unknown:
                raise UnknownRole(", ".join(unknown))
            role_reps, group_ids = await self._role_reps(roles), []
        else:
            role_reps = []
            group_ids = [await self._role_group(school_id, r) for r in _require_school_roles(roles)]
        payload: dict[str, Any] = {
            "username": username,
            "firstName": first_name,
            "lastName": last_name,
            "enabled": True,
            "credentials": [
                {"type": "password", "value": password, "temporary": temporary_password}
            ],
        }
        if email:
            payload["email"] = email
        if required_actions:
            payload["requiredActions"] = list(dict.fromkeys(required_actions))
        try:
            user_id = await self._admin.a_create_user(payload)
        except KeycloakError as exc:
            if exc.response_code == HTTP_CONFLICT:
                raise AccountExists(username) from exc
            if exc.response_code == HTTP_BAD_REQUEST:
                reason = _body(exc)
                if "password" in reason.lower():
                    raise PasswordRejected(reason) from exc
                raise AccountRejected(reason) from exc
            raise _failure("create user", exc) from exc
        try:
            if role_reps:
                await self._admin.a_assign_realm_roles(user_id, role_reps)
            if org_id is not None:
                await self._admin.a_organization_user_add(user_id, org_id)
            for group_id in group_ids:
                await self._admin.a_group_user_add(user_id, group_id)
        except KeycloakError as exc:
            with contextlib.suppress(KeycloakError):  # undo the half-created account
                await self._admin.a_delete_user(user_id)
            if school_id is not None:
                self._forget_org_if_gone(school_id, exc)
            raise _failure("set up user", exc) from exc
        return UUID(user_id)

    def _forget_org_if_gone(self, school_id: UUID, exc: KeycloakError) -> None:
        """Drop a cached organization id that Keycloak no longer knows; raise SchoolNotFound."""
        if exc.response_code == HTTP_NOT_FOUND and "organization" in _body(exc).lower():
            self._org_ids.pop(str(school_id), None)
            raise SchoolNotFound(str(school_id)) from exc

    async def add_to_school(self, user_id: UUID, school_id: UUID) -> None:
        """Make the user a member of another school's Organization (idempotent)."""
        org_id = await self._org_id(school_id)
        try:
            await self._admin.a_organization_user_add(str(user_id), org_id)
        except KeycloakError as exc:
            if exc.response_code == HTTP_CONFLICT:
                return  # already a member
            self._forget_org_if_gone(school_id, exc)
            if exc.response_code in (HTTP_NOT_FOUND, HTTP_BAD_REQUEST):
                raise AccountNotFound(str(user_id)) from exc
            raise _failure("add organization member", exc) from exc

    async def grant_school_roles(
        self, user_id: UUID, school_id: UUID, roles: Sequence[str]
    ) -> None:
        """Add the user to the school's role groups (roles held are kept)."""
        for role in _require_school_roles(roles):
            group_id = await self._role_group(school_id, role)
            try:
                await self._admin.a_group_user_add(str(user_id), group_id)
            except KeycloakError as exc:
                if exc.response_code == HTTP_NOT_FOUND:
                    raise AccountNotFound(str(user_id)) from exc
                raise _failure("add group member", exc) from exc

    async def revoke_school_roles(
        self, user_id: UUID, school_id: UUID, roles: Sequence[str]
    ) -> None:
        """Take the user out of the school's role groups (a group it is not in is fine)."""
        for role in _require_school_roles(roles):
            group_id = await self._find_group(school_role_group(school_id, role))
            if group_id is not None:
                await self._leave_group(user_id, group_id)

    async def _leave_group(self, user_id: UUID, group_id: str) -> None:
        await self._authenticate()
        try:
            await self._admin.a_group_user_remove(str(user_id), group_id)
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                raise AccountNotFound(str(user_id)) from exc
            raise _failure("remove group member", exc) from exc

    async def _user_group_paths(self, user_id: UUID) -> dict[str, str]:
        """The user's groups: full path -> id."""
        await self._authenticate()
        try:
            groups = await self._admin.a_get_user_groups(str(user_id))
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                raise AccountNotFound(str(user_id)) from exc
            raise _failure("read user groups", exc) from exc
        return {str(g["path"]): str(g["id"]) for g in groups if g.get("path") and g.get("id")}

    async def remove_from_school(self, user_id: UUID, school_id: UUID) -> None:
        """Leave every role group of the school, then the school's Organization."""
        prefix = school_group_of(school_id) + "/"
        for path, group_id in (await self._user_group_paths(user_id)).items():
            if path.startswith(prefix):
                await self._leave_group(user_id, group_id)
        org_id = await self._org_id(school_id)
        try:
            await self._admin.a_organization_user_remove(str(user_id), org_id)
        except KeycloakError as exc:
            if exc.response_code != HTTP_NOT_FOUND:  # not a member (any more)
                raise _failure("remove organization member", exc) from exc

    async def school_roles(self, user_id: UUID) -> dict[UUID, frozenset[str]]:
        by_school = roles_by_school(list(await self._user_group_paths(user_id)))
        return {school: frozenset(r.value for r in roles) for school, roles in by_school.items()}

    async def end_sessions(self, user_id: UUID) -> None:
        """Admin logout: every session of the user ends, so its refresh tokens are refused."""
        await self._authenticate()
        try:
            await self._admin.a_user_logout(str(user_id))
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                raise AccountNotFound(str(user_id)) from exc
            raise _failure("end sessions", exc) from exc

    async def delete_account(self, user_id: UUID) -> None:
        """Delete the user (idempotent: an unknown id is not an error)."""
        await self._authenticate()
        try:
            await self._admin.a_delete_user(str(user_id))
        except KeycloakError as exc:
            if exc.response_code != HTTP_NOT_FOUND:
                raise _failure("delete user", exc) from exc

    async def find_account(self, username: str) -> AccountInfo | None:
        """The account with this login (exact, case-insensitive), if any."""
        await self._authenticate()
        try:
            found = await self._admin.a_get_users(
                query={"username": username, "exact": "true", "briefRepresentation": "true"}
            )
        except KeycloakError as exc:
            raise _failure("find user", exc) from exc
        for user in found:
            if str(user.get("username", "")).lower() == username.lower():
                return AccountInfo(
                    user_id=UUID(user["id"]),
                    username=user["username"],
                    first_name=user.get("firstName") or "",
                    last_name=user.get("lastName") or "",
                )
        return None

    async def set_one_time_password(self, user_id: UUID, password: str) -> None:
        """Replace the password by a temporary one (UPDATE_PASSWORD at the next sign-in)."""
        await self._authenticate()
        try:
            await self._admin.a_set_user_password(str(user_id), password, temporary=True)
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                raise AccountNotFound(str(user_id)) from exc
            if exc.response_code == HTTP_BAD_REQUEST:
                raise PasswordRejected(_body(exc)) from exc
            raise _failure("set password", exc) from exc

    async def require_actions(self, user_id: UUID, actions: Sequence[str]) -> None:
        """Add required actions to the user's (existing ones are kept)."""
        await self._authenticate()
        try:
            user = await self._admin.a_get_user(str(user_id))
            wanted = list(dict.fromkeys([*user.get("requiredActions", []), *actions]))
            if wanted != user.get("requiredActions", []):
                await self._admin.a_update_user(str(user_id), {"requiredActions": wanted})
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                raise AccountNotFound(str(user_id)) from exc
            raise _failure("set required actions", exc) from exc

    async def required_actions(self, user_id: UUID) -> list[str]:
        await self._authenticate()
        try:
            user = await self._admin.a_get_user(str(user_id))
        except KeycloakError as exc:
            if exc.response_code == HTTP_NOT_FOUND:
                raise AccountNotFound(str(user_id)) from exc
            raise _failure("get user", exc) from exc
        return list(user.get("requiredActions", []))

    async def awaits_first_sign_in(self, user_id: UUID) -> bool:
        return "UPDATE_PASSWORD" in await self.required_actions(user_id)

    async def sign_in_events(self, since: datetime, until: datetime) -> list[SignInEvent]:
        """Successful sign-ins (LOGIN events) between `since` and `until` (the realm keeps
        them for eventsExpiration; needs realm-management view-events)."""
        await self._authenticate()
        start, end = int(since.timestamp() * 1000), int(until.timestamp() * 1000)
        events: list[SignInEvent] = []
        first = 0
        while True:
            try:
                page = await self._admin.a_get_events(
                    query={
                        "type": "LOGIN",
                        "dateFrom": str(start),
                        "dateTo": str(end),
                        "first": first,
                        "max": EVENTS_PAGE,
                    }
                )
            except KeycloakError as exc:
                raise _failure("read events", exc) from exc
            for event in page:
                parsed = _sign_in(event, start, end)
                if parsed is not None:
                    events.append(parsed)
            if len(page) < EVENTS_PAGE:
                return events
            first += EVENTS_PAGE

    async def close(self) -> None:
        """Close the HTTP clients."""
        await self._connection.aclose()
        openid = getattr(self._connection, "_keycloak_openid", None)
        if openid is not None:
            await openid.connection.aclose()


def _sign_in(event: dict[str, Any], start_ms: int, end_ms: int) -> SignInEvent | None:
    """A LOGIN event as a sign-in; None for events of service accounts or out of range."""
    user_id, at = event.get("userId"), event.get("time")
    if not user_id or not isinstance(at, int) or not start_ms <= at < end_ms:
        return None
    details = event.get("details") or {}
    school: UUID | None = None
    for scope in str(details.get("scope", "")).split():
        if scope.startswith("organization:"):
            with contextlib.suppress(ValueError):
                school = UUID(scope.removeprefix("organization:"))
    event_id = event.get("id") or f"{user_id}:{at}:{event.get('sessionId', '')}"
    return SignInEvent(
        event_id=str(event_id),
        user_id=UUID(user_id),
        at=datetime.fromtimestamp(at / 1000, UTC),
        client_id=event.get("clientId"),
        school_id=school,
    )
