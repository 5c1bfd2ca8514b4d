"""The compliance index (issue 11 point 8): each school's share of entries on time, of
students with the minimum of marks and of lessons held, weighted by the district's
settings, as one number 0-100, schools ranked. Read from journal keeping's figures."""

from uuid import UUID

from okrug_journal.oversight.compliance.schemas import DistrictIndex, IndexPart, SchoolIndex
from okrug_journal.oversight.keeping import service as keeping
from okrug_journal.oversight.keeping.schemas import Filters
from okrug_journal.oversight.scope import OversightScope
from okrug_journal.oversight.settings.schemas import IndexWeights
from okrug_journal.oversight.settings.service import district_settings

BASE = "/journal/oversight/keeping/schools"


def index_of(parts: list[IndexPart]) -> float | None:
    """100 x the weighted mean of the parts that have a share and a weight."""
    counted = [p for p in parts if p.share is not None and p.weight > 0]
    total = sum(p.weight for p in counted)
    if not total:
        return None
    return round(100 * sum(p.weight * (p.share or 0.0) for p in counted) / total, 1)


def _parts(
    school_id: UUID,
    weights: IndexWeights,
    timeliness: float | None,
    fill: float | None,
    completion: float | None,
) -> list[IndexPart]:
    return [
        IndexPart(
            name="timeliness",
            share=timeliness,
            weight=weights.timeliness,
            rows=f"{BASE}/{school_id}?by=teacher",
        ),
        IndexPart(name="fill", share=fill, weight=weights.fill, rows=f"{BASE}/{school_id}/fill"),
        IndexPart(
            name="completion",
            share=completion,
            weight=weights.completion,
            rows=f"{BASE}/{school_id}?by=class",
        ),
    ]


async def district_index(scope: OversightScope, filters: Filters) -> DistrictIndex:
    weights = (await district_settings(scope.session)).index_weights
    kept = {s.school_id: s for s in (await keeping.district_keeping(scope, filters)).schools}
    filled = {
        s.school_id: s.fill_share for s in (await keeping.district_fill(scope, filters)).schools
    }
    schools = []
    for school_id in set(kept) | set(filled):
        school = kept.get(school_id)
        parts = _parts(
            school_id,
            weights,
            school.timeliness.on_time_share if school else None,
            filled.get(school_id),
            school.lessons.held_share if school else None,
        )
        schools.append(
            SchoolIndex(
                school_id=school_id,
                rank=0,
                index=index_of(parts),
                parts=parts,
                trend=f"{BASE}/{school_id}/weeks",
            )
        )
    schools.sort(key=lambda s: (-(s.index if s.index is not None else -1.0), str(s.school_id)))
    ranked = [s.model_copy(update={"rank": n}) for n, s in enumerate(schools, 1)]
    return DistrictIndex(weights=weights, schools=ranked)
