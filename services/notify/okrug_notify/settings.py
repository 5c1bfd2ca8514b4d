from pydantic_settings import SettingsConfigDict

from okrug_common.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_NOTIFY_", extra="ignore")

    service_name: str = "notify"
    identity_grpc: str = "127.0.0.1:9101"
