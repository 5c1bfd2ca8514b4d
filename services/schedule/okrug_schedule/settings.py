from pydantic_settings import SettingsConfigDict

from okrug_common.settings import ServiceSettings


class ScheduleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_SCHEDULE_", extra="ignore")

    service_name: str = "schedule"
    identity_grpc: str = "127.0.0.1:9101"
    # Until the school calendar (issue 4) gives each school its zone.
    default_time_zone: str = "Europe/Moscow"
