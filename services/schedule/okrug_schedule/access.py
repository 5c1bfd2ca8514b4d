"""Who may do what in the schedule (I5). Every endpoint calls one of these."""

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.roles import SCHOOL_LEADERSHIP_ROLES, SCHOOL_STAFF_ROLES, Role

PLANNERS = SCHOOL_LEADERSHIP_ROLES


def require_planner(principal: Principal) -> None:
    """School admin, director and deputies set up classes, subjects and lessons."""
    principal.require_school()
    if not principal.has_any(PLANNERS):
        raise Forbidden("Only the school's administration may change the timetable.")


def require_staff_reader(principal: Principal) -> None:
    principal.require_school()
    if not principal.has_any(SCHOOL_STAFF_ROLES):
        raise Forbidden("Only school staff may read the school's timetable.")


def may_read_whole_timetable(principal: Principal) -> bool:
    return principal.has_any(SCHOOL_STAFF_ROLES - {Role.TEACHER})
