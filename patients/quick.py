"""The quick registration of a person who must be served before they can be
registered properly (an IGD arrival): a provisional record, merged into the
full one later (patients.merge)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility, FacilityType

from . import pii
from .models import Household, Patient
from .nik import NIK_NUMBER, digits_problem, normalise
from .services import MAX_AGE_YEARS, _save_patient, _validate_identity
from .signals import people_touched


@transaction.atomic
def patient_register_quick(
    *,
    by,
    puskesmas: Facility,
    name: str,
    sex: str,
    birth_date: date | None = None,
    age_years: int | None = None,
    nik: str | None = None,
) -> Patient:
    """A person who must be served before they can be registered properly (an
    IGD arrival, "Tn. X" if unknown): a provisional record in a household of
    its own at the Puskesmas, with a birth date or an age in years (1 July of
    that year). Merge it into the full record later (patients_merge)."""
    errors: dict[str, list] = {}
    if puskesmas.type != FacilityType.PUSKESMAS:
        raise ValidationError({"puskesmas": [_("Choose a Puskesmas.")]})
    if birth_date is None:
        if age_years is None:
            errors["birth_date"] = [_("Birth date or age: write one of them (an estimate will do).")]
        elif not 0 <= age_years <= MAX_AGE_YEARS:
            errors["age_years"] = [_("Age: write a number of years from 0 to 120.")]
        else:
            birth_date = date(timezone.localdate().year - age_years, 7, 1)
            birth_date = min(birth_date, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    clean_nik = _validate_identity(nik=nik, name=name, sex=sex, birth_date=birth_date, confirm_warnings=True)
    household = Household(posyandu=puskesmas, desa_id=puskesmas.region_id,
                          address=_("Not known yet (quick registration)"), created_by=by)
    household.save()
    patient = Patient(household=household, name=name.strip(), sex=sex, birth_date=birth_date, created_by=by,
                      provisional=True)
    patient.set_nik(clean_nik)
    patient = _save_patient(patient, by, None)
    people_touched(patient.pk)
    return patient


def patient_by_nik(nik: str | None) -> Patient | None:
    """The registered person with this NIK, anywhere (a merged record's kept
    one), or None: someone in front of a nurse with their KTP is theirs to
    serve, wherever they live."""
    if not nik:
        return None
    clean = normalise(nik)
    if digits_problem(clean, NIK_NUMBER):
        return None
    found = Patient.objects.filter(nik_index=pii.blind_index(clean)).first()
    while found is not None and found.merged_into_id:
        found = found.merged_into
    return found
