from pydantic_settings import SettingsConfigDict

from okrug_common.settings import ServiceSettings


class HelpdeskSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_HELPDESK_", extra="ignore")

    service_name: str = "helpdesk"
    identity_grpc: str = "127.0.0.1:9101"
