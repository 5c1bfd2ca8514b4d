"""The statistics of objectivity (O2): when a teacher's (or a class's, a school's) marks are
an outlier against the district's, and when a period mark is far from its average.

Outliers. A unit (a teacher, a class, a subject of a school, a school) is compared, per
subject and grade level, with the rest of the district: the marks of the same subject and
grade level in the district without the unit's own. The statistic is the z-score of the
unit's mean mark against the rest's distribution:

    z = (mean_unit - mean_rest) / (sd_rest / sqrt(n_unit))

(sd_rest: the sample standard deviation of the rest's marks). The unit is an outlier when it
has at least MIN_MARKS marks, the rest has at least MIN_MARKS marks, |z| >= Z_THRESHOLD (a
mean this far from the rest's happens by chance less than 0.3% of the time), and the means
differ by at least MIN_MEAN_GAP of a mark (with thousands of marks a trivial difference is
"significant"; the district cares about one that changes marks). z > 0: marks more
generous than the district's, z < 0: stricter. When the rest's marks are all one value
(sd_rest = 0) z is undefined and the gap alone decides.

Period marks. A period mark is far from the weighted average of the period's marks when
|period mark - weighted average| >= PERIOD_MARK_GAP (a whole mark): no rounding of the
average gives it. A period mark set without marks to average is counted apart.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

MIN_MARKS = 30
Z_THRESHOLD = 3.0
MIN_MEAN_GAP = 0.3
PERIOD_MARK_GAP = Decimal("1.00")


@dataclass(frozen=True)
class Distribution:
    """How many marks of each value 1..5 (index 0 is the number of 1s)."""

    counts: tuple[int, int, int, int, int]

    @classmethod
    def of(cls, counts: tuple[int, ...] | list[int]) -> "Distribution":
        c = tuple(int(x) for x in counts)
        return cls((c[0], c[1], c[2], c[3], c[4]))

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def total(self) -> int:
        return sum(count * value for value, count in enumerate(self.counts, start=1))

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def sd(self) -> float | None:
        """The sample standard deviation (n - 1); None for fewer than two marks."""
        if self.n < 2:
            return None
        mean = self.total / self.n
        squares = sum(count * (value - mean) ** 2 for value, count in enumerate(self.counts, 1))
        return math.sqrt(squares / (self.n - 1))

    def __sub__(self, other: "Distribution") -> "Distribution":
        """What is left of these marks without the other's; never below none of a value
        (the district's totals and a unit's counts are read by separate statements, and
        marks counted in between may make a unit's count exceed the total read before)."""
        return Distribution.of(
            [max(a - b, 0) for a, b in zip(self.counts, other.counts, strict=True)]
        )

    def __add__(self, other: "Distribution") -> "Distribution":
        return Distribution.of([a + b for a, b in zip(self.counts, other.counts, strict=True)])


EMPTY = Distribution((0, 0, 0, 0, 0))


@dataclass(frozen=True)
class Comparison:
    """A unit's marks against the rest of the district's (same subject and grade level)."""

    unit: Distribution
    rest: Distribution
    z: float | None
    outlier: bool

    @property
    def mean_gap(self) -> float | None:
        if self.unit.mean is None or self.rest.mean is None:
            return None
        return self.unit.mean - self.rest.mean


def compare(unit: Distribution, district: Distribution) -> Comparison:
    """The unit against the district's marks without its own (`district` includes them)."""
    rest = district - unit
    gap = unit.mean - rest.mean if unit.mean is not None and rest.mean is not None else None
    sd = rest.sd
    z = gap * math.sqrt(unit.n) / sd if gap is not None and sd else None
    enough = unit.n >= MIN_MARKS and rest.n >= MIN_MARKS
    if not enough or gap is None or abs(gap) < MIN_MEAN_GAP:
        outlier = False
    elif z is None:
        outlier = True  # the rest's marks are all one value: any real gap stands out
    else:
        outlier = abs(z) >= Z_THRESHOLD
    return Comparison(unit=unit, rest=rest, z=z, outlier=outlier)


def far_from_average(value: int, weighted_average: Decimal | None) -> bool:
    return weighted_average is not None and abs(Decimal(value) - weighted_average) >= (
        PERIOD_MARK_GAP
    )
