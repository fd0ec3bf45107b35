"""A Posyandu session's rows: what each child's row shows, and the writes
behind it, shared by the session page and the API (offline sync)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from patients import services as patient_services
from patients.models import Patient

from . import services
from .immunisation import SCHEDULE
from .models import ImmunisationStatus, PosyanduSession, Service, Setting, Visit
from .numbers import input_value

IMMUNISATION_NAMES = {code: code.replace("IMM_", "") for code, *_ in SCHEDULE}
# The services a session row sets; doses given earlier in the session stay.
ROW_MANAGED = {"WEIGHING", "VIT_A"}
ANY_VERSION = object()  # no conflict check (the live page: what it shows is current)
NOTHING_ENTERED = _lazy("Nothing entered for this child: nothing was saved.")


def version_of(visit: Visit | None) -> str | None:
    """What a client saw of a row: changes whenever the visit is saved."""
    return None if visit is None else visit.updated_at.isoformat()


class RowConflict(Exception):
    """The row changed on the server since the client read it."""

    def __init__(self, visit: Visit):
        super().__init__("row changed since it was read")
        self.visit = visit


def row_view(child: Patient, session: PosyanduSession) -> dict:
    """One child's row of the session (a child from selectors.session_children)."""
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
        # A float on some databases (subquery annotation): show it with |measure.
        "last_weight": child.last_weight, "last_weight_date": child.last_weight_date,
    }


def row_values(m, visit: Visit) -> dict[str, str]:
    """The saved row as its inputs should show it: posted back unchanged, it
    saves the same values. "immunisation": the doses recorded, space-separated."""
    codes = {s.code for s in visit.services.all()}
    lying = getattr(m, "measured_lying", None)
    return {
        "weight_kg": input_value(getattr(m, "weight_kg", None)),
        "length_cm": input_value(getattr(m, "length_cm", None)),
        "muac_cm": input_value(getattr(m, "muac_cm", None)),
        "measured_lying": {True: "lying", False: "standing"}.get(lying, ""),
        "oedema": "on" if getattr(m, "oedema", None) else "",
        "vitamin_a": "on" if "VIT_A" in codes else "",
        "immunisation": " ".join(sorted(c for c in codes if c in IMMUNISATION_NAMES)),
    }


@dataclass(frozen=True)
class RowData:
    """A row as SessionRowForm cleaned it."""

    measurements: dict
    vitamin_a: bool
    immunisations: tuple[str, ...]  # doses given today (added to those recorded before)
    confirm_warnings: bool


def row_save(*, by, session: PosyanduSession, patient: Patient, row: RowData,
             base_version=ANY_VERSION) -> tuple[Visit, bool]:
    """Record or correct one child's row: (the visit, whether it is new).
    `base_version`: the version_of()
    the client read (None: it saw no visit); a row changed since raises
    RowConflict and writes nothing. ValidationError (NeedsConfirmation for a
    value to confirm) likewise writes nothing."""
    codes = []
    if row.vitamin_a:
        codes.append("VIT_A")
    codes += [code for code in row.immunisations if code in IMMUNISATION_NAMES]
    if row.measurements.get("weight_kg") is not None or row.measurements.get("length_cm") is not None:
        codes.append("WEIGHING")
    with transaction.atomic():
        # Locking the patient serialises two saves of one child's row.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        existing = Visit.objects.filter(session=session, patient=patient).prefetch_related("services").first()
        if base_version is not ANY_VERSION and version_of(existing) != base_version:
            if existing is None:
                raise ValidationError({"__all__": [_("This child's row was removed on the server.")]})
            raise RowConflict(existing)
        chosen = list(Service.objects.filter(code__in=codes, active=True))
        if existing:
            chosen += [s for s in existing.services.all() if s.code not in ROW_MANAGED and s not in chosen]
            return services.visit_update(
                by=by, visit=existing, date=session.date, services=chosen, measurements=row.measurements,
                setting=Setting.POSYANDU, confirm_warnings=row.confirm_warnings,
            ), False
        return services.visit_record(
            by=by, patient=patient, facility=session.posyandu, date=session.date, package="balita",
            services=chosen, measurements=row.measurements, setting=Setting.POSYANDU, session=session,
            confirm_warnings=row.confirm_warnings,
        ), True


def child_add(*, by, session: PosyanduSession, mother: Patient | None, name: str, sex: str, birth_date: date,
              nik: str = "") -> Patient:
    """Register a child of a mother of the session's Posyandu."""
    if mother is None:
        raise ValidationError({"mother": [_("Choose the mother from this Posyandu.")]})
    with transaction.atomic():
        if nik:
            return patient_services.patient_register(
                by=by, household=mother.household, name=name, sex=sex, birth_date=birth_date, nik=nik,
                confirm_warnings=True,
            )
        return patient_services.newborn_register(by=by, mother=mother, name=name, sex=sex, birth_date=birth_date)
