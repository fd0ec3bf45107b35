"""Writes to the facility network. Every write validates the whole row (model
rules) and saves in one transaction."""

from django.db import transaction

from .models import Facility


@transaction.atomic
def facility_save(*, facility: Facility) -> Facility:
    facility.full_clean()
    facility.save()
    return facility


@transaction.atomic
def facility_deactivate(*, facility: Facility) -> Facility:
    """Facilities that data refers to are switched off, never deleted."""
    Facility.objects.filter(pk=facility.pk).update(active=False)
    facility.active = False
    return facility
