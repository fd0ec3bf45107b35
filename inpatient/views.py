"""Ward pages, thin: load through selectors (out of area is a 404), validate
with a form, write through inpatient.services, redirect. A role that may not
do a thing gets 403."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility
from facilities.scope import openable
from facilities.typed import whole_number
from igd.models import Arrival
from patients.models import Patient
from patients.quick import patient_by_nik
from patients.signals import RecordAction, record_touched

from . import selectors, services
from .forms import AdmitForm, DischargeForm, NoteForm
from .models import Admission
from .permissions import can_read_ward, can_write_ward


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _month(text: str) -> date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1) if 2000 <= year <= today.year + 1 else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


@login_required
def ward(request):
    if not can_read_ward(request.user):
        raise PermissionDenied
    wards = list(selectors.wards_in_scope(request.user))
    chosen = next((w for w in wards if str(w.pk) == request.GET.get("puskesmas", "")), None)
    own = request.user.scope_facility
    if chosen is None and own is not None:
        chosen = next((w for w in wards if w.pk == own.pk), None)
    if chosen is None and len(wards) == 1:
        chosen = wards[0]
    month = _month(request.GET.get("month", ""))
    figures = selectors.ward_month(facilities_qs=Facility.objects.filter(pk=chosen.pk), month=month)[0] \
        if chosen else None
    return render(request, "inpatient/ward.html", {
        "wards": wards, "chosen": chosen, "month": month, "figures": figures,
        "current": selectors.current_admissions(user=request.user, facility=chosen) if chosen else [],
        "discharged": selectors.recent_discharges(user=request.user, facility=chosen) if chosen else [],
        "no_ward_here": own is not None and chosen is None,
        "may_write": can_write_ward(request.user),
    })


@login_required
def admit(request):
    if not can_write_ward(request.user):
        raise PermissionDenied
    patient_pk = request.POST.get("patient") or request.GET.get("patient") or ""
    nik = (request.POST.get("nik") or request.GET.get("nik") or "").strip()[:30]
    patient, nik_unknown = None, False
    if patient_pk:
        if (pk := whole_number(patient_pk)) is None:
            raise Http404
        patient = _person(request, pk)
    elif nik:
        # Someone referred from another area: found by their whole NIK (their
        # KTP is here), never by an id from the page (decision 40).
        patient = patient_by_nik(nik)
        nik_unknown = patient is None
        if patient is not None:  # shown to the user, whether or not the admission is then saved
            record_touched(request, RecordAction.NIK_LOOKUP, patient)
    arrival = _arrival(request, patient)
    beds = list(selectors.free_beds(user=request.user))
    if arrival is not None:  # from the IGD: a bed of the Puskesmas the person arrived at
        beds = [b for b in beds if b.facility_id == arrival.facility_id]
    initial = {"diagnoses": arrival.diagnosis.code} if arrival is not None and arrival.diagnosis_id else {}
    form = AdmitForm(request.POST or None, beds=beds, initial=initial)
    if request.method == "POST" and patient is None:
        form.add_error(None, _("Person: choose the person to admit from the people search first."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        bed = data["bed"]
        # A stay already ended is entered whole; from the IGD the person is here now.
        ended = data["ended"] and arrival is None
        try:
            with transaction.atomic():
                common = {"by": request.user, "patient": patient, "facility": bed.facility, "bed": bed,
                          "admitted_at": data["admitted_at"], "diagnosis_code": data["diagnoses"],
                          "note": data["note"], "delivery": data["delivery"]}
                if ended:
                    admission = services.admission_record_past(
                        **common, discharged_at=data["discharged_at"], outcome=data["outcome"],
                        referred_to=data["referred_to"], delivered_on=data["delivered_on"])
                else:
                    admission = services.admission_open(**common, arrival=arrival)
                record_touched(request, RecordAction.UPDATE, patient)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if ended:
                messages.success(request, _("The stay of %(name)s in bed %(bed)s is recorded, %(days)s day(s).") % {
                    "name": patient.name, "bed": bed.label, "days": admission.length_of_stay})
            else:
                messages.success(request, _("%(name)s admitted to bed %(bed)s.") % {"name": patient.name,
                                                                                   "bed": bed.label})
            return redirect("inpatient:admission", admission.pk)
    return render(request, "inpatient/admit.html", {
        "form": form, "patient": patient, "no_beds": not beds, "arrival": arrival,
        "nik": nik if patient is not None and not patient_pk else "", "nik_typed": nik, "nik_unknown": nik_unknown,
        "person_openable": patient is not None and bool(openable(request.user, Patient, [patient])),
        "known_diagnoses": [],
    }, status=400 if request.method == "POST" or nik_unknown else 200)


def _person(request, pk: int) -> Patient:
    """The person to admit: in the user's area, or the person of an IGD
    arrival here (`?arrival=`), who may live elsewhere."""
    found = Patient.objects.for_user(request.user).active().filter(pk=pk).first()
    if found is not None:
        return found
    if (arrival_pk := whole_number(request.POST.get("arrival") or request.GET.get("arrival"))) is None:
        raise Http404
    arrival = get_object_or_404(Arrival.objects.for_user(request.user).select_related("patient"),
                                pk=arrival_pk, patient_id=pk, patient__merged_into__isnull=True)
    return arrival.patient


def _arrival(request, patient):
    """The IGD arrival the admission comes from (`?arrival=`): the person's,
    in the user's area, else 404."""
    given = request.POST.get("arrival") or request.GET.get("arrival") or ""
    if not given:
        return None
    if patient is None or (arrival_pk := whole_number(given)) is None:
        raise Http404
    return get_object_or_404(Arrival.objects.for_user(request.user).select_related("diagnosis"), pk=arrival_pk,
                             patient=patient)


