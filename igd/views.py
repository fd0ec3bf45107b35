"""IGD pages, thin: load through selectors (out of area is a 404), validate
with a form, write through igd.services, redirect. A role that may not do a
thing gets 403."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from facilities.models import FacilityType
from facilities.scope import openable
from facilities.typed import whole_number
from patients.models import Patient
from patients.quick import patient_by_nik
from patients.selectors import patient_search
from patients.signals import RecordAction, record_touched

from . import selectors, services
from .forms import ActionsForm, ArrivalForm, CloseForm, TriageForm, VitalsForm
from .models import Arrival
from .permissions import can_read_igd, can_write_igd

PICK_ROWS = 10


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _matches(user, q: str, *, besides: int | None = None) -> list:
    """Registered people of the user's area matching a search by name or
    NIK (none without one), with their Posyandu: a page of picks."""
    if not q:
        return []
    return list(patient_search(user, q=q)[0].exclude(pk=besides).select_related("household__posyandu")[:PICK_ROWS])


def _day(request) -> date:
    """The day asked for, or today when missing, malformed or far off (a
    year outside 2000-2999 is a typing slip)."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()
    return day if 2000 <= day.year <= 2999 else timezone.localdate()


@login_required
def register(request):
    if not can_read_igd(request.user):
        raise PermissionDenied
    own = request.user.scope_facility
    choices = [] if own is not None else list(selectors.puskesmas_in_scope(request.user))
    chosen = next((f for f in choices if str(f.pk) == request.GET.get("puskesmas", "")), None)
    day = _day(request)
    rows = selectors.register(user=request.user, day=day, puskesmas=chosen)
    return render(request, "igd/register.html", {
        "rows": rows, "day": day, "choices": choices, "chosen": chosen, "may_write": can_write_igd(request.user),
        "quick_waiting": selectors.quick_records_waiting(request.user, chosen),
    })


@login_required
def arrival_new(request):
    if not can_write_igd(request.user):
        raise PermissionDenied
    patient = None
    if request.GET.get("patient", ""):
        if (pk := whole_number(request.GET["patient"])) is None:
            raise Http404
        patient = get_object_or_404(Patient.objects.for_user(request.user).active(), pk=pk)
    own = request.user.scope_facility
    choices = None if own is not None and own.type == FacilityType.PUSKESMAS else list(
        selectors.puskesmas_in_scope(request.user))
    form = ArrivalForm(request.POST if request.method == "POST" else None, patient=patient,
                       puskesmas_choices=choices)
    q = request.GET.get("q", "").strip()[:100]
    matches = _matches(request.user, q) if patient is None else []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        facility = own if choices is None else form.puskesmas_by_pk[data["puskesmas"]]
        try:
            with transaction.atomic():
                arrival = services.arrival_register(
                    by=request.user, facility=facility, arrived_at=data["arrived_at"], patient=patient,
                    quick=form.quick(), chief_complaint=data["chief_complaint"])
                record_touched(request, RecordAction.CREATE if arrival.quick_registered else RecordAction.UPDATE,
                               arrival.patient)
        except services.NikOfOtherSex as exc:
            # Refused, yet the user learnt that the NIK is registered: logged outside the rolled-back write.
            record_touched(request, RecordAction.NIK_LOOKUP, exc.patient)
            _add_errors(form, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if patient is None and not arrival.quick_registered:
                messages.success(request, _("This NIK is already registered: the arrival is on the record of "
                                            "%(name)s.") % {"name": arrival.patient.name})
            else:
                messages.success(request, _("Arrival registered: %(name)s.") % {"name": arrival.patient.name})
            return redirect("igd:arrival", arrival.pk)
    return render(request, "igd/arrival_form.html", {"form": form, "patient": patient, "q": q, "matches": matches})


def _load(request, pk: int) -> Arrival:
    try:
        return selectors.arrival_for(request.user, pk)
    except Arrival.DoesNotExist:
        raise Http404 from None


def _detail(request, arrival, **bound):
    may_write = can_write_igd(request.user)
    forms = {}
    if may_write and arrival.is_open:
        vitals_initial = {f: getattr(arrival, f) for f in ("systolic", "diastolic", "pulse", "respiratory_rate",
                                                           "temperature_c", "spo2", "gcs")}
        forms = {
            "triage_form": TriageForm(initial={"level": arrival.triage, "chief_complaint": arrival.chief_complaint,
                                               "triaged_at": TriageForm().initial["triaged_at"]}),
            "vitals_form": VitalsForm(initial={**vitals_initial, "vitals_at": VitalsForm().initial["vitals_at"]}),
            "actions_form": ActionsForm(initial={"actions": arrival.actions, "note": arrival.actions_note,
                                                 "diagnosis_code": getattr(arrival.diagnosis, "code", "")}),
            "close_form": CloseForm(),
        }
    forms.update(bound)
    readings = list(arrival.readings.order_by("-measured_at", "-pk"))
    return render(request, "igd/arrival_detail.html", {"a": arrival, "may_write": may_write, **forms,
                                                       "readings": readings,
                                                       "person_openable": bool(openable(request.user, Patient,
                                                                                        [arrival.patient]))})


@login_required
def arrival_detail(request, pk: int):
    if not can_read_igd(request.user):
        raise PermissionDenied
    arrival = _load(request, pk)
    record_touched(request, RecordAction.VIEW, arrival.patient)
    return _detail(request, arrival)


STEPS = {
    "triage": (TriageForm, lambda by, a, d: services.arrival_triage(
        by=by, arrival=a, level=d["level"], triaged_at=d["triaged_at"], chief_complaint=d["chief_complaint"]),
        gettext_noop("Triage saved.")),
    "vitals": (VitalsForm, lambda by, a, d: services.arrival_vitals(
        by=by, arrival=a, measured_at=d["vitals_at"], vitals={k: d.get(k) for k in (
            "systolic", "diastolic", "pulse", "respiratory_rate", "temperature_c", "spo2", "gcs")}),
        gettext_noop("Vital signs saved.")),
    "actions": (ActionsForm, lambda by, a, d: services.arrival_actions(
        by=by, arrival=a, actions=d["actions"], note=d["note"], diagnosis_code=d["diagnosis_code"]),
        gettext_noop("Actions saved.")),
    "close": (CloseForm, lambda by, a, d: services.arrival_close(
        by=by, arrival=a, outcome=d["outcome"], closed_at=d["closed_at"], referred_to=d["referred_to"],
        note=d["note"]), gettext_noop("Outcome saved; the arrival is closed.")),
}


def _step(request, pk: int, step: str):
    if not can_write_igd(request.user):
        raise PermissionDenied
    arrival = _load(request, pk)
    if not arrival.is_open:
        messages.error(request, _("This arrival is closed: its outcome is recorded."))
        return redirect("igd:arrival", pk)
    form_class, write, done = STEPS[step]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                write(request.user, arrival, form.cleaned_data)
                record_touched(request, RecordAction.UPDATE, arrival.patient)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _(done))
            return redirect("igd:arrival", pk)
    return _detail(request, arrival, **{f"{step}_form": form})


