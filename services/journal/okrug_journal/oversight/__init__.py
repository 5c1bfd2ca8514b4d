"""District oversight (O1-O5): the journal's read models of how schools keep their journal,
read by the district through the reporting role and by a school's leadership for their own
school (scope.py). Each concept has its folder; its read model is fed by events and rebuilt
from the journal's facts by `okrug-journal rebuild-oversight` (rebuild.py)."""
