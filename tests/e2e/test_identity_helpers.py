"""Helpers of the identity tests (issue 3): people created through identity's REST API, the
class-teacher projection, a browser sign-in through Keycloak's login pages, TOTP codes."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import html
import re
import secrets
import struct
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import httpx
from pydantic import SecretStr

from okrug.schedule.v1 import schedule_pb2
from okrug_common.db import create_engine, create_sessionmaker, tenant_transaction
from okrug_common.event_catalog import ScheduleEvents
from okrug_common.outbox import event_context
from okrug_identity.classes import service as classes
from okrug_local import postgres
from okrug_local.platform import Platform
from tests.instance import TEST_INSTANCE
from tests.support import PASSWORD, Account, School, expect, play_events, unique

WEB_CLIENT = "okrug-web"
REDIRECT_URI = "http://127.0.0.1/callback"


def eventually(check: Callable[[], Any], *, timeout: float = 30.0, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def new_person(
    platform: Platform,
    admin: Account,
    kind: str,
    last: str,
    first: str,
    roles: list[str] | None = None,
    *,
    password: str | None = PASSWORD,
) -> dict[str, Any]:
    """A person created by the school admin (with `password=None`: a one-time password)."""
    body: dict[str, Any] = {
        "kind": kind,
        "last_name": last,
        "first_name": first,
        "username": unique(f"{kind}."),
    }
    if roles:
        body["roles"] = roles
    if password is not None:
        body["password"] = password
    created: dict[str, Any] = expect(
        httpx.post(f"{platform.url('identity')}/persons", json=body, headers=admin.headers), 201
    )
    return created


def account(platform: Platform, created: dict[str, Any]) -> Account:
    return Account(created["username"], created["id"], created["school_id"], platform)


def link_guardian(platform: Platform, admin: Account, parent_id: str, student_id: str) -> None:
    expect(
        httpx.post(
            f"{platform.url('identity')}/guardians",
            json={"guardian_id": parent_id, "student_id": student_id},
            headers=admin.headers,
        ),
        201,
    )


def new_class(platform: Platform, school: School, students: list[str], grade: int = 7) -> str:
    schedule = platform.url("schedule")
    created = expect(
        httpx.post(
            f"{schedule}/classes",
            json={"grade": grade, "letter": "В"},
            headers=school.admin.headers,
        ),
        201,
    )
    for student in students:
        expect(
            httpx.post(
                f"{schedule}/classes/{created['id']}/members",
                json={"student_id": student},
                headers=school.admin.headers,
            ),
            201,
        )
    return str(created["id"])


def play_class_teacher_assigned(school_id: str, class_id: str, teacher_id: str) -> None:
    """Plays schedule's okrug.schedule.class.teacher_assigned (not yet published by schedule,
    issue 4): applies it through identity's own handler code to identity's projection, as the
    consumer will, with the app role (row-level security on)."""

    async def apply() -> None:
        url = postgres.database_urls(TEST_INSTANCE, "identity")["app"]
        engine = create_engine(SecretStr(url), pool_size=1, max_overflow=0)
        try:
            sessions = create_sessionmaker(engine)
            async with tenant_transaction(sessions, UUID(school_id)) as session:
                await classes.set_class_teacher(
                    session, UUID(school_id), UUID(class_id), UUID(teacher_id)
                )
        finally:
            await engine.dispose()

    asyncio.run(apply())


def token_response(
    platform: Platform,
    username: str,
    password: str,
    *,
    school: str | None = None,
    totp: str | None = None,
    client_id: str = WEB_CLIENT,
) -> httpx.Response:
    data = {
        "grant_type": "password",
        "client_id": client_id,
        "username": username,
        "password": password,
    }
    if school:
        data["scope"] = f"organization:{school}"
    if totp:
        data["totp"] = totp
    return httpx.post(platform.issuer.token_url, data=data, timeout=30)


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (HmacSHA1, 6 digits, 30 s) for Keycloak's raw `totpSecret`."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(secret.encode(), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


@dataclass
class LoginPage:
    """One page of Keycloak's login UI: its form's action and fields."""

    status: int
    url: str
    text: str
    location: str | None

    @property
    def action(self) -> str:
        match = re.search(r'<form[^>]*action="([^"]+)"', self.text)
        assert match, f"no form on the page {self.url}: {self.text[:500]}"
        return html.unescape(match.group(1))

    def fields(self) -> set[str]:
        return set(re.findall(r'<input[^>]*name="([^"]+)"', self.text))

    def hidden(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for tag in re.findall(r"<input[^>]*>", self.text):
            if 'type="hidden"' not in tag:
                continue
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                found[name.group(1)] = html.unescape(value.group(1)) if value else ""
        return found


@dataclass
class BrowserSignIn:
    """Authorization code + PKCE through Keycloak's own pages, as a person in a browser
    would (cookies kept by hand: Keycloak marks them Secure, and this is plain http)."""

    platform: Platform
    scope: str = "openid"
    cookies: dict[str, str] = field(default_factory=dict)
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    def _keep(self, response: httpx.Response) -> LoginPage:
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        return LoginPage(
            response.status_code, str(response.url), response.text, response.headers.get("location")
        )

    def _headers(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def get(self, url: str, **params: str) -> LoginPage:
        # An empty `params` would replace the query of a redirect URL: pass it only if given.
        extra: dict[str, Any] = {"params": params} if params else {}
        return self._keep(httpx.get(url, headers=self._headers(), timeout=30, **extra))

    def post(self, url: str, data: dict[str, str]) -> LoginPage:
        return self._keep(httpx.post(url, data=data, headers=self._headers(), timeout=30))

    def start(self) -> LoginPage:
        challenge = (
            base64.urlsafe_b64encode(hashlib.sha256(self.verifier.encode()).digest())
            .rstrip(b"=")
            .decode()
        )
        auth = self.platform.issuer.url + "/protocol/openid-connect/auth"
        page = self.get(
            auth,
            client_id=WEB_CLIENT,
            response_type="code",
            redirect_uri=REDIRECT_URI,
            scope=self.scope,
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        assert page.status == 200, page.text[:500]
        return page

    def sign_in(self, username: str, password: str) -> LoginPage:
        """The login pages: with organizations on, Keycloak asks for the username first
        (identity-first login), then for the password."""
        page = self.start()
        if "password" in page.fields():
            return self.submit(page, {"username": username, "password": password})
        page = self.submit(page, {"username": username})
        assert "password" in page.fields(), page.text[:500]
        return self.submit(page, {"password": password})

    def submit(self, page: LoginPage, data: dict[str, str]) -> LoginPage:
        """Post the page's form and follow Keycloak's own redirects to the next page (or to
        the client's redirect URI, which is returned as is)."""
        answer = self.post(page.action, {**page.hidden(), **data})
        while answer.location and not answer.location.startswith(REDIRECT_URI):
            answer = self.get(answer.location)
        return answer

    def exchange(self, final: LoginPage) -> dict[str, Any]:
        assert final.location, final.text[:500]
        assert final.location.startswith(REDIRECT_URI), final.location
        query = urllib.parse.parse_qs(urllib.parse.urlparse(final.location).query)
        response = httpx.post(
            self.platform.issuer.url + "/protocol/openid-connect/token",
            data={
                "grant_type": "authorization_code",
                "client_id": WEB_CLIENT,
                "code": query["code"][0],
                "redirect_uri": REDIRECT_URI,
                "code_verifier": self.verifier,
            },
            timeout=30,
        )
        body: dict[str, Any] = expect(response, 200)
        return body


def claims(token: str) -> dict[str, Any]:
    import jwt

    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def identity_admin_token(platform: Platform) -> str:
    """The identity service account's token (Keycloak admin API: users, events)."""
    from okrug_local import services

    response = httpx.post(
        platform.issuer.token_url,
        data={"grant_type": "client_credentials"},
        auth=("okrug-identity", services.client_secret("identity")),
        timeout=30,
    )
    return str(expect(response, 200)["access_token"])


def keycloak_user(platform: Platform, user_id: str) -> dict[str, Any]:
    from okrug_local import services

    response = httpx.get(
        f"{platform.instance.keycloak_url}/admin/realms/{services.REALM}/users/{user_id}",
        headers={"Authorization": f"Bearer {identity_admin_token(platform)}"},
        timeout=30,
    )
    user: dict[str, Any] = expect(response, 200)
    return user


def play_class_members_added(
    platform: Platform, school_id: str, class_id: str, student_ids: list[str]
) -> None:
    """Plays schedule's okrug.schedule.class.member_added on NATS (the real stream, the real
    consumer of identity): the identity tests do not depend on schedule's REST API, which
    another issue is reshaping."""
    members = [
        schedule_pb2.ClassMemberAdded(
            class_id=class_id,
            student_id=student_id,
            context=event_context(UUID(school_id), None),
        )
        for student_id in student_ids
    ]
    play_events(platform, ScheduleEvents.CLASS_MEMBER_ADDED, school_id, *members)


@dataclass
class Town:
    first: School
    second: School


def _town_school(platform: Platform, district: Any, name: str) -> School:
    import uuid

    identity = platform.url("identity")
    school = expect(
        httpx.post(f"{identity}/schools", json={"name": name}, headers=district.admin.headers), 201
    )
    admin_name = unique("admin.")
    admin = expect(
        httpx.post(
            f"{identity}/schools/{school['id']}/administrators",
            json={
                "kind": "staff",
                "last_name": "Администраторова",
                "first_name": "Анна",
                "roles": ["school-admin"],
                "username": admin_name,
                "password": PASSWORD,
            },
            headers=district.admin.headers,
        ),
        201,
    )
    admin_account = Account(admin_name, admin["id"], school["id"], platform)

    def make(kind: str, last: str, first: str, roles: list[str] | None = None) -> Account:
        return account(platform, new_person(platform, admin_account, kind, last, first, roles))

    teacher = make("staff", "Иванов", "Пётр", ["teacher"])
    other_teacher = make("staff", "Сидорова", "Ольга", ["teacher", "class-teacher"])
    student = make("student", "Смирнова", "Мария")
    other_student = make("student", "Кузнецов", "Илья")
    parent = make("parent", "Смирнов", "Алексей")
    other_parent = make("parent", "Кузнецова", "Елена")
    link_guardian(platform, admin_account, parent.id, student.id)
    link_guardian(platform, admin_account, other_parent.id, other_student.id)
    class_id = str(uuid.uuid4())
    play_class_members_added(platform, school["id"], class_id, [student.id, other_student.id])
    play_class_teacher_assigned(school["id"], class_id, other_teacher.id)
    return School(
        school["id"],
        admin_account,
        teacher,
        other_teacher,
        student,
        other_student,
        parent,
        other_parent,
        class_id,
        "",
        "",
    )


def build_town(platform: Platform, district: Any) -> Town:
    """Two schools built through identity alone (the class of each known to identity from
    schedule's events, played here)."""
    return Town(
        _town_school(platform, district, unique("МБОУ СОШ № 1 ")),
        _town_school(platform, district, unique("МБОУ Гимназия № 2 ")),
    )
