"""The Django admin's part of the access matrix, generated from the admin
site's registry (`admin_entries()`): changelist, add, change, history and
delete of every registered model (and simple-history's version page), from
the permissions in ADMIN_MODELS; plus ADMIN_EXTRA, the pages some admins add.
Kept apart from matrix.py, whose full_matrix() joins the two."""

from collections.abc import Callable
from dataclasses import dataclass

from .rules import GONE, LOGIN, OK, SIGNED_IN, STAFF, Entry, Expect, only, sees


@dataclass
class AdminModel:
    """Who holds which admin permission on a model (the national admin holds
    all), whether its rows belong to an area, and which row to open."""

    obj: Callable  # place -> instance
    scoped: bool = True
    view: frozenset = frozenset()
    change: frozenset = frozenset()
    add: frozenset = frozenset()
    delete: frozenset = frozenset()
    can_add: bool = True
    can_change: bool = True
    can_delete: bool = True
    # simple-history admins check the area before anything else (404).
    history_404: bool = False


DISTRICT_ADMIN = frozenset({"admin_district"})
DINKES_VIEW = frozenset({"dinkes", "dinkes_other"})


def _service_item():
    from stock.models import ServiceItem

    return ServiceItem.objects.order_by("pk").first()


ADMIN_MODELS: dict[str, AdminModel] = {
    "facilities.region": AdminModel(
        lambda p: p.desa, scoped=False, view=DINKES_VIEW, change=DISTRICT_ADMIN, add=DISTRICT_ADMIN,
        delete=DISTRICT_ADMIN,
    ),
    "facilities.facility": AdminModel(
        lambda p: p.posyandu, view=DINKES_VIEW, change=DISTRICT_ADMIN, add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN
    ),
    "facilities.catchment": AdminModel(
        lambda p: p.catchment, view=DINKES_VIEW, change=DISTRICT_ADMIN, add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN
    ),
    "facilities.user": AdminModel(lambda p: p.user, change=DISTRICT_ADMIN, add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN),
    "auth.group": AdminModel(lambda p: p.group, scoped=False),
    "patients.household": AdminModel(lambda p: p.household, can_add=False, history_404=True),
    "patients.patient": AdminModel(lambda p: p.mother, can_add=False, can_delete=False, history_404=True),
    "patients.pregnancy": AdminModel(lambda p: p.pregnancy, can_add=False, history_404=True),
    "patients.patientmerge": AdminModel(lambda p: p.merge),
    "clusters.cluster": AdminModel(lambda p: p.cluster, scoped=False),
    "clusters.service": AdminModel(lambda p: p.service, scoped=False),
    # ICD-10 rows are deactivated, never deleted: visits name them.
    "clusters.diagnosis": AdminModel(lambda p: p.diagnosis, scoped=False, can_delete=False),
    "clusters.visit": AdminModel(lambda p: p.visit, can_add=False, can_change=False, can_delete=False,
                                 history_404=True),
    "clusters.posyandusession": AdminModel(lambda p: p.session),
    "axes.accessattempt": AdminModel(lambda p: p.access_attempt, scoped=False, can_add=False),
    "axes.accesslog": AdminModel(lambda p: p.access_log, scoped=False, can_add=False),
    "axes.accessfailurelog": AdminModel(lambda p: p.access_failure_log, scoped=False, can_add=False),
    # API tokens: an admin issues and revokes those of the users they manage.
    # The token admin names a token by its user's id.
    "authtoken.tokenproxy": AdminModel(lambda p: p.token.user, view=DISTRICT_ADMIN, change=DISTRICT_ADMIN,
                                       add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN),
    # Stock: district staff read; the national admin keeps the catalogue and
    # corrects a batch's expiry; the ledger is written only by stock.services.
    "stock.item": AdminModel(lambda p: p.stock_item, scoped=False, view=DINKES_VIEW | DISTRICT_ADMIN),
    "stock.batch": AdminModel(lambda p: p.stock_batch, scoped=False, view=DINKES_VIEW | DISTRICT_ADMIN,
                              can_add=False, can_delete=False),
    "stock.movement": AdminModel(lambda p: p.stock_movement, view=DINKES_VIEW | DISTRICT_ADMIN, can_add=False,
                                 can_change=False, can_delete=False),
    "stock.serviceitem": AdminModel(lambda p: _service_item(), scoped=False, view=DINKES_VIEW | DISTRICT_ADMIN),
    # The national test catalogue: district staff read it.
    "lab.labtest": AdminModel(lambda p: p.lab_request.test, scoped=False, view=DINKES_VIEW | DISTRICT_ADMIN),
    # The beds of a Puskesmas rawat inap: a district admin keeps them, Dinkes reads.
    "inpatient.bed": AdminModel(lambda p: p.bed, view=DINKES_VIEW | DISTRICT_ADMIN, change=DISTRICT_ADMIN,
                                add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN),
    # SATUSEHAT: a district admin sets its facilities' and health workers'
    # ids; the outbox and the people's links are only looked at (and queued
    # again by an action).
    "satusehat.facilitylink": AdminModel(lambda p: p.satusehat_facility_link, view=DINKES_VIEW | DISTRICT_ADMIN,
                                         change=DISTRICT_ADMIN, add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN),
    "satusehat.practitionerlink": AdminModel(lambda p: p.satusehat_practitioner_link,
                                             view=DINKES_VIEW | DISTRICT_ADMIN, change=DISTRICT_ADMIN,
                                             add=DISTRICT_ADMIN, delete=DISTRICT_ADMIN),
    "satusehat.patientlink": AdminModel(lambda p: p.satusehat_patient_link, view=DINKES_VIEW | DISTRICT_ADMIN,
                                        change=DISTRICT_ADMIN, can_add=False, can_delete=False),
    "satusehat.operation": AdminModel(lambda p: p.satusehat_operation, view=DINKES_VIEW | DISTRICT_ADMIN,
                                      change=DISTRICT_ADMIN, can_add=False, can_delete=False),
    "stock.balance": AdminModel(lambda p: p.stock_balance, view=DINKES_VIEW | DISTRICT_ADMIN, can_add=False,
                                can_change=False, can_delete=False),
}


