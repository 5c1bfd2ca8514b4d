from typing import Any

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from okrug_common.settings import ServiceSettings


class JournalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OKRUG_JOURNAL_", extra="ignore")

    service_name: str = "journal"
    identity_grpc: str = "127.0.0.1:9101"
    schedule_grpc: str = "127.0.0.1:9102"

    # The district's defaults for every school's journal policy (a partial JournalPolicy
    # as JSON) and the fields schools may not override.
    district_policy: dict[str, Any] = Field(default_factory=dict)
    district_locked_policy: list[str] = Field(default_factory=list)

    # How often the deadline clock records entries not made by their deadline as missing
    # (J4; okrug_journal/timeliness/clock.py): a fact is recorded at most this long after.
    deadline_clock_seconds: float = Field(default=60.0, gt=0)
