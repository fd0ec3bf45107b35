"""The menu, per role. ilp/ knows every app, so the menu lives here."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

EVERYONE = None
HEALTH_WORKERS = {"Kader", "Petugas Pustu", "Petugas Puskesmas", "Kepala Puskesmas"}

# (label, url name, roles that see it or EVERYONE, staff only)
MENU = [
    (_("Home"), "home", EVERYONE, False),
    (_("People"), "patients:search", EVERYONE, False),
    (_("Posyandu session"), "clusters:session_pick", HEALTH_WORKERS, False),
    (_("Due and home visits"), "followup:due_list", HEALTH_WORKERS | {"Staf Dinkes"}, False),
    (_("PWS dashboard"), "reports:pws", EVERYONE, False),
    (_("Stock"), "stock:home", (HEALTH_WORKERS - {"Kader"}) | {"Farmasi", "Staf Dinkes"}, False),
    (_("Laboratory"), "lab:worklist", (HEALTH_WORKERS - {"Kader"}) | {"Laboratorium", "Staf Dinkes"}, False),
    (_("Cluster 1 management"), "klaster1:board",
     {"Kepala Puskesmas", "Petugas Puskesmas", "Laboratorium", "Perawat IGD/Rawat Inap", "Staf Dinkes", "Admin"},
     False),
    (_("Inpatient ward"), "inpatient:ward",
     {"Petugas Puskesmas", "Kepala Puskesmas", "Perawat IGD/Rawat Inap", "Staf Dinkes"}, False),
    (_("Emergency (IGD)"), "igd:register",
     {"Perawat IGD/Rawat Inap", "Petugas Puskesmas", "Kepala Puskesmas", "Staf Dinkes"}, False),
    (_("Data quality"), "quality:index", {"Kepala Puskesmas", "Staf Dinkes", "Admin"}, False),
    (_("Targets"), "reports:targets:index", {"Staf Dinkes", "Admin"}, False),
    (_("Aggregation"), "reports:runs", {"Staf Dinkes", "Admin"}, False),
    (_("Facility network"), "facilities:list", EVERYONE, False),
    (_("Access log"), "audit:log", {"Kepala Puskesmas", "Staf Dinkes"}, False),
    (_("SATUSEHAT"), "satusehat:status", {"Kepala Puskesmas", "Staf Dinkes", "Admin"}, False),
    (_("Administration"), "admin:index", EVERYONE, True),
]

# The item a role's menu starts with: a kader's day is the Posyandu session.
FIRST = {"Kader": "clusters:session_pick", "Laboratorium": "lab:worklist",
         "Perawat IGD/Rawat Inap": "igd:register"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    role = user.role
    items = []
    for label, url_name, roles, staff_only in MENU:
        if staff_only and not user.is_staff:
            continue
        if roles is not EVERYONE and role not in roles:
            continue
        url = reverse(url_name)
        item = {"label": label, "url": url, "active": request.path == url}
        if FIRST.get(role) == url_name:
            items.insert(0, item)
        else:
            items.append(item)
    return {"nav_items": items, "user_role": role}
