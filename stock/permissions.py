"""Who may write stock (scope decides where). Dinkes staff and district
admins read stock in their district but never move it: the ledger is the
facility's own record."""

from facilities.models import Role

STOCK_ROLES = {Role.FARMASI, Role.PETUGAS_PUSTU, Role.PETUGAS_PUSKESMAS, Role.KEPALA_PUSKESMAS}


def can_move_stock(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active
                and (user.is_superuser or user.role in STOCK_ROLES))


REPORT_ROLES = STOCK_ROLES | {Role.STAF_DINKES, Role.ADMIN}


def can_read_stock_reports(user) -> bool:
    """Stock roles, Dinkes and admins read the reports of their area (LPLPO,
    stock status); Dinkes and admins never move stock."""
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role in REPORT_ROLES))
