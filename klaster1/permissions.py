"""Who may read the Klaster 1 management page (scope decides which
Puskesmas): the Puskesmas's head and staff, its lab and ward, Dinkes and
admins. Kader and Pustu workers run no lab, IGD or ward."""

from facilities.models import Role

READ_ROLES = {Role.KEPALA_PUSKESMAS, Role.PETUGAS_PUSKESMAS, Role.LABORATORIUM, Role.PERAWAT_IGD,
              Role.STAF_DINKES, Role.ADMIN}


def can_read_management(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and (user.is_superuser or user.role in READ_ROLES))
