"""The words the access matrix is written in: the outcomes, the roles it
signs in as and the sets of them that share a right, Entry, and the helpers
that turn a rule ("only these roles", "scoped to the area") into the outcome
for each role, inside and outside its area. matrix.py says what "inside",
"outside" and each outcome mean; matrix.py and admin_matrix.py use these."""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN, REDIRECT, GONE = "login", "redirect", "gone"
OK = 200

# Everyone the matrix signs in as ("anonymous" signs in as nobody). All are
# the cast of conftest.py except admin_district, an Admin-role (not
# superuser) user of district 36.01: the one who manages a district's network.
ROLES = (
    "anonymous", "admin", "admin_district", "dinkes", "dinkes_other", "kapus", "kapus_other", "petugas", "pustu",
    "kader", "kader_other", "no_scope", "lab", "perawat",
)
SIGNED_IN = ROLES[1:]
STAFF = {"admin", "admin_district", "dinkes", "dinkes_other"}
# Who has the inside world (at the Kader's Posyandu in 36.01) in their area.
SEES_INSIDE = {"admin", "admin_district", "dinkes", "kapus", "petugas", "pustu", "kader", "lab", "perawat"}
SEES_OUTSIDE = {"admin", "dinkes_other"}
REGISTERS = {"admin", "kapus", "petugas", "pustu", "kader", "kapus_other", "kader_other", "no_scope"}
MERGES = {"admin", "kapus", "petugas", "kapus_other"}
MOVES = {"admin", "kapus", "petugas", "pustu", "kapus_other"}
TARGETS = {"admin", "admin_district", "dinkes", "dinkes_other"}
AUDIT = {"admin", "dinkes", "dinkes_other", "kapus", "kapus_other"}
STOCK = {"admin", "kapus", "kapus_other", "petugas", "pustu"}
SATUSEHAT = {"admin", "admin_district", "dinkes", "dinkes_other", "kapus", "kapus_other"}
# Stock reports (LPLPO, stock status): stock roles, Dinkes and admins, in their area.
STOCK_REPORTS = STOCK | {"admin_district", "dinkes", "dinkes_other"}
# Laboratory: health workers ask at their visits, the lab role ("lab", at the
# 36.01 Puskesmas) enters results and asks for walk-ins, Dinkes reads.
LAB_REQUESTS = {"admin", "kapus", "kapus_other", "petugas", "pustu"}
LAB_DESK = {"admin", "kapus", "kapus_other", "petugas", "lab"}
LAB_READ = LAB_REQUESTS | {"lab", "admin_district", "dinkes", "dinkes_other"}
# The Klaster 1 management page: the Puskesmas's head, staff, lab and ward, Dinkes and admins.
MANAGEMENT = {"admin", "admin_district", "dinkes", "dinkes_other", "kapus", "kapus_other", "petugas", "lab",
              "perawat"}
# Inpatient ward: the ward nurse ("perawat", at the 36.01 Puskesmas, made a
# Puskesmas rawat inap) and Puskesmas health workers write; the head of the
# Puskesmas, Dinkes and admins read; a kader, a Pustu worker and the lab 403.
WARD_WRITE = {"admin", "petugas", "perawat"}
WARD_READ = WARD_WRITE | {"admin_district", "dinkes", "dinkes_other", "kapus", "kapus_other"}
# IGD: the emergency nurse ("perawat", at the 36.01 Puskesmas) and Puskesmas
# health workers write; the head of the Puskesmas, Dinkes and admins read.
IGD_WRITE = {"admin", "petugas", "perawat"}
IGD_READ = IGD_WRITE | {"kapus", "kapus_other", "admin_district", "dinkes", "dinkes_other"}


def sees(role: str, where: str) -> bool:
    return role in (SEES_INSIDE if where == "inside" else SEES_OUTSIDE)


Expect = Callable[[str, str], object]  # (role, where) -> outcome


@dataclass
class Entry:
    expect: Expect
    kwargs: Callable | None = None  # place -> URL kwargs; None: the URL takes none
    method: str = "get"
    data: Callable | None = None  # place -> POST data
    query: dict = field(default_factory=dict)


def everyone(ok=OK, anonymous=LOGIN, **per_role) -> Expect:
    """A page without an object: `ok` for every signed-in role unless named."""
    return lambda role, where: anonymous if role == "anonymous" else per_role.get(role, ok)


def only(allowed: set, ok=OK, anonymous=LOGIN, **per_role) -> Expect:
    return lambda role, where: (
        anonymous if role == "anonymous" else per_role.get(role, ok if role in allowed else 403)
    )


def scoped(allowed=frozenset(SIGNED_IN), *, refused_first=False, ok=OK, anonymous=LOGIN) -> Expect:
    """A page about one object. Out of area answers 404; a role without the
    right answers 403, before the lookup when `refused_first`, else only for
    objects in its area (outside, it cannot tell the object exists)."""

    def expect(role, where):
        if role == "anonymous":
            return anonymous
        if role not in allowed and (refused_first or sees(role, where)):
            return 403
        return ok if sees(role, where) else 404

    return expect


def district_scoped(allowed, ok=OK) -> Expect:
    """Target pages: the role first, then the district (36.01 inside)."""

    def expect(role, where):
        if role == "anonymous":
            return LOGIN
        if role not in allowed:
            return 403
        in_area = role == "admin" or role == {"inside": "dinkes", "outside": "dinkes_other"}[where] or (
            where == "inside" and role == "admin_district"
        )
        return ok if in_area else 404

    return expect
