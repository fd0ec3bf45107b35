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

The model pages of the admin are generated from its registry in
admin_matrix.py; the outcomes, roles and rule helpers are in rules.py.
`full_matrix()` joins this module's entries and the admin's."""

from django.utils import timezone

from .admin_matrix import admin_entries
from .rules import (
    AUDIT,
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
    "igd:person": Entry(scoped(IGD_WRITE, refused_first=True), kwargs=_pk("igd_arrival")),
    **{f"igd:{_name}": Entry(scoped(IGD_WRITE, refused_first=True), kwargs=_pk("igd_arrival"), method="post",
                             data=lambda p: {"actions": "not-an-action"})
       for _name in ("triage", "vitals", "actions", "close")},
    # SATUSEHAT's sending status: Kepala Puskesmas, Dinkes and admins, each of their own area.
    "satusehat:status": Entry(only(SATUSEHAT)),
    "satusehat:requeue": Entry(only(SATUSEHAT, ok=REDIRECT), method="post", data=lambda p: {}),
    # The admin's own pages (its model pages come from admin_entries(), in admin_matrix.py).
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


def full_matrix(site) -> dict[str, Entry]:
    return {**MATRIX, **admin_entries(site)}
