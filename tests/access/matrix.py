"""The access matrix: for every URL name, how to build its arguments for an
object inside the signed-in user's area and one outside it, and the outcome
each role must get. Data, not code: a new URL is one entry here, and a URL
without an entry fails tests/access/test_access_matrix.py.

Places: "inside" is a world of objects at the Kader's Posyandu in district
36.01 (so inside the area of every 36.01 user above the Kader too); "outside"
the same objects in district 36.02, in the area of the national admin and of
the other district's Dinkes only.

Outcomes: an HTTP status (200, 403, 404, 405), LOGIN (a redirect to a login
page), REDIRECT (a redirect elsewhere: the page did its job) or GONE (the
Django admin's answer for an object that does not exist for this user: a
redirect to the admin index, the same for out-of-area and missing ids).

Admin entries are generated from the admin site's registry
(`admin_entries()`): changelist, add, change, history and delete of every
registered model, from the permissions in ADMIN_MODELS. The outcomes, roles
and rule helpers are in rules.py."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from .rules import (
    AUDIT,
    GONE,
    IGD_READ,
    IGD_WRITE,
    LAB_DESK,
    LAB_READ,
    LAB_REQUESTS,
    LOGIN,
    MANAGEMENT,
    MERGES,
    MOVES,
    OK,
    REDIRECT,
    REGISTERS,
    SATUSEHAT,
    SEES_INSIDE,
    SIGNED_IN,
    STAFF,
    STOCK,
    STOCK_REPORTS,
    TARGETS,
    WARD_READ,
    WARD_WRITE,
    Entry,
    Expect,
    district_scoped,
    everyone,
    only,
    scoped,
    sees,
)


def _pk(name):
    return lambda p: {"pk": getattr(p, name).pk}


def _patient_pk(p):
    return {"pk": p.mother.pk}


MATRIX: dict[str, Entry] = {
    "home": Entry(everyone()),
    "login": Entry(everyone(anonymous=OK)),
    "logout": Entry(everyone(LOGIN, anonymous=LOGIN), method="post"),
    "set_language": Entry(everyone(REDIRECT, anonymous=REDIRECT), method="post", data=lambda p: {"language": "en"}),
    # Facility network
    "facilities:list": Entry(everyone()),
    "facilities:export": Entry(everyone()),
    "facilities:detail": Entry(scoped(), kwargs=_pk("posyandu")),
    # People
    "patients:search": Entry(everyone()),
    "patients:household_create": Entry(only(REGISTERS)),
    "patients:household": Entry(scoped(), kwargs=_pk("household")),
    "patients:household_move": Entry(scoped(MOVES, refused_first=True), kwargs=_pk("household")),
    "patients:member_create": Entry(scoped(REGISTERS, refused_first=True), kwargs=_pk("household")),
    "patients:detail": Entry(scoped(), kwargs=_patient_pk),
    "patients:edit": Entry(scoped(REGISTERS), kwargs=_patient_pk),
    "patients:history": Entry(scoped(), kwargs=_patient_pk),
    "patients:newborn_create": Entry(scoped(REGISTERS), kwargs=_patient_pk),
    "patients:pregnancy_create": Entry(scoped(REGISTERS), kwargs=_patient_pk),
    "patients:pregnancy_edit": Entry(scoped(REGISTERS, refused_first=True), kwargs=_pk("pregnancy")),
    "patients:merge": Entry(scoped(MERGES), kwargs=_patient_pk),
    # Visits and Posyandu sessions
    "clusters:visit_create": Entry(
        scoped(REGISTERS, refused_first=True), kwargs=lambda p: {"patient_pk": p.mother.pk, "package": p.package}
    ),
    "clusters:visit": Entry(scoped(), kwargs=_pk("visit")),
    "clusters:visit_edit": Entry(scoped(REGISTERS, refused_first=True), kwargs=_pk("visit")),
    "clusters:visit_history": Entry(scoped(), kwargs=_pk("visit")),
    "clusters:visit_remove": Entry(scoped(MERGES, refused_first=True), kwargs=_pk("visit")),
    # The ICD-10 list is no one's data: every signed-in user may search it.
    "clusters:diagnosis_search": Entry(everyone(), query={"q": "I10"}),
    # A Kader is sent straight to today's session of their Posyandu.
    "clusters:session_pick": Entry(everyone(kader=REDIRECT, kader_other=REDIRECT)),
    "clusters:session": Entry(scoped(), kwargs=lambda p: {"posyandu_pk": p.posyandu.pk, "day": p.day}),
    "clusters:session_row": Entry(
        scoped(REGISTERS, refused_first=True, ok=REDIRECT),
        kwargs=lambda p: {"session_pk": p.session.pk, "patient_pk": p.child.pk},
        method="post",
        data=lambda p: {"weight_kg": "11.5"},
    ),
    # An empty form comes back with its errors (400), keeping the page.
    "clusters:session_add_child": Entry(
        scoped(REGISTERS, refused_first=True, ok=400),
        kwargs=lambda p: {"session_pk": p.session.pk},
        method="post",
        data=lambda p: {},
    ),
    # Coverage, aggregation, targets
    # The first coverage page, now the PWS dashboard's address.
    "reports:coverage": Entry(everyone(REDIRECT)),
    "reports:runs": Entry(everyone()),
    # A run is district-wide, not personal: every user of the district sees its progress.
    "reports:run_progress": Entry(
        lambda role, where: LOGIN if role == "anonymous" else (
            OK if role == "admin" or (where == "inside" and role not in {"dinkes_other", "no_scope"})
            or (where == "outside" and role == "dinkes_other") else 404
        ),
        kwargs=_pk("run"),
    ),
    # Dinkes and district admins have one district: the index sends them to it.
    "reports:targets:index": Entry(only(TARGETS, ok=REDIRECT, admin=OK)),
    "reports:targets:import": Entry(only(TARGETS)),
    "reports:targets:district": Entry(district_scoped(TARGETS), kwargs=lambda p: {"district_code": p.district}),
    "reports:targets:parameters": Entry(
        district_scoped(TARGETS, ok=REDIRECT), kwargs=lambda p: {"district_code": p.district}, method="post",
        data=lambda p: {},
    ),
    "reports:targets:compute": Entry(
        district_scoped(TARGETS, ok=REDIRECT), kwargs=lambda p: {"district_code": p.district}, method="post",
        data=lambda p: {},
    ),
    "reports:targets:export": Entry(district_scoped(TARGETS), kwargs=lambda p: {"district_code": p.district}),
    # Audit log
    # Follow-up: due lists and home visits
    "followup:due_list": Entry(everyone()),
    "followup:household": Entry(scoped(REGISTERS, refused_first=True), kwargs=_pk("household")),
    "followup:recap": Entry(everyone()),
    "followup:exits": Entry(everyone()),
    "audit:log": Entry(only(AUDIT)),
    # Stock: everyone who sees the facility reads it; stock roles write it.
    "stock:home": Entry(everyone(REDIRECT)),
    "stock:list": Entry(scoped(), kwargs=lambda p: {"facility_id": p.posyandu.pk}),
    "stock:card": Entry(scoped(), kwargs=lambda p: {"facility_id": p.posyandu.pk, "item_id": p.stock_item.pk}),
    **{f"stock:{_name}": Entry(scoped(STOCK), kwargs=lambda p: {"facility_id": p.posyandu.pk})
       for _name in ("receive", "issue", "loss", "count")},
    **{f"stock:{_name}": Entry(scoped(STOCK_REPORTS, refused_first=True),
                               kwargs=lambda p: {"facility_id": p.posyandu.pk})
       for _name in ("lplpo", "lplpo_print", "lplpo_xlsx")},
    "stock:status": Entry(only(STOCK_REPORTS)),
    # Laboratory: the request is an Hb test asked at the Kader's Posyandu visit.
    "lab:worklist": Entry(only(LAB_READ)),
    "lab:request_from_visit": Entry(scoped(LAB_REQUESTS, refused_first=True),
                                    kwargs=lambda p: {"visit_pk": p.visit.pk}),
    "lab:request_at_lab": Entry(scoped(LAB_DESK, refused_first=True), kwargs=lambda p: {"patient_pk": p.mother.pk}),
    "lab:request": Entry(scoped(LAB_READ, refused_first=True), kwargs=_pk("lab_request")),
    "lab:cancel": Entry(scoped(LAB_REQUESTS | {"lab"}, refused_first=True), kwargs=_pk("lab_request")),
    "stock:status_xlsx": Entry(only(STOCK_REPORTS)),
    "klaster1:board": Entry(only(MANAGEMENT)),
    "klaster1:board_xlsx": Entry(only(MANAGEMENT)),
    # Inpatient ward: the admission is the mother's, in a bed of the inside Puskesmas.
    "inpatient:ward": Entry(only(WARD_READ)),
    "inpatient:admit": Entry(only(WARD_WRITE)),
    "inpatient:admission": Entry(scoped(WARD_READ, refused_first=True), kwargs=_pk("admission")),
    "inpatient:note": Entry(scoped(WARD_WRITE, refused_first=True), kwargs=_pk("admission")),
    "inpatient:discharge": Entry(scoped(WARD_WRITE, refused_first=True), kwargs=_pk("admission")),
    # IGD: the arrival is the Kader's Posyandu child at the 36.01 Puskesmas's IGD.
    "igd:register": Entry(only(IGD_READ)),
    "igd:arrival_new": Entry(only(IGD_WRITE)),
    "igd:arrival": Entry(scoped(IGD_READ, refused_first=True), kwargs=_pk("igd_arrival")),
    **{f"igd:{_name}": Entry(scoped(IGD_WRITE, refused_first=True), kwargs=_pk("igd_arrival"), method="post",
                             data=lambda p: {"actions": "not-an-action"})
       for _name in ("triage", "vitals", "actions", "close")},
    # SATUSEHAT's sending status: Kepala Puskesmas, Dinkes and admins, each of their own area.
    "satusehat:status": Entry(only(SATUSEHAT)),
    "satusehat:requeue": Entry(only(SATUSEHAT, ok=REDIRECT), method="post", data=lambda p: {}),
    # The admin's own pages (its model pages come from admin_entries()).
    "admin:index": Entry(only(STAFF, anonymous=LOGIN, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN))),
    "admin:login": Entry(everyone(anonymous=OK, **dict.fromkeys(STAFF, REDIRECT))),
    "admin:logout": Entry(everyone(REDIRECT, anonymous=REDIRECT, **dict.fromkeys(STAFF, LOGIN)), method="post"),
    "admin:password_change": Entry(only(STAFF, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN))),
    "admin:password_change_done": Entry(only(STAFF, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN))),
    "admin:jsi18n": Entry(only(STAFF, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN))),
    "admin:app_list": Entry(
        only(STAFF, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN)), kwargs=lambda p: {"app_label": "facilities"}
    ),
    "admin:autocomplete": Entry(
        only(STAFF, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN)),
        query={"app_label": "facilities", "model_name": "facility", "field_name": "parent", "term": ""},
    ),
    # Facilities have no page of their own outside the admin: 404 for anyone let in.
    "admin:view_on_site": Entry(
        only(STAFF, ok=404, **dict.fromkeys(set(SIGNED_IN) - STAFF, LOGIN)),
        kwargs=lambda p: {"content_type_id": p.facility_content_type, "object_id": p.posyandu.pk},
    ),
}


def area_level(inside: set) -> Expect:
    """PWS dashboards: a level opens only for users whose area holds all of
    it (404 otherwise, like a missing area); outside is district 36.02."""

    def expect(role, where):
        if role == "anonymous":
            return LOGIN
        allowed = inside if where == "inside" else {"admin", "dinkes_other"}
        return OK if role in allowed else 404

    return expect


DISTRICT_LEVEL = {"admin", "admin_district", "dinkes"}
PUSKESMAS_LEVEL = DISTRICT_LEVEL | {"kapus", "petugas", "lab", "perawat"}
DESA_LEVEL = PUSKESMAS_LEVEL | {"pustu"}
PWS_LEVELS = {
    "district": (DISTRICT_LEVEL, lambda p: {"district": p.district}),
    "puskesmas": (PUSKESMAS_LEVEL, lambda p: {"puskesmas": p.posyandu.puskesmas_id}),
    "desa": (DESA_LEVEL, lambda p: {"puskesmas": p.posyandu.puskesmas_id, "desa": p.posyandu.region_id}),
    "posyandu": (SEES_INSIDE, lambda p: {"posyandu": p.posyandu.pk}),
}
# Everyone with an area is sent to it; the national admin chooses a district.
MATRIX["reports:pws"] = Entry(everyone(REDIRECT, admin=OK, no_scope=OK))
for _kind, (_inside, _kwargs) in PWS_LEVELS.items():
    for _suffix in ("", "_clusters", "_csv", "_xlsx"):
        MATRIX[f"reports:pws_{_kind}{_suffix}"] = Entry(area_level(_inside), kwargs=_kwargs)
    MATRIX[f"reports:pws_{_kind}_indicator"] = Entry(
        area_level(_inside), kwargs=lambda p, _k=_kwargs: {**_k(p), "indicator": "K1"})
    for _suffix in ("_people", "_people_xlsx"):
        MATRIX[f"reports:pws_{_kind}{_suffix}"] = Entry(
            area_level(_inside), kwargs=lambda p, _k=_kwargs: {**_k(p), "indicator": "D"})
for _fmt in ("csv", "xlsx"):
    MATRIX[f"reports:pws_district_year_{_fmt}"] = Entry(
        area_level(DISTRICT_LEVEL), kwargs=lambda p: {"district": p.district, "year": timezone.localdate().year})
# The data-quality review: reviewers only, then the area as on PWS.
REVIEWERS = {"admin", "admin_district", "dinkes", "dinkes_other", "kapus", "kapus_other"}


def review_level(inside: set) -> Expect:
    def expect(role, where):
        if role == "anonymous":
            return LOGIN
        if role not in REVIEWERS:
            return 403
        return OK if role in (inside if where == "inside" else {"admin", "dinkes_other"}) else 404

    return expect


MATRIX["quality:index"] = Entry(only(REVIEWERS, ok=REDIRECT, admin=OK))
for _kind, (_inside, _kwargs) in PWS_LEVELS.items():
    MATRIX[f"quality:{_kind}"] = Entry(review_level(_inside), kwargs=_kwargs)
MATRIX["reports:targets:thresholds"] = Entry(
    district_scoped(TARGETS), kwargs=lambda p: {"district_code": p.district})
# The API answers 401 to the anonymous; PWS facts open an area as the
# dashboards do (here the district 36.01, named in the query).
MATRIX["api:pws_facts"] = Entry(
    lambda role, where: 401 if role == "anonymous" else (OK if role in DISTRICT_LEVEL else 404),
    query={"area": "36.01"})


def api(allowed=frozenset(SIGNED_IN), *, ok=OK, scoped_to_area=True) -> Expect:
    """An API endpoint: 401 without credentials; a role without the right 403
    before any lookup; out of area 404. The matrix posts form data, which the
    API (JSON only) answers 415 once it gets that far."""

    def expect(role, where):
        if role == "anonymous":
            return 401
        if role not in allowed:
            return 403
        return ok if not scoped_to_area or sees(role, where) else 404

    return expect


_session_pk = _pk("session")
# The OpenAPI document describes the API, not anyone's data: public.
MATRIX["api:schema"] = Entry(everyone(anonymous=OK))
MATRIX["api:rules"] = Entry(api(scoped_to_area=False))
MATRIX["api:sessions"] = Entry(api(scoped_to_area=False))
MATRIX["api:roster"] = Entry(api(), kwargs=_session_pk)
MATRIX["api:rows"] = Entry(api(REGISTERS, ok=415), kwargs=_session_pk, method="post")
MATRIX["api:children"] = Entry(api(REGISTERS, ok=415), kwargs=_session_pk, method="post")
MATRIX["api:outbox"] = Entry(api(REGISTERS, ok=415, scoped_to_area=False), method="post")
# The service worker and the web app manifest hold no one's data: public.
MATRIX["service_worker"] = Entry(everyone(anonymous=OK))
MATRIX["manifest"] = Entry(everyone(anonymous=OK))


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


def full_matrix(site) -> dict[str, Entry]:
    return {**MATRIX, **admin_entries(site)}
