"""Who may do what in the lab (scope decides where). The lab role enters
results; doctors, midwives and nurses (the Puskesmas and Pustu health-worker
roles) request tests at their facility's visits and may enter a
point-of-care result there; Dinkes and district admins read only."""

from facilities.models import Role

LAB_ROLES = {Role.LABORATORIUM}
REQUEST_ROLES = {Role.PETUGAS_PUSTU, Role.PETUGAS_PUSKESMAS, Role.KEPALA_PUSKESMAS}
# A request made at the lab itself, for a person who walks in with a letter.
LAB_DESK_ROLES = LAB_ROLES | {Role.PETUGAS_PUSKESMAS, Role.KEPALA_PUSKESMAS}
READ_ROLES = LAB_ROLES | REQUEST_ROLES | {Role.STAF_DINKES, Role.ADMIN}


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_lab(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in READ_ROLES)


def can_request_tests(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in REQUEST_ROLES)


def can_request_at_lab(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in LAB_DESK_ROLES)


def can_enter_lab_results(user) -> bool:
    return _active(user) and (user.is_superuser or user.role in LAB_ROLES)


def can_enter_point_of_care(user) -> bool:
    return can_request_tests(user)
