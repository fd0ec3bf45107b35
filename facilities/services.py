"""Writes to the facility network. Every write validates the whole row (model
rules) and saves in one transaction; a write that moves Posyandu to another
Puskesmas or desa announces it (signals.posyandu_moved) in that transaction."""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.db.models import OuterRef, Subquery

from .models import Facility, FacilityType
from .signals import posyandu_moved


def _places(districts: Iterable[str]) -> dict[int, tuple]:
    return {pk: place for pk, *place in Facility.objects.filter(district_id__in=sorted(set(districts)))
            .values_list("pk", "type", "puskesmas_id", "region_id", "district_id")}


@contextmanager
def announcing_moves(districts: Iterable[str]):
    """Around a write to the network of these districts: afterwards, the
    districts where a Posyandu (or a facility that was or became one) lies
    elsewhere than before are announced."""
    districts = {d for d in districts if d}
    before = _places(districts)
    yield
    moved = set()
    for pk, place in _places(districts).items():
        was = before.get(pk, place)
        if was != place and FacilityType.POSYANDU in (was[0], place[0]):
            moved |= {was[3], place[3]}
    if moved:
        posyandu_moved.send(sender=Facility, districts=moved)


@transaction.atomic
def facility_save(*, facility: Facility) -> Facility:
    if facility.pk:
        # Validated against the district it is stored in, not one set on the object.
        facility.district_id = Facility.objects.filter(pk=facility.pk).values_list("district_id", flat=True).first()
    facility.clean()
    facility.derive_network_fields()
    facility.full_clean()
    with announcing_moves({facility.district_id}):
        facility.save()
        if facility.type == FacilityType.PUSTU:
            follow_pustu([facility.pk])
    return facility


def follow_pustu(pustu_ids: list[int]) -> None:
    """The Posyandu of these Pustu belong to the Puskesmas their Pustu
    belongs to now: one statement."""
    Facility.objects.filter(parent_id__in=pustu_ids, type=FacilityType.POSYANDU).update(
        puskesmas_id=Subquery(Facility.objects.filter(pk=OuterRef("parent_id")).values("puskesmas_id")))


@transaction.atomic
def facility_deactivate(*, facility: Facility) -> Facility:
    """Facilities that data refers to are switched off, never deleted."""
    Facility.objects.filter(pk=facility.pk).update(active=False)
    facility.active = False
    return facility
