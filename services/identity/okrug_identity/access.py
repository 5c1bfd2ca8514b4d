"""Who may do what in identity (I2, I5)."""

from okrug_common.auth import Principal
from okrug_common.errors import Forbidden
from okrug_common.roles import DISTRICT_ROLES, SCHOOL_STAFF_ROLES, Role

# Roles the district admin appoints when a school opens.
SCHOOL_ADMINISTRATION = frozenset({Role.SCHOOL_ADMIN, Role.DIRECTOR})


def require_district_admin(principal: Principal) -> None:
    if Role.DISTRICT_ADMIN not in principal.roles:
        raise Forbidden("Only the district admin may do this.")


def require_school_admin(principal: Principal) -> None:
    principal.require_school()
    if Role.SCHOOL_ADMIN not in principal.roles:
        raise Forbidden("Only the school admin may manage the school's people.")


def require_school_reader(principal: Principal) -> None:
    """School staff read their school's people; district roles read every school's card."""
    if principal.has_any(DISTRICT_ROLES):
        return
    principal.require_school()
    if not principal.has_any(SCHOOL_STAFF_ROLES):
        raise Forbidden("Only school staff may read the school's people.")
