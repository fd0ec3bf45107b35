"""Keeps the coverage change log and derived values right when the patients
app changes what they hang on: a merge, a corrected birth date or sex, a
household moved, a pregnancy's dates corrected."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from patients.models import Household
from patients.signals import (
    household_moved,
    patient_corrected,
    patients_merged,
    patients_merging,
    pregnancy_corrected,
)

from . import changes
from .models import ImmunisationStatus, RecomputeCause, Visit
from .rederive import rederive_person


@receiver(patients_merging)
def drop_derived_status(sender, kept, duplicate, **kwargs):
    # Per-person derived rows are recomputed for the kept record after the move.
    ImmunisationStatus.objects.filter(patient__in=[kept, duplicate]).delete()


@receiver(patients_merged)
def log_merge(sender, kept, duplicate, duplicate_household_id, by=None, **kwargs):
    from .services import refresh_immunisation_status

    months = changes.merged(kept, duplicate, Household.objects.get(pk=duplicate_household_id))
    # The kept record's weighings now interleave with the moved ones.
    rederive_person(kept, cause=RecomputeCause.MERGE, by=by)
    refresh_immunisation_status(kept, logged=months)


@receiver(patient_corrected)
def follow_correction(sender, patient, by, old_birth_date, old_sex, **kwargs):
    from .services import refresh_immunisation_status

    if patient.birth_date != old_birth_date and Visit.objects.filter(patient=patient,
                                                                     date__lt=patient.birth_date).exists():
        raise ValidationError({"birth_date": [_("This person has visits before this birth date; "
                                                "correct or remove those visits first.")]})
    cause = RecomputeCause.BIRTH_DATE if patient.birth_date != old_birth_date else RecomputeCause.SEX
    rederive_person(patient, cause=cause, by=by)
    changes.person_corrected(patient)
    months = {d.replace(day=1) for d in Visit.objects.filter(patient=patient).values_list("date", flat=True)}
    refresh_immunisation_status(patient, logged=months)


@receiver(household_moved)
def log_move(sender, household, old_desa_id, old_posyandu_id, **kwargs):
    changes.household_moved(household, old_desa_id=old_desa_id, old_posyandu_id=old_posyandu_id)


@receiver(pregnancy_corrected)
def follow_pregnancy_dates(sender, pregnancy, by, **kwargs):
    patient = pregnancy.patient
    rederive_person(patient, cause=RecomputeCause.PREGNANCY, by=by)
    changes.person_corrected(patient)
