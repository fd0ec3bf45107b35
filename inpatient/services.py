"""Writes for the ward, each in one transaction: admit, write a daily note,
discharge, enter a stay that has already ended (docs/decisions/0031-inpatient.md).

A normal delivery admitted here is the person's delivery at a facility: at
discharge it is recorded once as a PERSALINAN visit of the Puskesmas through
clusters.services.visit_record (with the open pregnancy), so the coverage
figures follow as for any delivery recorded at a visit."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters import diagnoses
from clusters.models import Service, Setting
from clusters.services import visit_record
from facilities.models import Facility, FacilityType
from igd.models import Arrival
from igd.models import Outcome as ArrivalOutcome
from igd.services import arrival_close
from patients.models import Patient, PregnancyStatus

from .models import Admission, Bed, DailyNote, Outcome, last_care_day, length_of_stay
from .permissions import can_write_ward

NOTE_MAX = 2000
# Vital signs a note may carry: (lowest, highest) accepted.
VITAL_RANGES = {"systolic": (40, 300), "diastolic": (20, 200), "pulse": (20, 250)}


def _in_scope(user, facility: Facility) -> bool:
    return Facility.objects.for_user(user).filter(pk=facility.pk).exists()


def _may_write(by, facility: Facility) -> None:
    if not can_write_ward(by) or not _in_scope(by, facility):
        raise PermissionDenied(_("Only the ward staff of this Puskesmas may do this."))


def _not_in_future(field: str, label: str, moment: datetime) -> None:
    if moment > timezone.now() + timedelta(minutes=5):
        raise ValidationError({field: [_("%(field)s cannot be in the future.") % {"field": label}]})


def _open_pregnancy(patient: Patient):
    if patient.sex != "P":
        return None
    return patient.pregnancies.filter(status=PregnancyStatus.ONGOING).first()


def _checked(*, by, patient: Patient, facility: Facility, bed: Bed, admitted_at: datetime, diagnosis_code: str,
             delivery: bool, arrival: Arrival | None):
    """The checks of any admission, now or entered after it ended; its
    diagnosis."""
    _may_write(by, facility)
    if facility.type != FacilityType.PUSKESMAS or not facility.inpatient:
        raise ValidationError({"bed": [_("%(name)s is not a Puskesmas rawat inap: it cannot admit patients.") % {
            "name": facility.name}]})
    if bed.facility_id != facility.pk:
        raise ValidationError({"bed": [_("Bed: choose a bed in use at %(name)s.") % {"name": facility.name}]})
    if admitted_at is None:
        raise ValidationError({"admitted_at": [_("Admitted at: write the date and time.")]})
    if not bed.in_use_on(timezone.localdate(admitted_at)):
        raise ValidationError({"bed": [_("Bed %(bed)s was not in use on %(day)s: choose a bed in use that day.") % {
            "bed": bed.label, "day": date_format(timezone.localdate(admitted_at))}]})
    _not_in_future("admitted_at", _("Admitted at"), admitted_at)
    found, unknown = diagnoses.resolve(diagnoses.split_codes(diagnosis_code)[:1])
    if not found:
        raise ValidationError({"diagnoses": [_("Diagnosis: write an ICD-10 code from the list, e.g. A09.")
                                             if not unknown else
                                             _("Diagnosis: %(code)s is not an ICD-10 code.") % {"code": unknown[0]}]})
    if arrival is not None and (arrival.facility_id != facility.pk or arrival.patient_id != patient.pk
                                or arrival.closed_at is not None):
        raise ValidationError({"arrival": [_("IGD arrival: it must be this person's open arrival at %(name)s.") % {
            "name": facility.name}]})
    if delivery and _open_pregnancy(patient) is None:
        raise ValidationError({"delivery": [_("Normal delivery: record the pregnancy first; only a pregnant woman "
                                              "is admitted for delivery.")]})
    return found[0]


def _lock(*, bed: Bed, patient: Patient) -> None:
    """Lock the bed: two nurses admitting to it at once queue here, the
    second finds it taken (the partial unique index is the last guard). And
    the person: two beds at once for one person queue here too."""
    Bed.objects.select_for_update().filter(pk=bed.pk).first()
    if Patient.objects.select_for_update().filter(pk=patient.pk).values_list("merged_into_id", flat=True).first():
        raise ValidationError({"bed": [_("Person: this record was merged; pick the kept record.")]})


@transaction.atomic
def admission_open(*, by, patient: Patient, facility: Facility, bed: Bed, admitted_at: datetime,
                   diagnosis_code: str, note: str = "", delivery: bool = False,
                   arrival: Arrival | None = None) -> Admission:
    """Admit a registered person to a free bed of a Puskesmas rawat inap.
    From the IGD, `arrival` is the person's open arrival at this Puskesmas:
    it is closed as admitted at the admission's time, in the same
    transaction. Raises ValidationError (per field) for a
    facility without beds, a bed of another facility or in use, an unknown
    ICD-10 code, a time in the future, or a delivery without a pregnancy."""
    diagnosis = _checked(by=by, patient=patient, facility=facility, bed=bed, admitted_at=admitted_at,
                         diagnosis_code=diagnosis_code, delivery=delivery, arrival=arrival)
    _lock(bed=bed, patient=patient)
    if Admission.objects.filter(bed=bed, discharged_at__isnull=True).exists():
        raise ValidationError({"bed": [_("Bed %(bed)s is occupied: discharge its patient or choose another bed.") % {
            "bed": bed.label}]})
    if Admission.objects.filter(patient=patient, discharged_at__isnull=True).exists():
        raise ValidationError({"bed": [_("%(name)s is already admitted: discharge first.") % {"name": patient.name}]})
    _refuse_overlap("admitted_at", bed=bed, patient=patient, start=admitted_at, end=None)
    admission = Admission(patient=patient, facility=facility, district_id=facility.district_id, bed=bed,
                          admitted_at=admitted_at, admitted_by=by, diagnosis=diagnosis, note=(note or "")[:200],
                          delivery=bool(delivery), arrival=arrival)
    try:
        with transaction.atomic():
            admission.save(force_insert=True)
    except IntegrityError:
        raise _clash(admission) from None
    if arrival is not None:
        _close_arrival(by=by, arrival=arrival, admitted_at=admitted_at)
    return admission


@transaction.atomic
def admission_record_past(*, by, patient: Patient, facility: Facility, bed: Bed, admitted_at: datetime,
                          discharged_at: datetime, outcome: str, referred_to: str = "", diagnosis_code: str,
                          note: str = "", delivery: bool = False, delivered_on: date | None = None) -> Admission:
    """A stay that has already ended, entered afterwards (kept in the ward
    book through a power cut, say): admitted and discharged in one step, so
    it may lie before a later stay of its bed or its person, and its bed
    may hold someone now. The checks are those of admitting and of
    discharging; it must not overlap any other stay."""
    diagnosis = _checked(by=by, patient=patient, facility=facility, bed=bed, admitted_at=admitted_at,
                         diagnosis_code=diagnosis_code, delivery=delivery, arrival=None)
    _check_discharge(admitted_at=admitted_at, discharged_at=discharged_at)
    if not bed.in_use_on(last := last_care_day(admitted_at, discharged_at)):
        raise ValidationError({"bed": [_("Bed %(bed)s was not in use on %(day)s: choose a bed in use that day.") % {
            "bed": bed.label, "day": date_format(last)}]})
    referred_to = _referral(outcome, referred_to)
    _lock(bed=bed, patient=patient)
    _refuse_overlap("admitted_at", bed=bed, patient=patient, start=admitted_at, end=discharged_at)
    admission = Admission.objects.create(
        patient=patient, facility=facility, district_id=facility.district_id, bed=bed, admitted_at=admitted_at,
        admitted_by=by, diagnosis=diagnosis, note=(note or "")[:200], delivery=bool(delivery),
        discharged_at=discharged_at, outcome=outcome, referred_to=referred_to, discharged_by=by,
        length_of_stay=length_of_stay(admitted_at, discharged_at))
    if delivery:
        _delivered(by=by, admission=admission, delivered_on=delivered_on)
        admission.save(update_fields=["delivery_visit"])
    return admission


def _refuse_overlap(field: str, *, bed: Bed, patient: Patient, start: datetime, end: datetime | None,
                    exclude: int | None = None) -> None:
    """A bed holds one person at a time, and a person lies in one bed, in the
    past too: a stay backdated or a discharge corrected must not overlap
    another (bed-days would count twice in BOR)."""
    others = Admission.objects.exclude(pk=exclude).filter(Q(discharged_at__isnull=True) | Q(discharged_at__gt=start))
    if end is not None:
        others = others.filter(admitted_at__lt=end)
    clash = others.filter(Q(bed=bed) | Q(patient=patient)).order_by("admitted_at").first()
    if clash is None:
        return
    at = timezone.localtime(clash.admitted_at).strftime("%d-%m-%Y %H:%M")
    if clash.bed_id == bed.pk:
        message = _("Bed %(bed)s holds another stay from %(at)s: the two stays cannot overlap.") % {
            "bed": bed.label, "at": at}
    else:
        message = _("%(name)s has another stay from %(at)s: the two stays cannot overlap.") % {
            "name": patient.name, "at": at}
    raise ValidationError({field: [message]})


def _clash(admission: Admission) -> ValidationError:
    """Which guard a concurrent admission hit: the bed, the person or the
    IGD arrival (each has its partial unique index)."""
    open_ = Admission.objects.filter(discharged_at__isnull=True)
    if open_.filter(bed=admission.bed).exists():
        return ValidationError({"bed": [_("Bed %(bed)s is occupied: discharge its patient or choose another bed.")
                                        % {"bed": admission.bed.label}]})
    if open_.filter(patient=admission.patient).exists():
        return ValidationError({"bed": [_("%(name)s is already admitted: discharge first.") % {
            "name": admission.patient.name}]})
    return ValidationError({"arrival": [_("IGD arrival: it must be this person's open arrival at %(name)s.") % {
        "name": admission.facility.name}]})


def _close_arrival(*, by, arrival: Arrival, admitted_at: datetime) -> None:
    """The IGD's outcome, admitted, at the admission's time; its objections
    (a time before the triage, an arrival closed meanwhile) are the
    admission's time's."""
    try:
        arrival_close(by=by, arrival=arrival, outcome=ArrivalOutcome.ADMITTED, closed_at=admitted_at)
    except ValidationError as exc:
        errors: dict[str, list] = {}
        for field, messages in exc.message_dict.items():
            errors.setdefault("admitted_at" if field == "closed_at" else "arrival", []).extend(messages)
        raise ValidationError(errors) from None


def _check_vitals(vitals: dict) -> dict:
    clean = {}
    for name, (low, high) in VITAL_RANGES.items():
        value = vitals.get(name)
        if value is not None:
            if not low <= value <= high:
                raise ValidationError({name: [_("%(field)s must be between %(low)s and %(high)s.") % {
                    "field": str(DailyNote._meta.get_field(name).verbose_name).capitalize(), "low": low,
                    "high": high}]})
            clean[name] = value
    temperature = vitals.get("temperature")
    if temperature is not None:
        if not 30 <= temperature <= 45:
            raise ValidationError({"temperature": [_("Temperature must be between 30 and 45 °C.")]})
        clean["temperature"] = temperature
    return clean


@transaction.atomic
def note_add(*, by, admission: Admission, written_at: datetime, text: str, **vitals) -> DailyNote:
    """A daily note on an open admission, at or after the admission."""
    admission = Admission.objects.select_related("facility").get(pk=admission.pk)
    _may_write(by, admission.facility)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Note: write what was seen and done.")]})
    if written_at is None:
        raise ValidationError({"written_at": [_("Time: write the date and time.")]})
    _not_in_future("written_at", _("Time"), written_at)
    if written_at < admission.admitted_at:
        raise ValidationError({"written_at": [_("Time: the note cannot be before the admission (%(at)s).") % {
            "at": timezone.localtime(admission.admitted_at).strftime("%d-%m-%Y %H:%M")}]})
    if admission.discharged_at is not None and written_at > admission.discharged_at:
        raise ValidationError({"written_at": [_("Time: the note cannot be after the discharge.")]})
    return DailyNote.objects.create(admission=admission, written_at=written_at, text=text[:NOTE_MAX], author=by,
                                    **_check_vitals(vitals))


def _record_delivery(*, by, admission: Admission, delivered_on: date) -> None:
    """The delivery as a PERSALINAN visit of the Puskesmas, once."""
    if admission.delivery_visit_id is not None:
        return
    pregnancy = _open_pregnancy(admission.patient)
    if pregnancy is None:  # delivered already recorded elsewhere (a visit): count it there only
        return
    visit = visit_record(by=by, patient=admission.patient, facility=admission.facility, date=delivered_on,
                         package="delivery", services=list(Service.objects.filter(code="PERSALINAN")),
                         setting=Setting.BUILDING, confirm_warnings=True,
                         note=_("Inpatient: normal delivery"), diagnoses=[admission.diagnosis])
    admission.delivery_visit = visit


def _check_discharge(*, admitted_at: datetime, discharged_at: datetime) -> None:
    if discharged_at is None:
        raise ValidationError({"discharged_at": [_("Discharged at: write the date and time.")]})
    _not_in_future("discharged_at", _("Discharged at"), discharged_at)
    if discharged_at < admitted_at:
        raise ValidationError({"discharged_at": [_("Discharged at: the discharge cannot be before the admission "
                                                   "(%(at)s).") % {
            "at": timezone.localtime(admitted_at).strftime("%d-%m-%Y %H:%M")}]})


def _referral(outcome: str, referred_to: str) -> str:
    """The hospital referred to, checked against the outcome."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Outcome: choose one of the outcomes listed.")]})
    referred_to = (referred_to or "").strip()[:120]
    if outcome == Outcome.REFERRED and not referred_to:
        raise ValidationError({"referred_to": [_("Referred to: name the hospital.")]})
    return referred_to if outcome == Outcome.REFERRED else ""


