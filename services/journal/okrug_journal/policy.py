"""The school journal policy (J3, J4, J6). Until the policy store of issue 5 exists,
every school uses the district defaults below."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class WorkType:
    code: str
    title_ru: str
    weight: Decimal


FIVE_POINT_SCALE = "five-point"
FIVE_POINT_VALUES = ("1", "2", "3", "4", "5")

DEFAULT_WORK_TYPES = {
    wt.code: wt
    for wt in (
        WorkType("classwork", "Работа на уроке", Decimal("1")),
        WorkType("homework", "Домашняя работа", Decimal("1")),
        WorkType("oral", "Устный ответ", Decimal("1")),
        WorkType("quiz", "Самостоятельная работа", Decimal("1.5")),
        WorkType("test", "Контрольная работа", Decimal("2")),
        WorkType("essay", "Сочинение", Decimal("2")),
    )
}
