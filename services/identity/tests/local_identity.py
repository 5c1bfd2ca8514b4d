"""Identity in local mode over ASGI, for identity's own tests: the REST app on a scratch
database with its own account store and token issuer, a stand-in token verifier, principals
to call it as, and a school opened with its admin."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
from pydantic import SecretStr

from okrug_common.auth import Principal
from okrug_common.http import create_app
from okrug_common.roles import Role
from okrug_common.runtime import Runtime
from okrug_common.testing import FakeVerifier, ScratchDatabase, Service
from okrug_identity.accounts.local import LocalDirectory
from okrug_identity.issuer import keys
from okrug_identity.issuer.endpoints import ISSUER_STATE
from okrug_identity.issuer.tokens import Issuer
from okrug_identity.main import definition
from okrug_identity.settings import IdentitySettings


@asynccontextmanager
async def local_identity(database: ScratchDatabase, key_dir: Path) -> AsyncIterator[Service]:
    key_file = key_dir / "key.pem"
    settings = IdentitySettings(
        database_url=SecretStr(database.app_url),
        db_pool_size=2,
        issuer_mode="local",
        local_issuer_key_file=str(key_file),
    )
    runtime = Runtime(definition, settings)
    verifier = FakeVerifier()
    runtime._verifier = verifier  # type: ignore[assignment]
    runtime.state["directory"] = LocalDirectory(runtime.sessionmaker)
    runtime.state[ISSUER_STATE] = Issuer(
        key=keys.load_or_create(str(key_file)),
        url=settings.local_issuer_url,
        audience=settings.oidc_audience,
        lifetime_seconds=300,
    )
    transport = httpx.ASGITransport(app=create_app(runtime))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://okrug.test") as http:
            yield Service(runtime, verifier, http)
    finally:
        await runtime.stop()


def principal(school: UUID | None, *roles: Role, person_id: UUID | None = None) -> Principal:
    pid = person_id or uuid4()
    return Principal(subject=str(pid), person_id=pid, school_id=school, roles=frozenset(roles))


async def open_school(
    service: Service, name: str, *, admin_password: str | None = None
) -> tuple[UUID, Principal]:
    """The district admin opens a school and appoints its school admin: the school's id and
    the admin as a principal."""
    district = principal(None, Role.DISTRICT_ADMIN)
    auth = service.auth(district)
    created = await service.http.post("/identity/schools", json={"name": name}, headers=auth)
    assert created.status_code == 201, created.text
    school_id = UUID(created.json()["id"])
    body: dict[str, Any] = {
        "kind": "staff",
        "last_name": "Админова",
        "first_name": "Ася",
        "roles": ["school-admin"],
        "username": f"admin.{uuid4().hex[:8]}",
    }
    if admin_password:
        body["password"] = admin_password
    admin = await service.http.post(
        f"/identity/schools/{school_id}/administrators", json=body, headers=auth
    )
    assert admin.status_code == 201, admin.text
    return school_id, principal(school_id, Role.SCHOOL_ADMIN, person_id=UUID(admin.json()["id"]))
