from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from okrug_identity.accounts.directory import AccountDirectory
from okrug_identity.accounts.keycloak import KeycloakDirectory
from okrug_identity.accounts.local import LocalDirectory
from okrug_identity.settings import IdentitySettings


def build_directory(
    settings: IdentitySettings, sessionmaker: async_sessionmaker[AsyncSession]
) -> AccountDirectory:
    if settings.issuer_mode == "local":
        return LocalDirectory(sessionmaker)
    return KeycloakDirectory(
        settings.keycloak_url,
        settings.keycloak_realm,
        settings.client_id,
        settings.client_secret.get_secret_value(),
    )
