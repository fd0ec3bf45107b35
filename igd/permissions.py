"""Who may do what at the IGD (scope decides where): the emergency and ward
nurse and Puskesmas health workers write; the head of the Puskesmas, Dinkes
and district admins read; others (kader, Pustu, lab) get 403."""

from facilities.models import Role

WRITE_ROLES = {Role.PERAWAT_IGD, Role.PETUGAS_PUSKESMAS}
READ_ROLES = WRITE_ROLES | {Role.KEPALA_PUSKESMAS, Role.STAF_DINKES, Role.ADMIN}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_igd(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READ_ROLES)


def can_write_igd(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in WRITE_ROLES)
