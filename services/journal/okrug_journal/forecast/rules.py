"""The forecast's arithmetic (J12). Pure functions: no database, no clock.

The projected period mark is the weighted average so far as the journal shows it
(sum of value x weight / sum of weights, ROUND_HALF_UP to two places: `policy.rules.averages`)
rounded half up to a whole mark: 2.50 -> 3, 2.49 -> 2, 4.50 -> 5. The school's policy has no
rounding rule of its own yet, so this one holds for every school (ROUNDING below says it in
the API). Rounding the shown average, not the exact one, keeps the forecast in line with the
number beside it (an exact 2.495 shows as 2.50 and is forecast 3).

"Marks needed": for a work type of the school's policy (its weight) and a mark value, the
fewest more marks of that value which lift the rounded mark one step up. Only values at or
above the next mark can (a mark below the target pulls the average towards itself, never
past it)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from okrug_journal.policy.schemas import WorkType

TWO_PLACES = Decimal("0.01")
HALF = Decimal("0.5")
TOP_MARK = 5
# A period mark below 3 ("удовлетворительно") is failing (J12).
FAILING_BELOW = 3
# More marks than this in one work type is no advice a teacher can act on in a period.
MOST_MARKS_NEEDED = 20
ROUNDING = (
    "weighted average = sum(value x weight) / sum(weights), ROUND_HALF_UP to 2 places; "
    "projected mark = that average ROUND_HALF_UP to a whole mark (2.50 -> 3, 2.49 -> 2); "
    "pass/fail marks are not averaged; below 3 is failing"
)


@dataclass(frozen=True)
class Sums:
    """A student's numeric marks of a subject in a period, as the forecast keeps them."""

    marks_count: int
    weighted_sum: Decimal
    weight_sum: Decimal

    @property
    def weighted_average(self) -> Decimal | None:
        if self.marks_count == 0 or self.weight_sum == 0:
            return None
        return (self.weighted_sum / self.weight_sum).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MarksNeeded:
    """`count` more marks `value` of `work_type` (weight `weight`) lift the average to
    `average_after`, which rounds to `rounds_to`."""

    work_type: str
    work_type_title: str
    weight: Decimal
    value: int
    count: int
    average_after: Decimal
    rounds_to: int


def sums_of(marks: Iterable[tuple[str, Decimal]]) -> Sums:
    """Numeric marks only (pass/fail left out), as `policy.rules.averages` counts them."""
    numeric = [(Decimal(v), w) for v, w in marks if v.isdigit()]
    zero = Decimal(0)
    return Sums(
        marks_count=len(numeric),
        weighted_sum=sum((v * w for v, w in numeric), zero),
        weight_sum=sum((w for _, w in numeric), zero),
    )


def projected_mark(weighted_average: Decimal | None) -> int | None:
    if weighted_average is None:
        return None
    return int(weighted_average.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def is_failing(mark: int | None) -> bool:
    return mark is not None and mark < FAILING_BELOW


def _after(sums: Sums, value: int, weight: Decimal, count: int) -> Decimal:
    added = Decimal(count) * weight
    total = sums.weighted_sum + added * value
    return (total / (sums.weight_sum + added)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def fewest(sums: Sums, work_type: WorkType, value: int, target: int) -> MarksNeeded | None:
    """The fewest marks `value` of `work_type` whose average rounds to `target` or more;
    None when more than MOST_MARKS_NEEDED would be needed or the value cannot reach it."""
    if value < target:
        return None
    for count in range(1, MOST_MARKS_NEEDED + 1):
        average = _after(sums, value, work_type.weight, count)
        rounds_to = projected_mark(average)
        if rounds_to is not None and rounds_to >= target:
            return MarksNeeded(
                work_type=work_type.code,
                work_type_title=work_type.title_ru,
                weight=work_type.weight,
                value=value,
                count=count,
                average_after=average,
                rounds_to=rounds_to,
            )
    return None


def marks_needed(sums: Sums, work_types: Iterable[WorkType]) -> list[MarksNeeded]:
    """For each work type and each mark value that can do it, the fewest marks that move
    the projected mark one step up; fewest first, then the lower value, then the lighter
    work type, then the school's order of work types. Empty without marks or at the top
    mark."""
    current = projected_mark(sums.weighted_average)
    if current is None or current >= TOP_MARK:
        return []
    target = current + 1
    found = [
        option
        for work_type in work_types
        for value in range(target, TOP_MARK + 1)
        if (option := fewest(sums, work_type, value, target)) is not None
    ]
    return sorted(found, key=lambda o: (o.count, o.value, o.weight))  # stable: policy order