def _delivered(*, by, admission: Admission, delivered_on: date | None) -> None:
    delivered_on = delivered_on or timezone.localdate(admission.admitted_at)
    if not timezone.localdate(admission.admitted_at) <= delivered_on <= timezone.localdate(admission.discharged_at):
        raise ValidationError({"delivered_on": [_("Delivered on: a day of the stay, from admission to "
                                                  "discharge.")]})
    _record_delivery(by=by, admission=admission, delivered_on=delivered_on)


@transaction.atomic
def admission_discharge(*, by, admission: Admission, discharged_at: datetime, outcome: str, referred_to: str = "",
                        delivered_on: date | None = None) -> Admission:
    """Discharge (or correct the discharge of) an admission. A normal
    delivery is recorded as PERSALINAN the first time only."""
    admission = (Admission.objects.select_for_update(of=("self",))
                 .select_related("facility", "patient", "diagnosis").get(pk=admission.pk))
    _may_write(by, admission.facility)
    _check_discharge(admitted_at=admission.admitted_at, discharged_at=discharged_at)
    _refuse_overlap("discharged_at", bed=admission.bed, patient=admission.patient, start=admission.admitted_at,
                    end=discharged_at, exclude=admission.pk)
    referred_to = _referral(outcome, referred_to)
    admission.discharged_at, admission.outcome, admission.referred_to = discharged_at, outcome, referred_to
    if admission.delivery:
        _delivered(by=by, admission=admission, delivered_on=delivered_on)
    admission.length_of_stay = length_of_stay(admission.admitted_at, discharged_at)
    admission.discharged_by = by
    admission.save()
    return admission
