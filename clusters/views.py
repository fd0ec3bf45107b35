from datetime import date as date_cls

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from facilities.models import Facility
from facilities.scope import openable
from patients import services as patient_services
from patients.forms import apply_errors
from patients.models import Patient
from patients.permissions import can_register, can_remove_visits
from patients.selectors import patients_for, posyandu_choices
from patients.signals import RecordAction, record_touched

from . import diagnoses as diagnoses_module
from . import services, session_rows
from .forms import (
    SERVICE_FIELD_LABELS,
    SessionChildForm,
    SessionPickForm,
    SessionRowForm,
    VisitForm,
    VisitRemoveForm,
    labelled_errors,
)
from .models import Setting, Visit
from .packages import BY_CODE, packages_for
from .selectors import (
    DIAGNOSES,
    posyandu_mother,
    posyandu_mothers,
    services_for_package,
    serving_facilities,
    session_children,
    sessions_for,
    visits_for,
)
from .session_rows import RowData
from .signals import roster_notes
from .visit_history import visit_history


def _require_register(user):
    if not can_register(user):
        raise PermissionDenied


def _patient(user, pk):
    patient = patients_for(user).filter(pk=pk).first()
    if patient is None:
        raise Http404
    return patient


def _pregnant(patient) -> bool:
    return bool(getattr(patient, "ongoing", None))


@login_required
def visit_create(request, patient_pk, package):
    _require_register(request.user)
    patient = _patient(request.user, patient_pk)
    today = timezone.localdate()
    offered = {p.code: p for p in packages_for(birth_date=patient.birth_date, sex=patient.sex, on=today,
                                               pregnant=_pregnant(patient))}
    if package not in offered:
        raise Http404
    pkg = offered[package]
    stages = patient.stages(today, pregnant=_pregnant(patient))
    facilities = serving_facilities(request.user)
    offered_services = services_for_package(pkg, stages, sex=patient.sex, birth_date=patient.birth_date, on=today)
    # ?tempat=rumah: a service given at a home visit (the follow-up pages link here).
    setting = request.GET.get("tempat")
    facility_list = list(facilities)
    setting = setting if setting in Setting.values else _default_setting(facility_list)
    form = VisitForm(request.POST or None, package=pkg, services=offered_services, facilities=facilities,
                     diagnoses=any(diagnoses_module.facility_takes_diagnoses(f) for f in facility_list),
                     initial={"setting": setting})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                visit = services.visit_record(
                    by=request.user, patient=patient, facility=data["facility"], date=data["date"], package=package,
                    services=form.chosen_services(), measurements=form.measurements(), setting=data["setting"],
                    note=data["note"], confirm_warnings=data["confirm_warnings"],
                    submission_key=data["submission_key"], diagnoses=form.chosen_diagnoses() or (),
                )
                record_touched(request, RecordAction.VISIT_CREATE, patient)
        except ValidationError as exc:
            apply_errors(form, exc, labels=SERVICE_FIELD_LABELS)
        else:
            messages.success(request, _("Visit saved."))
            return redirect("clusters:visit", visit.pk)
    return render(request, "clusters/visit_form.html", {"form": form, "patient": patient, "package": pkg})


def _default_setting(facilities):
    if len(facilities) == 1 and facilities[0].type == "posyandu":
        return Setting.POSYANDU
    return Setting.BUILDING


@login_required
def diagnosis_search(request):
    """ICD-10 suggestions for the visit form's picker: by code prefix or
    English words, at most 20."""
    found = diagnoses_module.search(request.GET.get("q", ""))
    return JsonResponse({"results": [{"code": d.code, "name": d.name, "label": str(d)} for d in found]})


@login_required
def visit_detail(request, pk):
    visit = get_object_or_404(visits_for(request.user).prefetch_related("services", DIAGNOSES), pk=pk)
    measurement = getattr(visit, "measurement", None) if hasattr(visit, "measurement") else None
    record_touched(request, RecordAction.VIEW_VISIT, visit.patient)
    return render(request, "clusters/visit_detail.html", {
        "visit": visit, "m": measurement, "package": BY_CODE.get(visit.package),
        "can_edit": can_register(request.user), "can_remove": can_remove_visits(request.user),
        # A visit at this Puskesmas (a ward delivery) may be of someone living elsewhere.
        "person_openable": bool(openable(request.user, Patient, [visit.patient])),
    })


