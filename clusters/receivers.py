"""Keeps the coverage change log right when patients are merged: the months
of the moved visits changed in both households' areas."""

from django.dispatch import receiver

from patients.models import Household
from patients.signals import patients_merged, patients_merging

from .models import CoverageChange, ImmunisationStatus, Visit


@receiver(patients_merging)
def drop_derived_status(sender, kept, duplicate, **kwargs):
    # Per-person derived rows are recomputed for the kept record after the move.
    ImmunisationStatus.objects.filter(patient__in=[kept, duplicate]).delete()


@receiver(patients_merged)
def log_merge(sender, kept, duplicate, duplicate_household_id, **kwargs):
    # Both people, every month of the moved visits: the kept record gains
    # them, the duplicate's counted contribution has to go.
    months = {d.replace(day=1) for d in Visit.objects.filter(patient=kept).values_list("date", flat=True)}
    households = {h.pk: h for h in Household.objects.filter(pk__in={kept.household_id, duplicate_household_id})}
    people = [(kept, households[kept.household_id]), (duplicate, households[duplicate_household_id])]
    CoverageChange.objects.bulk_create(
        [CoverageChange(desa_id=h.desa_id, posyandu_id=h.posyandu_id, patient=person, month=m)
         for person, h in people for m in months]
    )
    from .services import refresh_immunisation_status

    refresh_immunisation_status(kept, logged=months)
