"""The people the access matrix signs in as: every role of docs/REQUIREMENTS-IDS.md, in the first
school of the test world, plus the district's, with their objects and the second school's."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpx

from okrug_local import accounts
from okrug_local.platform import Platform
from tests.support import PASSWORD, Account, District, School, World, expect, unique

TOKEN_REUSE_SECONDS = 120  # well inside the realm's 300 s access token lifespan
DISTRICT_PERSONAS = ("district-admin", "support-agent", "working-group-member")
SCHOOL_PERSONAS = (
    "director",
    "deputy-director",
    "school-admin",
    "secretary",
    "teacher",
    "other-teacher",
    "class-teacher",
    "student",
    "parent",
)
PERSONAS = DISTRICT_PERSONAS + SCHOOL_PERSONAS


def new_client() -> httpx.Client:
    """The matrix's one HTTP client for its thousands of requests: a top-level httpx.post()
    makes a client (its SSL context: certifi's whole bundle) and a connection per call, which
    was most of a row's time. It keeps no cookies, as a client per request kept none."""
    return httpx.Client(timeout=30, cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])))


@dataclass
class Cast:
    platform: Platform
    district: District
    world: World
    extra: dict[str, Account] = field(default_factory=dict)
    # username@school -> (signed in at, headers); re-signed before the token's 300 s lifespan ends,
    # since the matrix outlasts it on a loaded machine.
    _headers: dict[str, tuple[float, dict[str, str]]] = field(default_factory=dict)
    # Objects a service's rows set up once (a school's year, bell schedule, groups ...).
    cache: dict[str, Any] = field(default_factory=dict)
    http: httpx.Client = field(default_factory=new_client)

    @property
    def a(self) -> School:
        return self.world.first

    @property
    def b(self) -> School:
        return self.world.second

    def account(self, persona: str) -> Account:
        fixed = {
            "district-admin": self.district.admin,
            "support-agent": self.district.support,
            "school-admin": self.a.admin,
            "teacher": self.a.teacher,
            "other-teacher": self.a.other_teacher,
            "student": self.a.student,
            "parent": self.a.parent,
        }
        return fixed.get(persona) or self.extra[persona]

    def headers(self, persona: str) -> dict[str, str]:
        return self.signed_in(self.account(persona))

    def signed_in(self, account: Account) -> dict[str, str]:
        """The account's headers, from one sign-in per TOKEN_REUSE_SECONDS (a sign-in is a
        password grant at Keycloak: the rows' set-up made one per request)."""
        key = f"{account.username}@{account.school}"
        signed_in = self._headers.get(key)
        if signed_in is None or time.monotonic() - signed_in[0] > TOKEN_REUSE_SECONDS:
            signed_in = (time.monotonic(), account.headers)
            self._headers[key] = signed_in
        return signed_in[1]

    def url(self, service: str, path: str) -> str:
        return self.platform.url(service) + path

    @classmethod
    def create(cls, platform: Platform, district: District, world: World) -> Cast:
        cast = cls(platform, district, world)
        username = unique("wg.")
        person_id = accounts.create_district_staff(
            platform.instance,
            platform.issuer,
            username=username,
            password=PASSWORD,
            last_name="Рабочая",
            first_name="Группа",
            roles=("working-group-member",),
        )
        cast.extra["working-group-member"] = Account(username, person_id, None, platform)
        admin = world.first.admin.headers
        for persona, roles in (
            ("director", ["director"]),
            ("deputy-director", ["deputy-director"]),
            ("secretary", ["secretary"]),
            ("class-teacher", ["teacher", "class-teacher"]),
        ):
            username = unique(f"{persona}.")
            created = expect(
                cast.http.post(
                    platform.url("identity") + "/persons",
                    json={
                        "kind": "staff",
                        "last_name": "Ролевая",
                        "first_name": "Персона",
                        "roles": roles,
                        "username": username,
                        "password": PASSWORD,
                    },
                    headers=admin,
                ),
                201,
            )
            cast.extra[persona] = Account(username, created["id"], world.first.id, platform)
        return cast


def fresh_name(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


Body = dict[str, Any]
