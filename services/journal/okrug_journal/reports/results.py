"""The standard figures of a class's results for a study period (J11). Pure functions.

A student's category comes from the period marks set for the class and the period (five-point
"1".."5", pass/fail "pass"/"fail"); exactly one of:
- not_assessed: no period mark at all ("не аттестован");
- failing ("неуспевающий"): at least one 2, 1 or "fail";
- excellent ("отличник"): every five-point mark is 5 (at least one);
- good ("хорошист"): only 4s and 5s, at least one 4;
- one_three ("с одной «3»"): exactly one 3, the rest 4s and 5s;
- threes: two or more 3s, no failing mark;
- pass_only: only "pass" marks (no five-point mark).
"pass" next to five-point marks changes nothing.

Percentages over N, all students of the report (class members and anyone with a period mark
or a current mark in the class for the period), not_assessed ones included:
- успеваемость (success_rate) = (N - failing - not_assessed) / N x 100: the share of students
  assessed with no failing mark;
- качество знаний (quality_rate) = (excellent + good) / N x 100: the share with only 4s and 5s;
each a Decimal rounded ROUND_HALF_UP to one decimal place (1/16 = 6.25 % -> 6.3); None when
N is 0."""

from collections import Counter
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from okrug_journal.reports.schemas import Category, ResultCounts

ONE_PLACE = Decimal("0.1")
FAILING = frozenset({"1", "2", "fail"})


def category(period_marks: Iterable[str]) -> Category:
    values = list(period_marks)
    if not values:
        return "not_assessed"
    if any(v in FAILING for v in values):
        return "failing"
    points = [v for v in values if v.isdigit()]
    if not points:
        return "pass_only"
    threes = points.count("3")
    if threes == 0:
        return "excellent" if all(v == "5" for v in points) else "good"
    return "one_three" if threes == 1 else "threes"


def percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    share = Decimal(part) * 100 / Decimal(whole)
    return share.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def counts(categories: Iterable[Category]) -> ResultCounts:
    found = Counter(categories)
    return ResultCounts(
        students=sum(found.values()),
        excellent=found["excellent"],
        good=found["good"],
        one_three=found["one_three"],
        threes=found["threes"],
        failing=found["failing"],
        not_assessed=found["not_assessed"],
        pass_only=found["pass_only"],
    )


def success_rate(c: ResultCounts) -> Decimal | None:
    """успеваемость: assessed students without a failing mark, of all students."""
    return percent(c.students - c.failing - c.not_assessed, c.students)


def quality_rate(c: ResultCounts) -> Decimal | None:
    """качество знаний: students with only 4s and 5s, of all students."""
    return percent(c.excellent + c.good, c.students)
