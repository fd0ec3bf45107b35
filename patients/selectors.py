"""Reads of households and people, scoped to the user through for_user()."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q

from facilities.models import Facility, FacilityType

from . import pii
from .models import Household, Patient, Pregnancy, PregnancyStatus
from .nik import KK_NUMBER, NIK_NUMBER, is_number, normalise


@dataclass
class OutsideMatch:
    """A person outside the user's scope, found by exact NIK: only what is needed
    to serve them (people move), nothing of their household or contacts."""

    name: str
    sex: str
    birth_date: date
    nik_masked: str
    posyandu_name: str


def _ongoing_pregnancies():
    return Prefetch("pregnancies", queryset=Pregnancy.objects.filter(status=PregnancyStatus.ONGOING), to_attr="ongoing")


def patients_for(user):
    return (
        Patient.objects.for_user(user)
        .active()
        .select_related("household__posyandu", "household__desa")
        .prefetch_related(_ongoing_pregnancies())
    )


def patient_search(user, *, q: str = "", posyandu: int | None = None, desa: str | None = None, no_kk: str = "",
                   provisional: bool = False):
    """Returns (queryset, outside_matches). A 16-digit query is an exact NIK
    lookup through the blind index; anything else is a name search. The No. KK
    too is matched through its blind index; one that is not 16 digits finds
    nobody. Digits may be typed in any script (nik.normalise). `provisional`:
    quick records only (patients.quick), which wait to be merged."""
    qs = patients_for(user)
    outside: list[OutsideMatch] = []
    q = (q or "").strip()
    nik = normalise(q)
    if is_number(nik, NIK_NUMBER):
        index = pii.blind_index(nik, pii.NIK)
        qs = qs.filter(nik_index=index).order_by("pk")
        if not qs.exists():
            outside = [
                OutsideMatch(p.name, p.get_sex_display(), p.birth_date, p.nik_masked, p.household.posyandu.name)
                for p in Patient.objects.active().filter(nik_index=index).select_related("household__posyandu")
            ]
    elif q:
        qs = _name_filter(qs, q)
    else:
        qs = qs.order_by("name", "pk")
    if provisional:  # quick records not yet merged into a full one
        qs = qs.filter(provisional=True)
    if posyandu:
        qs = qs.filter(household__posyandu_id=posyandu)
    if desa:
        qs = qs.filter(household__desa_id=desa)
    if no_kk:
        kk = normalise(no_kk)
        qs = qs.filter(household__kk_index=pii.blind_index(kk, pii.KK)) if is_number(kk, KK_NUMBER) else qs.none()
    return qs, outside


def _name_filter(qs, q: str):
    if settings.IS_POSTGRES:
        from django.contrib.postgres.search import TrigramSimilarity

        # Trigram operators use the GIN index and tolerate typos ("Rahmawti").
        return (
            qs.filter(Q(name__trigram_similar=q) | Q(name__trigram_word_similar=q) | Q(name__icontains=q))
            .annotate(similarity=TrigramSimilarity("name", q))
            .order_by("-similarity", "name", "pk")
        )
    words = q.split()
    for word in words:
        qs = qs.filter(name__icontains=word)
    return qs.order_by("name", "pk")


def households_for(user):
    return Household.objects.for_user(user).select_related("posyandu", "desa")


def household_detail(user, pk: int):
    household = households_for(user).get(pk=pk)
    members = (
        Patient.objects.active()
        .filter(household=household)
        .prefetch_related(_ongoing_pregnancies())
        .select_related("mother")
        .order_by("birth_date")
    )
    return household, members


def posyandu_choices(user):
    """The Posyandu a user may pick, by desa then name; region is selected for
    Facility.picker_label, which tells apart Posyandu of the same name."""
    return (
        Facility.objects.for_user(user)
        .filter(type=FacilityType.POSYANDU, active=True)
        .select_related("region")
        .order_by("region__name", "name", "sub_area", "pk")
    )
