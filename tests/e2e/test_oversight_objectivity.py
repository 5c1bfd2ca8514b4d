"""Issue 11 point 4 end to end (O2, J3): teachers save lessons with marks through the real
API, the journal's mark events reach oversight's read models over NATS, and the district
finds the outlier teacher among two schools (the statistic computed by hand below); a
school's admin reads their own school only, compared with the district."""

from typing import Any

import pytest

from okrug_local.platform import Platform
from tests.support import District, World, eventually
from tests.web.objectivity_data import distributions, outlier_teacher

pytestmark = pytest.mark.platform


def test_the_district_finds_an_outlier_teacher(
    platform: Platform, objectivity_world: World, district: District
) -> None:
    """In a subject of the test's own, grade 5: the first school's teacher gives 30 fives;
    the second school's two teachers 100 marks each (25 threes, 50 fours, 25 fives).

    The first teacher against the rest of the district (200 marks: 50x3, 100x4, 50x5;
    mean 800 / 200 = 4.00; sum of squares 3300, SS = 3300 - 800^2 / 200 = 100,
    sd = sqrt(100 / 199) = 0.708881): z = (5 - 4) * sqrt(30) / 0.708881 = 7.7266 >= 3 and a
    gap of 1.00 >= 0.3: an outlier, more generous than the district.
    A teacher of the second school against the other 130 marks (25x3, 50x4, 55x5; mean
    550 / 130 = 4.230769; SS = 2400 - 550^2 / 130 = 73.0769, sd = sqrt(73.0769 / 129) =
    0.752654): z = (4 - 4.230769) * sqrt(100) / 0.752654 = -3.0661, but the means differ by
    0.23 of a mark only (< 0.3): not an outlier."""
    first, second = objectivity_world.first, objectivity_world.second
    scenario = outlier_teacher(platform, objectivity_world)

    def counted() -> Any:
        body = distributions(platform, district.admin, scenario.first_subject_id)
        return body if sum(u["marks"]["n"] for u in body["units"]) == 230 else None

    body = eventually(counted, what="the 230 marks counted in oversight's read model")
    assert body["rule"]["statistic"] == "z-score-of-mean"
    outlier, *others = body["units"]
    assert (outlier["school_id"], outlier["teacher_id"]) == (first.id, first.teacher.id)
    assert outlier["teacher_name"] == "Иванов П."
    assert outlier["marks"]["counts"] == [0, 0, 0, 0, 30]
    assert outlier["district"] == {"counts": [0, 0, 50, 100, 50], "n": 200, "mean": 4.0}
    assert outlier["z"] == pytest.approx(7.7266, abs=1e-4)
    assert outlier["outlier"] is True
    assert [(u["school_id"], u["outlier"]) for u in others] == [(second.id, False)] * 2
    assert [u["z"] for u in others] == [pytest.approx(-3.0661, abs=1e-4)] * 2
    for student in (first.student, first.other_student, second.student, second.other_student):
        assert student.id not in str(body)  # the district reads counts, never a student

    # The second school's admin reads their own teachers only, against the whole district.
    own = distributions(platform, second.admin, scenario.second_subject_id)
    assert {u["teacher_id"] for u in own["units"]} == {second.teacher.id, second.other_teacher.id}
    assert [u["district"]["n"] for u in own["units"]] == [130, 130]