@login_required
def visit_remove(request, pk):
    if not can_remove_visits(request.user):
        raise PermissionDenied
    visit = get_object_or_404(visits_for(request.user).prefetch_related("services"), pk=pk)
    form = VisitRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient = visit.patient
        try:
            with transaction.atomic():
                services.visit_remove(by=request.user, visit=visit, reason=form.cleaned_data["reason"])
                record_touched(request, RecordAction.VISIT_REMOVE, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Visit removed; the removal and its reason are kept."))
            return redirect("patients:detail", patient.pk)
    return render(request, "clusters/visit_remove.html", {"visit": visit, "form": form})


@login_required
def visit_edit(request, pk):
    _require_register(request.user)
    visit = get_object_or_404(visits_for(request.user).prefetch_related("services"), pk=pk)
    patient = visit.patient
    pkg = BY_CODE[visit.package]
    stages = patient.stages(visit.date, pregnant=visit.pregnancy_id is not None)
    facilities = Facility.objects.filter(pk=visit.facility_id).select_related("region")
    offered = services_for_package(pkg, stages, sex=patient.sex, birth_date=patient.birth_date, on=visit.date)
    offered += [s for s in visit.services.all() if s not in offered]  # what was given stays choosable
    m = getattr(visit, "measurement", None) if hasattr(visit, "measurement") else None
    initial = {"date": visit.date, "facility": visit.facility_id, "setting": visit.setting, "note": visit.note,
               "services": [str(s.pk) for s in visit.services.all()]}
    if m is not None:
        for field in pkg.fields:
            value = getattr(m, field)
            if field == "measured_lying":
                value = {True: "lying", False: "standing"}.get(value, "")
            elif field == "glucose_fasting":
                value = {True: "fasting", False: "random"}.get(value, "")
            elif field == "oedema":
                value = bool(value)
            initial[field] = value
    takes_diagnoses = diagnoses_module.facility_takes_diagnoses(visit.facility)
    current = [row.diagnosis for row in visit.diagnosis_rows.select_related("diagnosis")] if takes_diagnoses else []
    form = VisitForm(request.POST or None, package=pkg, services=offered, facilities=facilities, initial=initial,
                     diagnoses=takes_diagnoses, current_diagnoses=current)
    if request.method == "GET":
        record_touched(request, RecordAction.VIEW_VISIT, patient)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.visit_update(
                    by=request.user, visit=visit, date=data["date"], services=form.chosen_services(),
                    measurements=form.measurements(), setting=data["setting"], note=data["note"],
                    confirm_warnings=data["confirm_warnings"], diagnoses=form.chosen_diagnoses(),
                )
                record_touched(request, RecordAction.VISIT_UPDATE, patient)
        except ValidationError as exc:
            apply_errors(form, exc, labels=SERVICE_FIELD_LABELS)
        else:
            messages.success(request, _("Visit corrected."))
            return redirect("clusters:visit", visit.pk)
    return render(request, "clusters/visit_form.html", {"form": form, "patient": patient, "package": pkg,
                                                        "visit": visit})


@login_required
def visit_history_view(request, pk):
    visit = get_object_or_404(visits_for(request.user), pk=pk)
    record_touched(request, RecordAction.VIEW_HISTORY, visit.patient)
    return render(request, "clusters/visit_history.html", {"visit": visit, "entries": visit_history(visit)})


@login_required
def session_pick(request):
    posyandu = posyandu_choices(request.user)
    if request.user.scope_facility_id and request.user.scope_facility.type == "posyandu":
        return redirect("clusters:session", request.user.scope_facility_id, timezone.localdate().isoformat())
    form = SessionPickForm(request.GET or None, posyandu_queryset=posyandu)
    if form.is_bound and form.is_valid():
        return redirect("clusters:session", form.cleaned_data["posyandu"].pk, form.cleaned_data["date"].isoformat())
    return render(request, "clusters/session_pick.html", {"form": form})


def _session_date(raw: str) -> date_cls:
    try:
        day = date_cls.fromisoformat(raw)
    except ValueError:
        raise Http404 from None
    if not services.SESSION_FIRST_DATE <= day <= timezone.localdate():
        raise Http404
    return day


@login_required
def session_page(request, posyandu_pk, day):
    posyandu = get_object_or_404(posyandu_choices(request.user), pk=posyandu_pk)
    day = _session_date(day)
    session = sessions_for(request.user).filter(posyandu=posyandu, date=day).first()
    if request.method == "POST":
        _require_register(request.user)
        session = services.session_open(by=request.user, posyandu=posyandu, day=day)
        return redirect("clusters:session", posyandu.pk, day.isoformat())
    return _render_session(request, posyandu, day, session)


def _render_session(request, posyandu, day, session, *, child_form=None, mothers=None, status=200):
    """The session page; `child_form`: a refused "add a child" form, shown
    open with its errors and what was typed (with the `mothers` it offered)."""
    rows = []
    if mothers is None:
        mothers = posyandu_mothers(request.user, posyandu, on=day) if session else []
    if session is not None:
        children = list(session_children(request.user, session))
        notes = roster_notes(request.user, day, [c.pk for c in children])
        for child in children:
            rows.append({**session_rows.row_view(child, session), "note": notes.get(child.pk)})
        # A child referred to the Posyandu at a home visit comes first.
        rows.sort(key=lambda r: not (r["note"] and r["note"].referral))
    return render(request, "clusters/session.html", {
        "posyandu": posyandu, "day": day, "session": session, "rows": rows,
        "vitamin_a_month": day.month in (2, 8), "can_register": can_register(request.user),
        "child_form": child_form or SessionChildForm(mothers=mothers, on=day),
        "add_child_open": child_form is not None, "template_row": TEMPLATE_ROW,
    }, status=status)


# The row the offline script copies for a child registered without a signal.
TEMPLATE_ROW = {"child": {"pk": "new", "name": "", "sex": ""}, "template": True, "due": [], "age_months": 0,
                "lying_default": True, "given_codes": set(), "immunisation_names": {}, "last_weight": None}


CLEARED = _lazy("This child's row was saved before and cannot be emptied here: change the values, or correct "
                "the visit from the child's page.")


@require_POST
@login_required
def session_row_save(request, session_pk, patient_pk):
    _require_register(request.user)
    session = get_object_or_404(sessions_for(request.user).select_related("posyandu"), pk=session_pk)
    patient = _patient(request.user, patient_pk)
    if patient.household.posyandu_id != session.posyandu_id:
        raise Http404
    form = SessionRowForm(request.POST)
    wants_json = request.headers.get("x-requested-with") == "fetch"
    if not form.is_valid():
        return _row_response(request, wants_json, session, errors=labelled_errors(form.errors, form))
    existing = Visit.objects.filter(session=session, patient=patient).prefetch_related("services").first()
    if form.is_empty():
        if existing:  # emptying a saved row would delete what was measured: not from here
            return _row_response(request, wants_json, session, errors={"__all__": [str(CLEARED)]})
        return _row_response(request, wants_json, session, errors={"__all__": [str(session_rows.NOTHING_ENTERED)]},
                             empty=True)
    row = RowData(measurements=form.measurements(), vitamin_a=form.cleaned_data["vitamin_a"],
                  immunisations=form.cleaned_data["immunisation"],
                  confirm_warnings=form.cleaned_data["confirm_warnings"])
    try:
        with transaction.atomic():
            visit, created = session_rows.row_save(by=request.user, session=session, patient=patient, row=row)
            record_touched(request, RecordAction.VISIT_CREATE if created else RecordAction.VISIT_UPDATE, patient)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        needs = isinstance(exc, patient_services.NeedsConfirmation)
        return _row_response(request, wants_json, session, errors=labelled_errors(errors, form),
                             needs_confirmation=needs)
    visit = Visit.objects.select_related("measurement").prefetch_related("services").get(pk=visit.pk)
    if wants_json:
        m = getattr(visit, "measurement", None)
        return JsonResponse({
            "ok": True, "visit": visit.pk,
            "result_html": render_to_string("clusters/_results.html", {"m": m}, request=request),
            "values": session_rows.row_values(m, visit),
        })
    messages.success(request, _("Saved: %(name)s.") % {"name": patient.name})
    return redirect("clusters:session", session.posyandu_id, session.date.isoformat())


def _row_response(request, wants_json, session, errors: dict[str, list[str]], needs_confirmation=False, empty=False):
    """A row that was not saved; `errors` already name their fields."""
    if wants_json:
        if empty:
            return JsonResponse({"ok": False, "empty": True, "errors": errors}, status=400)
        return JsonResponse({"ok": False, "errors": errors, "needs_confirmation": needs_confirmation}, status=400)
    level = messages.warning if needs_confirmation or empty else messages.error
    for texts in errors.values():
        for text in texts:
            level(request, text)
    return redirect("clusters:session", session.posyandu_id, session.date.isoformat())


@require_POST
@login_required
def session_add_child(request, session_pk):
    """Register a child from the session. Refused, the page comes back with
    the form open, its errors and everything typed (status 400)."""
    _require_register(request.user)
    session = get_object_or_404(sessions_for(request.user).select_related("posyandu"), pk=session_pk)
    mothers = posyandu_mothers(request.user, session.posyandu, on=session.date)
    form = SessionChildForm(request.POST, mothers=mothers, on=session.date)
    if form.is_valid():
        data = form.cleaned_data
        mother = posyandu_mother(request.user, session.posyandu, data["mother"], on=session.date)
        try:
            if mother is None:
                raise ValidationError({"mother": [_("Choose the mother from this Posyandu.")]})
            with transaction.atomic():
                if data["nik"]:
                    child = patient_services.patient_register(
                        by=request.user, household=mother.household, name=data["name"], sex=data["sex"],
                        birth_date=data["birth_date"], nik=data["nik"], confirm_warnings=True,
                    )
                else:
                    child = patient_services.newborn_register(
                        by=request.user, mother=mother, name=data["name"], sex=data["sex"],
                        birth_date=data["birth_date"],
                    )
                record_touched(request, RecordAction.CREATE, child)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s added to this session.") % {"name": child.name})
            return redirect("clusters:session", session.posyandu_id, session.date.isoformat())
    messages.error(request, _("The child was not added: check the form below."))
    return _render_session(request, session.posyandu, session.date, session, child_form=form, mothers=mothers,
                           status=400)
