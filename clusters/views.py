from datetime import date as date_cls

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facilities.models import Facility
from patients import services as patient_services
from patients.forms import apply_errors
from patients.permissions import can_register
from patients.selectors import patients_for, posyandu_choices
from patients.signals import RecordAction, record_touched

from . import services
from .forms import SessionChildForm, SessionPickForm, SessionRowForm, VisitForm
from .immunisation import SCHEDULE
from .models import ImmunisationStatus, Service, Setting, Visit
from .packages import BY_CODE, packages_for
from .selectors import (
    posyandu_mothers,
    services_for_package,
    serving_facilities,
    session_children,
    sessions_for,
    visits_for,
)
from .visit_history import visit_history

IMMUNISATION_NAMES = {code: code.replace("IMM_", "") for code, *_ in SCHEDULE}


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
    form = VisitForm(request.POST or None, package=pkg, services=services_for_package(pkg, stages),
                     facilities=facilities, initial={"setting": _default_setting(list(facilities))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                visit = services.visit_record(
                    by=request.user, patient=patient, facility=data["facility"], date=data["date"], package=package,
                    services=form.chosen_services(), measurements=form.measurements(), setting=data["setting"],
                    note=data["note"], confirm_warnings=data["confirm_warnings"],
                    submission_key=data["submission_key"],
                )
                record_touched(request, RecordAction.VISIT_CREATE, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Visit saved."))
            return redirect("clusters:visit", visit.pk)
    return render(request, "clusters/visit_form.html", {"form": form, "patient": patient, "package": pkg})


def _default_setting(facilities):
    if len(facilities) == 1 and facilities[0].type == "posyandu":
        return Setting.POSYANDU
    return Setting.BUILDING


@login_required
def visit_detail(request, pk):
    visit = get_object_or_404(visits_for(request.user).prefetch_related("services"), pk=pk)
    measurement = getattr(visit, "measurement", None) if hasattr(visit, "measurement") else None
    record_touched(request, RecordAction.VIEW_VISIT, visit.patient)
    return render(request, "clusters/visit_detail.html", {
        "visit": visit, "m": measurement, "package": BY_CODE.get(visit.package),
        "can_edit": can_register(request.user),
    })


@login_required
def visit_edit(request, pk):
    _require_register(request.user)
    visit = get_object_or_404(visits_for(request.user).prefetch_related("services"), pk=pk)
    patient = visit.patient
    pkg = BY_CODE[visit.package]
    stages = patient.stages(visit.date, pregnant=visit.pregnancy_id is not None)
    facilities = Facility.objects.filter(pk=visit.facility_id)
    offered = services_for_package(pkg, stages)
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
            initial[field] = value
    form = VisitForm(request.POST or None, package=pkg, services=offered, facilities=facilities, initial=initial)
    if request.method == "GET":
        record_touched(request, RecordAction.VIEW_VISIT, patient)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.visit_update(
                    by=request.user, visit=visit, date=data["date"], services=form.chosen_services(),
                    measurements=form.measurements(), setting=data["setting"], note=data["note"],
                    confirm_warnings=data["confirm_warnings"],
                )
                record_touched(request, RecordAction.VISIT_UPDATE, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
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
    rows = []
    if session is not None:
        for child in session_children(request.user, session):
            rows.append(_row(child, session))
    return render(request, "clusters/session.html", {
        "posyandu": posyandu, "day": day, "session": session, "rows": rows,
        "vitamin_a_month": day.month in (2, 8), "can_register": can_register(request.user),
        "mothers": posyandu_mothers(request.user, posyandu) if session else [],
        "child_form": SessionChildForm(),
    })


def _row(child, session):
    visit = child.session_visits[0] if child.session_visits else None
    try:
        status = child.immunisation_status
    except ImmunisationStatus.DoesNotExist:
        status = None
    age_days = (session.date - child.birth_date).days
    due = status.due if status else [code for code, from_days, *_ in SCHEDULE if from_days <= age_days]
    given_here = [s.code for s in visit.services.all() if s.code in IMMUNISATION_NAMES] if visit else []
    due = given_here + [code for code in due if code not in given_here]
    return {
        "child": child, "visit": visit, "m": getattr(visit, "measurement", None) if visit else None,
        "age_months": age_days * 12 // 365, "lying_default": age_days < 731, "due": due,
        "given_codes": {s.code for s in visit.services.all()} if visit else set(),
        "immunisation_names": IMMUNISATION_NAMES,
    }


def _result_payload(visit):
    m = getattr(visit, "measurement", None)
    if m is None:
        return {}
    return {
        "waz": _num(m.waz), "haz": _num(m.haz), "whz": _num(m.whz), "growth_code": m.growth_code,
        "bgm": m.bgm, "weight_for_age_class": m.weight_for_age_class,
        "height_for_age_class": m.height_for_age_class, "weight_for_height_class": m.weight_for_height_class,
        "labels": _class_labels(m),
    }


def _num(value):
    return None if value is None else float(value)


def _class_labels(m) -> list[str]:
    from .labels import CLASS_LABELS

    return [str(CLASS_LABELS[c]) for c in (m.weight_for_age_class, m.height_for_age_class,
                                            m.weight_for_height_class) if c and c in CLASS_LABELS]


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
        return _row_response(request, wants_json, session, errors=form.errors.get_json_data())
    codes = []
    if form.cleaned_data["vitamin_a"]:
        codes.append("VIT_A")
    if form.cleaned_data["immunisation"] in IMMUNISATION_NAMES:
        codes.append(form.cleaned_data["immunisation"])
    measurements = form.measurements()
    if measurements.get("weight_kg") is not None or measurements.get("length_cm") is not None:
        codes.append("WEIGHING")
    chosen = list(Service.objects.filter(code__in=codes, active=True))
    existing = Visit.objects.filter(session=session, patient=patient).prefetch_related("services").first()
    if existing:
        # The row manages weighing, vitamin A and the vaccine picked now; doses
        # given earlier in this session stay.
        managed = {"WEIGHING", "VIT_A"}
        chosen += [s for s in existing.services.all() if s.code not in managed and s not in chosen]
    try:
        with transaction.atomic():
            if existing:
                visit = services.visit_update(
                    by=request.user, visit=existing, date=session.date, services=chosen, measurements=measurements,
                    setting=Setting.POSYANDU, confirm_warnings=form.cleaned_data["confirm_warnings"],
                )
            else:
                visit = services.visit_record(
                    by=request.user, patient=patient, facility=session.posyandu, date=session.date,
                    package="balita", services=chosen, measurements=measurements, setting=Setting.POSYANDU,
                    session=session, confirm_warnings=form.cleaned_data["confirm_warnings"],
                )
            record_touched(request, RecordAction.VISIT_UPDATE if existing else RecordAction.VISIT_CREATE, patient)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        needs = isinstance(exc, patient_services.NeedsConfirmation)
        return _row_response(request, wants_json, session, errors=errors, needs_confirmation=needs)
    visit = Visit.objects.select_related("measurement").get(pk=visit.pk)
    if wants_json:
        return JsonResponse({"ok": True, "visit": visit.pk, **_result_payload(visit)})
    messages.success(request, _("Saved: %(name)s.") % {"name": patient.name})
    return redirect("clusters:session", session.posyandu_id, session.date.isoformat())


def _row_response(request, wants_json, session, errors, needs_confirmation=False):
    if wants_json:
        flat = {k: [e["message"] if isinstance(e, dict) else str(e) for e in v] for k, v in errors.items()}
        return JsonResponse({"ok": False, "errors": flat, "needs_confirmation": needs_confirmation}, status=400)
    for msgs in errors.values():
        for msg in msgs:
            messages.error(request, msg["message"] if isinstance(msg, dict) else str(msg))
    return redirect("clusters:session", session.posyandu_id, session.date.isoformat())


@require_POST
@login_required
def session_add_child(request, session_pk):
    _require_register(request.user)
    session = get_object_or_404(sessions_for(request.user), pk=session_pk)
    form = SessionChildForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        mother = patients_for(request.user).filter(pk=data["mother"], household__posyandu=session.posyandu).first()
        try:
            if mother is None:
                raise ValidationError(_("Choose the mother from this Posyandu."))
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
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(request, _("%(name)s added to this session.") % {"name": child.name})
    else:
        for field, errs in form.errors.items():
            for e in errs:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
    return redirect("clusters:session", session.posyandu_id, session.date.isoformat())
