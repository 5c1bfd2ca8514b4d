from typing import Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from okrug_common.settings import ServiceSettings


class IdentitySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_IDENTITY_", extra="ignore")

    service_name: str = "identity"
    # keycloak: accounts live in Keycloak (production). local: identity is its own small
    # OpenID issuer with the same claims (quick start without Java, fast unit tests).
    issuer_mode: Literal["keycloak", "local"] = "keycloak"
    keycloak_url: str = "http://127.0.0.1:8080"
    keycloak_realm: str = "okrug"

    # Local issuer only: where its signing key is kept, its public URL (the `iss` claim),
    # and the service clients allowed the client-credentials grant, as JSON {id: secret}.
    local_issuer_key_file: str = ".run/identity-issuer-key.pem"
    local_issuer_url: str = "http://127.0.0.1:8101/identity/oidc"
    local_clients: dict[str, SecretStr] = Field(default_factory=dict)
    local_token_lifetime_seconds: int = 300

    # Printed on credential slips: where people sign in.
    sign_in_url: str = "http://localhost/"
    # Fonts with Cyrillic glyphs for the slips (Debian: fonts-dejavu-core).
    slip_font_dirs: list[str] = Field(
        default_factory=lambda: ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"]
    )

    @model_validator(mode="after")
    def _local_issuer_is_the_issuer(self) -> Self:
        """In local mode identity verifies its own tokens: no discovery round trip at start."""
        if self.issuer_mode == "local":
            self.oidc_issuer = self.local_issuer_url
            self.oidc_jwks_url = f"{self.local_issuer_url}/jwks"
            self.oidc_token_url = f"{self.local_issuer_url}/token"
        return self
