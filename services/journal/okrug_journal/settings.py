from pydantic_settings import SettingsConfigDict

from okrug_common.settings import ServiceSettings


class JournalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_JOURNAL_", extra="ignore")

    service_name: str = "journal"
    identity_grpc: str = "127.0.0.1:9101"
    schedule_grpc: str = "127.0.0.1:9102"
