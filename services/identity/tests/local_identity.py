"""Identity in local mode over ASGI, for identity's own tests: the REST app on a scratch
database with its own account store and token issuer, and a stand-in token verifier."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from pydantic import SecretStr

from okrug_common.http import create_app
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
