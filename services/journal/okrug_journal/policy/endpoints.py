from fastapi import APIRouter

from okrug_common.http import RuntimeDep, SessionDep
from okrug_journal import access
from okrug_journal.policy import service
from okrug_journal.policy.schemas import JournalPolicyUpdate, PolicyRead
from okrug_journal.timeliness import expectations

router = APIRouter(tags=["policy"])


@router.get("/policy", response_model=PolicyRead)
async def read_policy(
    session: SessionDep, principal: access.PolicyReader, runtime: RuntimeDep
) -> PolicyRead:
    """The school's effective journal policy (J3-J6): school staff."""
    return await service.read_policy(session, runtime, principal)


@router.put("/policy", response_model=PolicyRead)
async def set_policy(
    data: JournalPolicyUpdate,
    session: SessionDep,
    principal: access.PolicyWriter,
    runtime: RuntimeDep,
) -> PolicyRead:
    """The school admin (or the director) sets the school's rules; a field left out follows
    the district's default, a field the district locked is refused. What is still expected
    falls due under the new rules (J4)."""
    changed = await service.set_policy(session, runtime, principal, data)
    await expectations.reschedule(session, runtime, changed.school_id)
    return changed
