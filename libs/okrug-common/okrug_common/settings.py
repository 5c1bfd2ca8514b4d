"""Settings common to every service. Each service subclasses `ServiceSettings` with its own
env prefix (`OKRUG_JOURNAL_`, ...), so one machine can run all five side by side."""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_", extra="ignore")

    service_name: str = "okrug"

    # Connection strings (postgresql+asyncpg://...). The app role is subject to row-level
    # security; the owner role runs migrations; the relay role reads the outbox only; the
    # reporting role reads the district's read models only (DESIGN, Tenancy: oversight).
    database_url: SecretStr = SecretStr("postgresql+asyncpg://localhost/okrug")
    owner_database_url: SecretStr | None = None
    relay_database_url: SecretStr | None = None
    reporting_database_url: SecretStr | None = None
    db_pool_size: int = 10
    db_max_overflow: int = 10

    nats_url: str = "nats://127.0.0.1:4222"

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    # Proxies trusted to name the client in X-Forwarded-For (comma-separated addresses or
    # networks, "*" for any): the client address the read audit records (X2).
    forwarded_allow_ips: str = "127.0.0.1"
    grpc_port: int = 50051

    # The issuer of access tokens (Keycloak's realm, or identity's own issuer in the
    # quick start without Keycloak) and the audience every Okrug API requires.
    oidc_issuer: str = "http://127.0.0.1:8080/realms/okrug"
    oidc_audience: str = "okrug-api"
    oidc_jwks_url: str | None = None
    oidc_token_url: str | None = None
    jwks_cache_seconds: int = 300

    # This service's own client (service account) for service-to-service calls.
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")

    grpc_deadline_seconds: float = 5.0

    # Tracing: OTLP endpoint (standard OTEL_EXPORTER_OTLP_ENDPOINT also works) and, for
    # tests and local runs, a file that receives finished spans as JSON lines.
    otel_exporter_otlp_endpoint: str | None = None
    otel_spans_file: str | None = None

    # Worker processes serving REST and gRPC on the same ports (okrug_common.service).
    workers: int = Field(default=1, ge=1, le=64)

    log_level: str = Field(default="INFO")
    outbox_poll_seconds: float = 1.0
