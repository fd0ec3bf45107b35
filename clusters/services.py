"""Writes for visits. One transaction writes the visit, its services, its
measurements with their derived values, the child's immunisation status and
rows of the coverage change log (clusters.changes: which person and month it
touched). Entry never imports reports: the log is how aggregation learns of
the change."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility, FacilityType
from patients.models import Patient, PregnancyStatus
from patients.services import NeedsConfirmation

from . import changes, immunisation, signals
from . import diagnoses as diagnoses_module
from . import thresholds as t
from .changes import month_of
from .derived import age_years, derive
from .eligibility import refused_services
from .measurements import check_ranges, growth_warnings, weight_change_warnings
from .models import (
    VISIT_HISTORY,
    Diagnosis,
    ImmunisationStatus,
    Measurement,
    PosyanduSession,
    RecomputeCause,
    Service,
    Setting,
    Visit,
    VisitRemoval,
)
from .packages import BY_CODE
from .rederive import MEASUREMENT_FIELDS, pregnancy_spans, pregnant_on, rederive_person


def _validate(*, patient, facility, day, services, measurements, package_code, confirm_warnings, pregnancy,
              given_before, previous_weighing=None, check_pregnancy=True, diagnosed=(), kept_diagnoses=()):
    errors, warnings = {}, {}
    if diagnosis_problems := diagnoses_module.problems(diagnosed, facility=facility, kept_ids=kept_diagnoses):
        errors["diagnoses"] = diagnosis_problems
    today = timezone.localdate()
    if day > today:
        errors["date"] = [_("The visit date cannot be in the future.")]
    elif day < patient.birth_date:
        errors["date"] = [_("The visit date is before the person was born.")]
    if package_code not in BY_CODE:
        errors["package"] = [_("Unknown package.")]
    if not facility.active:
        errors["facility"] = [_("This facility is inactive.")]
    not_here = [s.name for s in services if s.facility_types and facility.type not in s.facility_types]
    if not_here:
        errors["services"] = [_("Not given at a %(type)s: %(names)s.") % {
            "type": facility.get_type_display(), "names": ", ".join(not_here)}]
    refused = refused_services(services, sex=patient.sex, birth_date=patient.birth_date, on=day)
    if refused:
        errors.setdefault("services", []).append(
            _("Not for this person: %(names)s.") % {"names": ", ".join(s.name for s in refused)})
    if check_pregnancy and package_code == "anc" and pregnancy is None:
        errors["package"] = [_("Record the pregnancy first (HPL), then the ANC visit.")]
    years = age_years(patient.birth_date, day) if day >= patient.birth_date else 0
    range_errors, range_warnings = check_ranges(measurements, years=years)
    errors.update(range_errors)
    warnings.update(range_warnings)
    if years < t.CHILD_MAX_YEARS and day >= patient.birth_date:
        for field, messages in growth_warnings(measurements, sex=patient.sex, birth_date=patient.birth_date,
                                               on=day).items():
            warnings.setdefault(field, []).extend(messages)
        if not measurements.get("oedema"):  # retained water explains a jump
            changes = weight_change_warnings(measurements.get("weight_kg"), previous_weighing,
                                             birth_date=patient.birth_date, on=day)
            for field, messages in changes.items():
                warnings.setdefault(field, []).extend(messages)
    for field in range_errors:
        warnings.pop(field, None)  # a refused value needs no second look
    new_doses = {s.code: day for s in services if s.code in immunisation.CODES}
    repeated = [code for code in new_doses if code in given_before]
    if repeated:
        warnings["services"] = [_("Already given before: %(codes)s.") % {"codes": ", ".join(repeated)}]
    too_soon = immunisation.dose_spacing_problems(given_before, new_doses)
    if too_soon:
        warnings.setdefault("services", []).append(
            _("Less than a month after the previous dose: %(codes)s.") % {"codes": ", ".join(too_soon)})
    if errors:
        raise ValidationError(errors)
    if warnings and not confirm_warnings:
        raise NeedsConfirmation(warnings)
    return sorted(warnings)  # the fields whose values the user confirmed


def _given_immunisations(patient, exclude_visit=None) -> dict[str, date]:
    rows = Visit.services.through.objects.filter(
        visit__patient=patient, service__code__in=immunisation.CODES
    )
    if exclude_visit is not None:
        rows = rows.exclude(visit=exclude_visit)
    given: dict[str, date] = {}
    for code, day in rows.values_list("service__code", "visit__date"):
        given[code] = min(day, given.get(code, day))
    return given


def _previous_weighing(patient, day, exclude_visit=None):
    qs = Measurement.objects.filter(visit__patient=patient, visit__date__lt=day, weight_kg__isnull=False)
    if exclude_visit is not None:
        qs = qs.exclude(visit=exclude_visit)
    # The latest recorded on that day if several, as clusters.rederive does.
    row = qs.order_by("-visit__date", "-visit_id").values_list("visit__date", "weight_kg").first()
    return row


def _write_measurement(visit, patient, measurements, previous_weighing=None, new=False):
    """`previous_weighing`: (date, kg) before this visit, as read for its
    validation; `new`: the visit was just created, so it has no row yet."""
    values = {k: measurements.get(k) for k in MEASUREMENT_FIELDS if measurements.get(k) not in (None, "", [])}
    if not values:
        if not new:
            Measurement.objects.filter(visit=visit).delete()
        return None
    if "tb_symptoms" in measurements and measurements["tb_symptoms"] is not None:
        values["tb_symptoms"] = list(measurements["tb_symptoms"])
    derived = derive(
        values, sex=patient.sex, birth_date=patient.birth_date, visit_date=visit.date,
        # Only a woman can have a pregnancy (patients.services refuses it for a man).
        pregnant=visit.pregnancy_id is not None or (
            patient.sex == "P" and pregnant_on(pregnancy_spans(patient), visit.date)),
        previous_weighing=previous_weighing if "weight_kg" in values else None,
    )
    row = Measurement(visit=visit, **{f: values.get(f) for f in MEASUREMENT_FIELDS if f in values}, **derived)
    for field in ("skilas_flags", "tb_symptoms"):
        if getattr(row, field) is None:
            setattr(row, field, [])
    row.save(force_insert=new)
    return row


def refresh_immunisation_status(patient, logged: Iterable[date] = ()) -> None:
    """Recompute a child's status from every dose recorded for them
    (`logged`: the months the caller logs as changed)."""
    given = _given_immunisations(patient)
    if given:
        _refresh_immunisation(patient, given, logged)


def _refresh_immunisation(patient, given: dict[str, date], logged: Iterable[date]):
    """Store the child's status. When the day complete basic immunisation
    was reached changes, the months of the old and the new day change their
    coverage too, and may differ from the visit's (a dose entered late
    completes the series on the day of a later dose, maybe in another
    year): those not among the `logged` months are logged as well."""
    status = immunisation.immunisation_status(patient.birth_date, given, timezone.localdate())
    stored = ImmunisationStatus.objects.select_for_update().filter(patient=patient).first()
    before = (stored.basic_complete, stored.basic_complete_on) if stored else (False, None)
    fields = {"given": status.given, "due": status.due, "basic_complete": status.basic_complete,
              "basic_complete_on": status.basic_complete_on}
    if stored:
        for name, value in fields.items():
            setattr(stored, name, value)
        stored.save()
    else:
        ImmunisationStatus.objects.create(patient=patient, **fields)
    if before != (status.basic_complete, status.basic_complete_on):
        months = {month_of(d) for d in (before[1], status.basic_complete_on) if d} - {month_of(d) for d in logged}
        changes.months_changed(patient, months)


@transaction.atomic
def visit_record(
    *, by, patient: Patient, facility: Facility, date: date, package: str, services: list[Service] = (),
    measurements: dict | None = None, setting: str = Setting.BUILDING, note: str = "",
    confirm_warnings: bool = False, submission_key: uuid.UUID | None = None, session: PosyanduSession | None = None,
    diagnoses: Sequence[Diagnosis] = (),
) -> Visit:
    """`diagnoses`: ICD-10 diagnoses in order, the primary first (at a
    Puskesmas or Pustu)."""
    if submission_key and (done := Visit.objects.filter(submission_key=submission_key).first()):
        return done
    measurements = measurements or {}
    services = list(services)
    diagnosed = diagnoses_module.unique(diagnoses)
    pregnancy = patient.pregnancies.filter(status=PregnancyStatus.ONGOING).first() if patient.sex == "P" else None
    given_before = _given_immunisations(patient)
    previous = _previous_weighing(patient, date) if measurements.get("weight_kg") is not None else None
    confirmed = _validate(patient=patient, facility=facility, day=date, services=services,
                          measurements=measurements, package_code=package, confirm_warnings=confirm_warnings,
                          pregnancy=pregnancy, given_before=given_before, previous_weighing=previous,
                          diagnosed=diagnosed)
    visit = Visit(
        patient=patient, facility=facility, date=date, setting=setting, package=package, note=note[:500],
        pregnancy=pregnancy if package in ("anc", "delivery") else None, session=session, entered_by=by,
        submission_key=submission_key, confirmed=confirmed,
    )
    visit._history_user = by
    # One history record for the visit with its services, written once both are.
    visit.skip_history_when_saving = True
    if submission_key:
        try:
            with transaction.atomic():
                visit.save(force_insert=True)
        except IntegrityError:
            if done := Visit.objects.filter(submission_key=submission_key).first():
                return done
            raise
    else:
        visit.save(force_insert=True)
    if services:
        Visit.services.through.objects.bulk_create(
            [Visit.services.through(visit=visit, service=s) for s in {s.pk: s for s in services}.values()])
    del visit.skip_history_when_saving
    VISIT_HISTORY.create_historical_record(visit, "+")
    diagnoses_module.add(visit, diagnosed, by=by)  # before visit_saved: its receivers read them
    signals.services_changed(visit=visit, added=services, removed=(), by=by)
    if (row := _write_measurement(visit, patient, measurements, previous_weighing=previous, new=True)) is not None:
        visit.measurement = row  # callers answering with the saved row need not read it back
    new_doses = {s.code: date for s in services if s.code in immunisation.CODES}
    if new_doses:
        _refresh_immunisation(patient, {**new_doses, **given_before}, [date])
    if any(s.code == "PERSALINAN" for s in services) and pregnancy is not None:
        pregnancy.status, pregnancy.ended_on = PregnancyStatus.DELIVERED, date
        pregnancy.save(update_fields=["status", "ended_on"])
    if measurements.get("weight_kg") is not None and Measurement.objects.filter(
            visit__patient=patient, visit__date__gt=date, weight_kg__isnull=False).exists():
        # A weighing entered late: the next one's growth code follows it.
        changed = rederive_person(patient, cause=RecomputeCause.WEIGHING, by=by, skip_visit_id=visit.pk)
        changes.months_changed(patient, changed)
    changes.visit_added(patient, visit)
    signals.visit_saved.send(sender=Visit, visit=visit, created=True, by=by)
    return visit


@transaction.atomic
def visit_update(
    *, by, visit: Visit, date: date, services: list[Service], measurements: dict, setting: str, note: str = "",
    confirm_warnings: bool = False, diagnoses: Sequence[Diagnosis] | None = None,
) -> Visit:
    """Correct a visit; simple-history keeps what it was, the change log gets
    both the old and the new month, and the months of later visits whose
    derived values (the next weighing's growth code) the correction moved.
    `diagnoses`: the visit's diagnoses from now on, in order; None leaves
    them as they are. They change no figure, so they log no change."""
    visit = Visit.objects.select_for_update().select_related("patient__household", "facility").get(pk=visit.pk)
    patient = visit.patient
    services = list(services)
    diagnosed = None if diagnoses is None else diagnoses_module.unique(diagnoses)
    # Those already on the visit stay choosable once deactivated.
    kept = [d.pk for d in diagnosed if not d.active] if diagnosed else []
    if kept:
        kept = list(visit.diagnosis_rows.filter(diagnosis__in=kept).values_list("diagnosis_id", flat=True))
    given_before = _given_immunisations(patient, exclude_visit=visit)
    previous = (_previous_weighing(patient, date, exclude_visit=visit)
                if measurements.get("weight_kg") is not None else None)
    confirmed = _validate(patient=patient, facility=visit.facility, day=date, services=services,
                          measurements=measurements, package_code=visit.package, confirm_warnings=confirm_warnings,
                          pregnancy=visit.pregnancy, given_before=given_before, previous_weighing=previous,
                          check_pregnancy=False, diagnosed=diagnosed or (), kept_diagnoses=kept)
    old_month = month_of(visit.date)
    visit.date, visit.setting, visit.note = date, setting, note[:500]
    visit.confirmed = confirmed
    visit._history_user = by
    visit.save()
    before = set(visit.services.all())
    visit.services.set(services)
    signals.services_changed(visit=visit, added=[s for s in services if s not in before],
                             removed=[s for s in before if s not in set(services)], by=by)
    if diagnosed is not None:
        diagnoses_module.replace(visit, diagnosed, by=by)
    _write_measurement(visit, patient, measurements, previous_weighing=previous)
    given = _given_immunisations(patient)
    if given or ImmunisationStatus.objects.filter(patient=patient).exists():
        _refresh_immunisation(patient, given, [old_month, date])
    later = rederive_person(patient, cause=RecomputeCause.WEIGHING, by=by, skip_visit_id=visit.pk)
    changes.months_changed(patient, {old_month, month_of(date), *later})
    signals.visit_saved.send(sender=Visit, visit=visit, created=False, by=by)
    return visit


REMOVAL_REASON_MIN = 10


def _snapshot(visit: Visit) -> dict:
    m = Measurement.objects.filter(visit=visit).values().first() or {}
    return {
        "visit": {"date": visit.date.isoformat(), "facility": visit.facility_id, "setting": visit.setting,
                  "package": visit.package, "pregnancy": visit.pregnancy_id, "session": visit.session_id,
                  "entered_by": visit.entered_by_id, "note": visit.note, "confirmed": visit.confirmed,
                  "created_at": visit.created_at.isoformat()},
        "services": sorted(visit.services.values_list("code", flat=True)),
        "diagnoses": diagnoses_module.codes_of(visit),  # in order, the primary first
        "measurement": {k: (str(v) if v is not None and not isinstance(v, (bool, int, list)) else v)
                        for k, v in m.items() if k != "visit_id"},
    }


@transaction.atomic
def visit_remove(*, by, visit: Visit, reason: str) -> VisitRemoval:
    """Remove a visit typed on the wrong person or twice. The visit and its
    measurement go (simple-history records their deletion); an archived row
    keeps who, when, why and what it held. The person's derived values and
    their months' figures follow."""
    reason = (reason or "").strip()
    if len(reason) < REMOVAL_REASON_MIN:
        raise ValidationError({"reason": [_("Say why this visit is removed (at least %(n)s characters).")
                                          % {"n": REMOVAL_REASON_MIN}]})
    visit = Visit.objects.select_for_update(of=("self",)).select_related("patient__household", "pregnancy").get(
        pk=visit.pk)
    patient = visit.patient
    removal = VisitRemoval.objects.create(visit_id=visit.pk, patient=patient, facility_id=visit.facility_id,
                                          date=visit.date, reason=reason[:500], removed_by=by,
                                          snapshot=_snapshot(visit))
    delivered = visit.pregnancy if visit.services.filter(code="PERSALINAN").exists() else None
    measurement = Measurement.objects.filter(visit=visit).first()
    if measurement is not None:
        measurement._history_user = by
        measurement.delete()
    signals.visit_removed.send(sender=Visit, visit=visit, by=by)
    signals.services_changed(visit=visit, added=(), removed=list(visit.services.all()), by=by)
    visit.services.clear()
    diagnoses_module.replace(visit, [], by=by)  # in bulk, with their history, before the cascade
    changes.visit_removed(patient, visit)
    visit._history_user = by
    visit.delete()
    if delivered is not None and delivered.status == PregnancyStatus.DELIVERED and not delivered.visits.filter(
            services__code="PERSALINAN").exists() and not patient.pregnancies.filter(
            status=PregnancyStatus.ONGOING).exists():
        delivered.status, delivered.ended_on = PregnancyStatus.ONGOING, None
        delivered._history_user = by
        delivered.save()
    given = _given_immunisations(patient)
    if given or ImmunisationStatus.objects.filter(patient=patient).exists():
        _refresh_immunisation(patient, given, [removal.date])
    later = rederive_person(patient, cause=RecomputeCause.REMOVAL, by=by)
    changes.months_changed(patient, later)
    return removal


SESSION_FIRST_DATE = date(2000, 1, 1)


def session_open(*, by, posyandu: Facility, day: date) -> PosyanduSession:
    if posyandu.type != FacilityType.POSYANDU:
        raise ValidationError(_("Only a Posyandu holds a Posyandu session."))
    if not SESSION_FIRST_DATE <= day <= timezone.localdate():
        raise ValidationError(_("The visit date cannot be in the future."))
    session, _created = PosyanduSession.objects.get_or_create(posyandu=posyandu, date=day,
                                                              defaults={"opened_by": by})
    return session