def _elsewhere(q: str, matches: list, besides: int) -> Patient | None:
    """The registered person whose whole NIK was searched for, when the
    area's search did not find them: someone from another area, whose KTP
    is in front of the nurse (as at registration)."""
    found = patient_by_nik(q)
    if found is None or found.pk == besides or any(p.pk == found.pk for p in matches):
        return None
    return found


@login_required
def arrival_person(request, pk: int):
    """Put the arrival on another registered person: one of the area, or
    anyone by their whole NIK (the one it was recorded on was picked by
    mistake). The search (`q`) stays in the address, so a refused pick
    shows the same list again."""
    if not can_write_igd(request.user):
        raise PermissionDenied
    arrival = _load(request, pk)
    q = request.GET.get("q", "").strip()[:100]
    error = None
    if request.method == "POST":
        picked, chosen = whole_number(request.POST.get("patient", "")), None
        if request.POST.get("nik"):  # someone from elsewhere: by the NIK again, never by an id from the page
            chosen = patient_by_nik(request.POST["nik"])
        elif picked is not None:
            chosen = Patient.objects.for_user(request.user).active().filter(pk=picked).first()
        if chosen is None:
            error = _("Person: pick a registered person of your area from the list, or search by their whole NIK.")
        else:
            was = arrival.patient
            try:
                with transaction.atomic():
                    services.arrival_change_person(by=request.user, arrival=arrival, patient=chosen)
                    record_touched(request, RecordAction.UPDATE, was, chosen)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(request, _("The arrival is now on the record of %(name)s.") % {"name": chosen.name})
                return redirect("igd:arrival", pk)
    matches = _matches(request.user, q, besides=arrival.patient_id)
    elsewhere = _elsewhere(q, matches, arrival.patient_id)
    if elsewhere is not None:
        record_touched(request, RecordAction.NIK_LOOKUP, elsewhere)
    return render(request, "igd/arrival_person.html", {"a": arrival, "q": q, "matches": matches,
                                                       "elsewhere": elsewhere, "error": error},
                  status=400 if error else 200)


@login_required
@require_POST
def triage(request, pk: int):
    return _step(request, pk, "triage")


@login_required
@require_POST
def vitals(request, pk: int):
    return _step(request, pk, "vitals")


@login_required
@require_POST
def actions(request, pk: int):
    return _step(request, pk, "actions")


@login_required
@require_POST
def close(request, pk: int):
    return _step(request, pk, "close")