def _load(request, pk: int) -> Admission:
    try:
        return selectors.admission_for(request.user, pk)
    except Admission.DoesNotExist:
        raise Http404 from None


@login_required
def admission(request, pk: int):
    if not can_read_ward(request.user):
        raise PermissionDenied
    stay = _load(request, pk)
    record_touched(request, RecordAction.VIEW, stay.patient)
    may_write = can_write_ward(request.user)
    return render(request, "inpatient/admission.html", {
        "a": stay, "notes": list(stay.notes.select_related("author")),
        "note_form": NoteForm() if may_write and stay.is_open else None, "may_write": may_write,
        "person_openable": bool(openable(request.user, Patient, [stay.patient])),
    })


@login_required
def note(request, pk: int):
    if not can_write_ward(request.user):
        raise PermissionDenied
    stay = _load(request, pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.note_add(by=request.user, admission=stay, **data)
                record_touched(request, RecordAction.UPDATE, stay.patient)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Note saved."))
            return redirect("inpatient:admission", stay.pk)
    return render(request, "inpatient/note.html", {"a": stay, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
def discharge(request, pk: int):
    if not can_write_ward(request.user):
        raise PermissionDenied
    stay = _load(request, pk)
    initial = None
    if not stay.is_open:  # correcting a discharge: the form shows what was saved
        initial = {"discharged_at": timezone.localtime(stay.discharged_at).strftime("%Y-%m-%dT%H:%M"),
                   "outcome": stay.outcome, "referred_to": stay.referred_to,
                   "delivered_on": stay.delivery_visit.date if stay.delivery_visit else None}
    form = DischargeForm(request.POST or None, delivery=stay.delivery, **({"initial": initial} if initial else {}))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                done = services.admission_discharge(by=request.user, admission=stay, **data)
                record_touched(request, RecordAction.UPDATE, stay.patient)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(name)s discharged after %(days)s day(s).") % {
                "name": stay.patient.name, "days": done.length_of_stay})
            return redirect("inpatient:admission", stay.pk)
    return render(request, "inpatient/discharge.html", {"a": stay, "form": form},
                  status=400 if request.method == "POST" else 200)