def _holds(role, perms: frozenset) -> bool:
    return role == "admin" or role in perms


def _admin_expect(model: AdminModel, kind: str) -> Expect:
    def expect(role, where):
        if role not in STAFF:
            return LOGIN
        in_area = not model.scoped or sees(role, where)
        may_view = _holds(role, model.view | model.change)
        if kind == "changelist":
            return OK if may_view else 403
        if kind == "add":
            return OK if model.can_add and _holds(role, model.add) else 403
        if kind == "change":
            if not may_view:
                return 403
            return OK if in_area else GONE
        if kind == "history":
            if not in_area:
                return 404 if model.history_404 else GONE
            return OK if may_view else 403
        if kind == "simple_history":
            if not in_area:
                return 404
            return OK if may_view else 403
        if kind == "delete":
            if not (model.can_delete and _holds(role, model.delete)):
                return 403
            return OK if in_area else GONE
        raise ValueError(kind)

    return expect


def _admin_kwargs(model: AdminModel, kind: str):
    if kind in ("changelist", "add"):
        return None
    if kind == "simple_history":
        # simple-history's version page is a regex URL: positional arguments.
        return lambda p: [model.obj(p).pk, model.obj(p).history.first().history_id]
    return lambda p: {"object_id": model.obj(p).pk}


# Pages some admins add beside the five of every model.
ADMIN_EXTRA = {
    "admin:facilities_facility_import": Entry(
        only({"admin", "admin_district"}, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN))
    ),
    "admin:facilities_facility_export": Entry(only(STAFF, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN))),
    "admin:auth_user_password_change": Entry(
        lambda role, where: LOGIN if role not in STAFF else (
            403 if role not in {"admin", "admin_district"} else (OK if sees(role, where) else 404)
        ),
        kwargs=lambda p: {"id": p.user.pk},
    ),
}


def admin_entries(site) -> dict[str, Entry]:
    """changelist/add/change/history/delete (and simple-history's version
    page) of every model registered on `site`. A registered model missing
    from ADMIN_MODELS raises KeyError: decide who may use it first."""
    from simple_history.admin import SimpleHistoryAdmin

    entries = {}
    for model, model_admin in site._registry.items():
        label = model._meta.label_lower
        policy = ADMIN_MODELS[label]
        kinds = ["changelist", "add", "change", "history", "delete"]
        if isinstance(model_admin, SimpleHistoryAdmin):
            kinds.append("simple_history")
        for kind in kinds:
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}"
            entries[name] = Entry(_admin_expect(policy, kind), kwargs=_admin_kwargs(policy, kind))
    entries.update(ADMIN_EXTRA)
    return entries
