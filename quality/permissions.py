"""Who may open the data-quality review (scope decides where)."""

from facilities.models import Role

REVIEW_ROLES = {Role.KEPALA_PUSKESMAS, Role.STAF_DINKES, Role.ADMIN}


def can_review(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in REVIEW_ROLES)
