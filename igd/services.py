"""Writes for the IGD. Keyword-only functions, each validating everything
and saving in one transaction; every message names the field it is about.
An arrival's facility is a Puskesmas; its times never come before the
arrival."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.diagnoses import normalise as normalise_icd10
from clusters.models import Diagnosis
from facilities.models import Facility, FacilityType
from patients.models import Patient
from patients.quick import patient_by_nik, patient_register_quick

from .models import VITALS, Action, Arrival, Outcome, Triage, VitalsReading

# A time typed a little ahead of the server's clock is accepted (clock drift).
FUTURE_SLACK_MINUTES = 5


def _check_time(value: datetime | None, *, field: str, label: str, arrival: Arrival | None, errors: dict):
    if value is None:
        errors[field] = [_("%(field)s: write the date and time.") % {"field": label}]
        return
    if value > timezone.now() + timedelta(minutes=FUTURE_SLACK_MINUTES):
        errors[field] = [_("%(field)s cannot be in the future.") % {"field": label}]
    elif arrival is not None and value < arrival.arrived_at:
        errors[field] = [_("%(field)s cannot be before the arrival (%(arrived)s).") % {
            "field": label, "arrived": date_format(timezone.localtime(arrival.arrived_at), "d-m-Y H:i")}]


def _lock(arrival: Arrival) -> Arrival:
    return Arrival.objects.select_for_update().select_related("patient", "facility").get(pk=arrival.pk)


def _lock_open(arrival: Arrival) -> Arrival:
    """The arrival locked, still open: a close that won the race ends its
    record (the page read it open before the lock)."""
    arrival = _lock(arrival)
    if arrival.closed_at is not None:
        raise ValidationError(_("This arrival is closed: its outcome is recorded."))
    return arrival


class NikOfOtherSex(ValidationError):
    """A quick registration's NIK is a registered person's of the other
    sex: refused on the NIK field. `patient`: that person, whose record the
    refusal revealed (the audit log names them)."""

    def __init__(self, patient: Patient):
        super().__init__({"nik": [_("NIK: it belongs to a registered person of the other sex; check the NIK or "
                                    "the sex.")]})
        self.patient = patient


@transaction.atomic
def arrival_register(*, by, facility: Facility, arrived_at: datetime, patient: Patient | None = None,
                     quick: dict | None = None, chief_complaint: str = "") -> Arrival:
    """An arrival of a registered `patient`, or of a person registered here
    with minimal data: `quick` = {name, sex, birth_date or age_years, nik}.
    A quick NIK that is already registered puts the arrival on that record."""
    errors: dict[str, list] = {}
    if facility.type != FacilityType.PUSKESMAS:
        raise ValidationError({"facility": [_("Puskesmas: an IGD arrival is registered at a Puskesmas.")]})
    _check_time(arrived_at, field="arrived_at", label=_("Arrival time"), arrival=None, errors=errors)
    if (patient is None) == (quick is None):
        errors["patient"] = [_("Person: pick a registered person or register them quickly.")]
    if len(chief_complaint or "") > 200:
        errors["chief_complaint"] = [_("Chief complaint: write at most 200 characters.")]
    if errors:
        raise ValidationError(errors)
    if patient is not None and patient.merged_into_id:
        raise ValidationError({"patient": [_("Person: this record was merged; pick the kept record.")]})
    if quick is not None and (known := patient_by_nik(quick.get("nik"))) is not None:
        # A NIK already registered is that person, even one living outside
        # the nurse's area (whom her search cannot find): no second record.
        if known.sex != quick.get("sex"):
            raise NikOfOtherSex(known)
        patient, quick = known, None
    if quick is not None:
        patient = patient_register_quick(by=by, puskesmas=facility, **quick)
    return Arrival.objects.create(patient=patient, facility=facility, district_id=facility.district_id,
                                  arrived_at=arrived_at, quick_registered=quick is not None,
                                  chief_complaint=(chief_complaint or "").strip(), created_by=by)


@transaction.atomic
def arrival_triage(*, by, arrival: Arrival, level: str, triaged_at: datetime,
                   chief_complaint: str | None = None) -> Arrival:
    arrival = _lock_open(arrival)
    errors: dict[str, list] = {}
    if level not in Triage.values:
        errors["level"] = [_("Triage: choose one of the four levels.")]
    _check_time(triaged_at, field="triaged_at", label=_("Triage time"), arrival=arrival, errors=errors)
    if errors:
        raise ValidationError(errors)
    arrival.triage, arrival.triaged_at, arrival.triaged_by = level, triaged_at, by
    fields = ["triage", "triaged_at", "triaged_by"]
    if chief_complaint is not None:
        arrival.chief_complaint = chief_complaint.strip()[:200]
        fields.append("chief_complaint")
    arrival.save(update_fields=fields)
    return arrival


def check_vitals(vitals: dict) -> dict[str, list]:
    """Each value within its plausible range; systolic above diastolic."""
    errors: dict[str, list] = {}
    for field, (label, low, high) in VITALS.items():
        value = vitals.get(field)
        if value is not None and not low <= value <= high:
            errors[field] = [_("%(field)s: %(value)s is not plausible; write a value from %(low)s to %(high)s.") % {
                "field": label, "value": value, "low": low, "high": high}]
    systolic, diastolic = vitals.get("systolic"), vitals.get("diastolic")
    if systolic is not None and diastolic is not None and "systolic" not in errors and systolic <= diastolic:
        errors["diastolic"] = [_("%(field)s: must be lower than the systolic pressure.") % {
            "field": VITALS["diastolic"][0]}]
    return errors


@transaction.atomic
def arrival_vitals(*, by, arrival: Arrival, measured_at: datetime, vitals: dict) -> Arrival:
    """A set of vital signs taken during the arrival, kept as a reading; the
    arrival shows the latest (one entered late for an earlier time is kept
    among the readings only)."""
    arrival = _lock_open(arrival)
    errors = check_vitals(vitals)
    _check_time(measured_at, field="vitals_at", label=_("Time measured"), arrival=arrival, errors=errors)
    if not any(vitals.get(f) is not None for f in VITALS):
        errors.setdefault("systolic", []).append(_("Vital signs: write at least one value."))
    if errors:
        raise ValidationError(errors)
    VitalsReading.objects.create(arrival=arrival, measured_at=measured_at, recorded_by=by,
                                 **{field: vitals.get(field) for field in VITALS})
    if arrival.vitals_at is None or measured_at >= arrival.vitals_at:
        for field in VITALS:
            setattr(arrival, field, vitals.get(field))
        arrival.vitals_at = measured_at
        arrival.save(update_fields=[*VITALS, "vitals_at"])
    return arrival


@transaction.atomic
def arrival_actions(*, by, arrival: Arrival, actions: list[str], note: str = "",
                    diagnosis_code: str = "") -> Arrival:
    """The actions taken and the working diagnosis (an active ICD-10 code,
    or "" for none yet), which an admission later takes as its own."""
    arrival = _lock_open(arrival)
    errors: dict[str, list] = {}
    if [a for a in actions if a not in Action.values]:
        errors["actions"] = [_("Actions: choose from the list.")]
    diagnosis = None
    if (diagnosis_code or "").strip():
        code = normalise_icd10(diagnosis_code)
        diagnosis = Diagnosis.objects.filter(code=code, active=True).first()
        if diagnosis is None:
            errors["diagnosis_code"] = [_("Working diagnosis (ICD-10): %(code)s is not a known ICD-10 code.") % {
                "code": diagnosis_code.strip()[:12]}]
    if errors:
        raise ValidationError(errors)
    arrival.actions = [a for a in Action.values if a in actions]
    arrival.actions_note = (note or "").strip()
    arrival.diagnosis = diagnosis
    arrival.save(update_fields=["actions", "actions_note", "diagnosis"])
    return arrival


@transaction.atomic
def arrival_close(*, by, arrival: Arrival, outcome: str, closed_at: datetime, referred_to: str = "",
                  note: str = "") -> Arrival:
    """The arrival's outcome: home, admitted, referred (to `referred_to`) or
    died, at `closed_at`. "Admitted" only records the outcome here; the ward
    opens the admission (inpatient.services.admission_open)."""
    arrival = _lock(arrival)
    errors: dict[str, list] = {}
    if arrival.closed_at is not None:
        raise ValidationError({"outcome": [_("Outcome: this arrival is already closed.")]})
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Outcome: choose one of the outcomes.")]
    _check_time(closed_at, field="closed_at", label=_("Outcome time"), arrival=arrival, errors=errors)
    if arrival.triaged_at is not None and closed_at is not None and closed_at < arrival.triaged_at:
        errors.setdefault("closed_at", []).append(_("Outcome time cannot be before the triage."))
    referred_to = (referred_to or "").strip()
    if outcome == Outcome.REFERRED and not referred_to:
        errors["referred_to"] = [_("Referred to: name the hospital.")]
    if len(referred_to) > 120:
        errors["referred_to"] = [_("Referred to: write at most 120 characters.")]
    if len(note or "") > 200:
        errors["note"] = [_("Note: write at most 200 characters.")]
    if errors:
        raise ValidationError(errors)
    arrival.outcome, arrival.closed_at, arrival.closed_by = outcome, closed_at, by
    arrival.referred_to = referred_to if outcome == Outcome.REFERRED else ""
    arrival.outcome_note = (note or "").strip()
    arrival.save(update_fields=["outcome", "closed_at", "closed_by", "referred_to", "outcome_note"])
    return arrival


@transaction.atomic
def arrival_change_person(*, by, arrival: Arrival, patient: Patient) -> Arrival:
    """Put an arrival recorded on the wrong person on the right one, with
    everything recorded on it (triage, vital signs, actions, outcome). An
    arrival that led to a ward admission stays on the admitted person.
    (A quick record of the right person is merged into their full record
    instead: patients_merge moves its arrivals.)"""
    arrival = _lock(arrival)
    if patient.merged_into_id:
        raise ValidationError({"patient": [_("Person: this record was merged; pick the kept record.")]})
    if patient.pk == arrival.patient_id:
        raise ValidationError({"patient": [_("Person: the arrival is already on this person.")]})
    if hasattr(arrival, "admission"):
        raise ValidationError({"patient": [_("Person: this arrival led to a ward admission, which is on the "
                                             "same person; it cannot be moved to someone else.")]})
    arrival.patient = patient
    arrival.save(update_fields=["patient"])
    return arrival
