"""Roles are Django groups. They are (re)created after every migrate so that a
new model's permissions reach the right roles without a hand step."""

from .models import Role

# Admin-site permissions per role, as "app_label.codename" patterns: "*" means
# every permission of the app.
# Stock: the catalogue is national (changed by a national admin or the
# import_stock_items command) and the ledger is written only through
# stock.services (stock/permissions.py says who), so roles only read it here.
STOCK_VIEW = ["stock.view_item", "stock.view_batch", "stock.view_movement", "stock.view_balance",
              "stock.view_serviceitem"]

# SATUSEHAT: a district admin sets its facilities' Organization and Location
# ids and its health workers' Practitioner ids; Dinkes reads the links and the
# outbox (satusehat/views.py requeues).
SATUSEHAT_VIEW = ["satusehat.view_facilitylink", "satusehat.view_practitionerlink", "satusehat.view_patientlink",
                  "satusehat.view_operation"]
SATUSEHAT = [*SATUSEHAT_VIEW, "satusehat.add_facilitylink", "satusehat.change_facilitylink",
             "satusehat.delete_facilitylink", "satusehat.add_practitionerlink", "satusehat.change_practitionerlink",
             "satusehat.delete_practitionerlink", "satusehat.change_patientlink", "satusehat.change_operation"]

# Laboratory: the test catalogue is national (kept by a national admin);
# requests and results are written only through lab.services.
LAB_VIEW = ["lab.view_labtest"]

# Inpatient care: a district admin keeps the beds of its Puskesmas rawat inap
# (the ward's capacity); admissions are written only through inpatient.services.
BEDS_VIEW = ["inpatient.view_bed"]
BEDS = [*BEDS_VIEW, "inpatient.add_bed", "inpatient.change_bed", "inpatient.delete_bed"]

ROLE_PERMISSIONS = {
    # authtoken: issuing and revoking API tokens (api/admin.py scopes them).
    Role.ADMIN: ["facilities.*", "authtoken.*", *STOCK_VIEW, *SATUSEHAT, *LAB_VIEW, *BEDS],
    Role.STAF_DINKES: ["facilities.view_facility", "facilities.view_catchment", "facilities.view_region",
                       *STOCK_VIEW, *SATUSEHAT_VIEW, *LAB_VIEW, *BEDS_VIEW],
    Role.FARMASI: STOCK_VIEW,
    Role.LABORATORIUM: LAB_VIEW,
}


def ensure_roles(**kwargs):
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # post_migrate reaches this app before the apps after it in
    # INSTALLED_APPS (stock): create every app's permissions first.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=kwargs.get("using", "default"))
    perms = list(Permission.objects.select_related("content_type"))
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = ROLE_PERMISSIONS.get(role, [])
        chosen = [
            p
            for p in perms
            if any(
                pattern == f"{p.content_type.app_label}.{p.codename}"
                or (pattern.endswith(".*") and pattern[:-2] == p.content_type.app_label)
                for pattern in wanted
            )
        ]
        group.permissions.set(chosen)
