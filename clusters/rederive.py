"""Derived values stay true after a correction. A visit's z-scores, classes
and age hang on the person's birth date and sex; a weighing's growth code
(N/T/O) hangs on the weighing before it. When any of these changes, every
measurement of the person is derived again, in date order, exactly as the
services derive one when it is saved; rows whose values moved are written
(with their history) and recorded for the data-quality review."""

from bisect import bisect_left
from datetime import date, timedelta

from simple_history.utils import bulk_update_with_history

from patients.models import Patient, Pregnancy

from .derived import derive
from .models import Measurement, Recomputation

MEASUREMENT_FIELDS = [
    "weight_kg", "length_cm", "measured_lying", "oedema", "head_cm", "muac_cm", "waist_cm", "systolic", "diastolic",
    "glucose_mg_dl", "glucose_fasting", "hb_g_dl", "gestational_age_weeks", "srq20", "puma", "adl",
    "skilas_flags", "tb_symptoms",
]
DERIVED_FIELDS = [
    "age_days", "bmi", "bmi_class", "waz", "haz", "whz", "baz", "weight_for_age_class", "height_for_age_class",
    "weight_for_height_class", "growth_code", "bgm", "anaemia", "kek", "hypertension", "glucose_class",
    "central_obesity", "mental_health_referral", "copd_suspected", "adl_class", "skilas_follow_up",
    "tb_presumptive", "flagged_z",
]
_TEXT = {f.name for f in Measurement._meta.concrete_fields if f.get_internal_type() == "CharField"}


def raw_values(row: Measurement) -> dict:
    values = {f: getattr(row, f) for f in MEASUREMENT_FIELDS if getattr(row, f) not in (None, "", [])}
    if row.tb_presumptive is not None:  # asked, even if no symptom was found
        values["tb_symptoms"] = list(row.tb_symptoms)
    return values


def all_derived(values: dict, **context) -> dict:
    """Every derived field, empty where `derive` gives nothing."""
    out = derive(values, **context)
    return {f: out.get(f, "" if f in _TEXT else None) for f in DERIVED_FIELDS}


def previous_weighing_of(weighings: list[tuple[date, int, object]], day: date):
    """The latest weighing before `day` (the latest recorded on that day if
    several) from (date, visit id, kg) sorted: what the services look up."""
    at = bisect_left(weighings, (day,))
    return (weighings[at - 1][0], weighings[at - 1][2]) if at else None


# Without a last period: the furthest ahead a delivery may be registered.
REGISTERED_AHEAD_DAYS = 300


def pregnancy_spans(patient: Patient) -> list[tuple[date, date | None]]:
    """(first day, day it ended or None) of each of the person's pregnancies:
    from the last period, or from as early as its registration allowed."""
    return [(lmp or edd - timedelta(days=REGISTERED_AHEAD_DAYS), ended) for lmp, edd, ended in
            Pregnancy.objects.filter(patient=patient).values_list("last_menstrual_period",
                                                                  "expected_delivery_date", "ended_on")]


def pregnant_on(spans: list[tuple[date, date | None]], day: date, *, visit_pregnancy: bool = False) -> bool:
    """Whether a visit's values are read for a pregnant woman (anaemia,
    blood pressure): a visit of her pregnancy, or a day within one."""
    return visit_pregnancy or any(start <= day and (ended is None or day < ended) for start, ended in spans)


def rederive_person(patient: Patient, *, cause: str, by=None, skip_visit_id: int | None = None) -> set[date]:
    """Derive every measurement of the person again. Returns the visit dates
    whose derived values changed (their months' figures may move).
    `skip_visit_id`: the visit the user just corrected, not itself a
    recomputation to review."""
    rows = list(Measurement.objects.filter(visit__patient=patient).select_related("visit")
                .order_by("visit__date", "visit_id"))
    weighings = [(m.visit.date, m.visit_id, m.weight_kg) for m in rows if m.weight_kg is not None]
    spans = pregnancy_spans(patient) if rows else []
    changed, reviewed = [], []
    for row in rows:
        values = raw_values(row)
        fresh = all_derived(
            values, sex=patient.sex, birth_date=patient.birth_date, visit_date=row.visit.date,
            pregnant=pregnant_on(spans, row.visit.date, visit_pregnancy=row.visit.pregnancy_id is not None),
            previous_weighing=previous_weighing_of(weighings, row.visit.date) if "weight_kg" in values else None,
        )
        moved = [f for f, value in fresh.items() if getattr(row, f) != value]
        if not moved:
            continue
        for f in moved:
            setattr(row, f, fresh[f])
        row._history_user = by
        changed.append(row)
        if row.visit_id != skip_visit_id:
            reviewed.append(Recomputation(visit_id=row.visit_id, patient=patient, cause=cause, fields=moved, by=by))
    if changed:
        bulk_update_with_history(changed, Measurement, DERIVED_FIELDS, default_user=by)
        Recomputation.objects.bulk_create(reviewed)
    return {row.visit.date for row in changed}
