"""What each role may do with people's records (scope decides where)."""

from facilities.models import Role

REGISTER_ROLES = {Role.KADER, Role.PETUGAS_PUSTU, Role.PETUGAS_PUSKESMAS, Role.KEPALA_PUSKESMAS}
MERGE_ROLES = {Role.PETUGAS_PUSKESMAS, Role.KEPALA_PUSKESMAS}


def can_register(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in REGISTER_ROLES)


def can_merge(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in MERGE_ROLES)


# Removing a visit and moving a household change figures of past months:
# Puskesmas staff do it, as they merge records.
def can_remove_visits(user) -> bool:
    return can_merge(user)


MOVE_ROLES = {Role.PETUGAS_PUSTU, Role.PETUGAS_PUSKESMAS, Role.KEPALA_PUSKESMAS}


def can_move_households(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in MOVE_ROLES)

# Who may read the audit log of people's records (for their own area).
AUDIT_ROLES = {Role.KEPALA_PUSKESMAS, Role.STAF_DINKES}


def can_read_audit(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in AUDIT_ROLES)
