"""Signing in as a person (password grant on the public client) and creating the district's
first accounts through identity's own command."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import httpx

from .ports import Instance
from .services import WEB_CLIENT, Issuer, ServiceError, executable, process_env


class SignInFailed(RuntimeError):
    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"sign-in refused ({status}): {body}")
        self.status = status
        self.body = body


@functools.cache
def _token_http() -> httpx.Client:
    """One client for every sign-in of the process: a top-level httpx.post() builds an SSL
    context (certifi's bundle) and a connection each time, and the tests sign in before
    nearly every request they make. It keeps no cookies, as a client per call kept none."""
    return httpx.Client(timeout=30, cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])))


@dataclass(frozen=True)
class TokenClient:
    token_url: str
    client_id: str = WEB_CLIENT

    def password_grant(
        self, username: str, password: str, *, school: str | None = None
    ) -> dict[str, object]:
        data = {
            "grant_type": "password",
            "client_id": self.client_id,
            "username": username,
            "password": password,
        }
        if school:
            data["scope"] = f"organization:{school}"
        response = _token_http().post(self.token_url, data=data)
        if response.status_code != 200:
            raise SignInFailed(response.status_code, response.text)
        body: dict[str, object] = response.json()
        return body

    def refresh_grant(self, refresh_token: str) -> httpx.Response:
        """The refresh grant's answer as it comes (refused once the session has ended)."""
        return _token_http().post(
            self.token_url,
            data={
                "grant_type": "refresh_token",
                "client_id": self.client_id,
                "refresh_token": refresh_token,
            },
        )

    def token(self, username: str, password: str, *, school: str | None = None) -> str:
        return str(self.password_grant(username, password, school=school)["access_token"])

    def headers(self, username: str, password: str, *, school: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username, password, school=school)}"}


def create_district_staff(
    instance: Instance,
    issuer: Issuer,
    *,
    username: str,
    password: str,
    last_name: str,
    first_name: str,
    roles: tuple[str, ...],
) -> str:
    """Create a district account (no school) through identity's directory; returns its id."""
    argv = [
        executable("identity"),
        "create-district-staff",
        "--username",
        username,
        "--last-name",
        last_name,
        "--first-name",
        first_name,
        "--password",
        password,
    ]
    for role in roles:
        argv += ["--role", role]
    result = subprocess.run(  # noqa: S603 - our own entry point
        argv,
        env=process_env(instance, "identity", issuer),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise ServiceError(f"creating district account {username} failed:\n{result.stderr[-2000:]}")
    return result.stdout.strip().splitlines()[-1]
