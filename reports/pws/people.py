"""From a dashboard cell to the people: who is in the indicator's target
group in the area and not yet counted in its figure for the period, with
what a kader or a Pustu worker needs to find them (household address,
Posyandu, last visit).

Who counts is the engine's (reports.engine.people); this module reads the
people's details, scoped with `for_user`, in one more query. The area has
already been opened for the user (a level opens only when their scope holds
all of it), so the list is the cell's, never a part of it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Max
from django.utils import timezone

from facilities.areas import Area
from patients.life_stage import age_label
from patients.models import Patient, Pregnancy

from ..engine import groups
from ..engine.people import people_sets
from ..indicators import Indicator
from .tables import Period


@dataclass(frozen=True)
class Person:
    patient_id: int
    pregnancy_id: int  # 0 unless counted per pregnancy
    name: str
    nik_masked: str
    sex: str
    birth_date: date
    age: str
    household_id: int
    dusun: str
    rt: str
    rw: str
    address: str
    posyandu: str
    last_visit: date | None
    expected_delivery: date | None = None  # HPL, for a pregnancy

    @property
    def rt_rw(self) -> str:
        return f"RT {self.rt or '-'}/RW {self.rw or '-'}" if self.rt or self.rw else ""


@dataclass(frozen=True)
class PeopleList:
    indicator: Indicator
    area: Area
    period: Period
    denominator: int  # the target group counted from people (S)
    numerator: int  # counted in the cell (D)
    people: list[Person]  # the rest, grouped by household

    @property
    def uncounted(self) -> int:
        return self.denominator - self.numerator


def uncounted_people(user, area: Area, indicator: Indicator, period: Period) -> PeopleList:
    """The people of the cell's target group not yet counted, ordered by
    Posyandu, dusun, RW, RT and household: three queries."""
    sets = people_sets(indicator, area, period.year, period.month)
    wanted = sets.uncounted
    group = groups.members(indicator, area, groups.window(indicator, period.year, period.month))
    today = timezone.localdate()
    people = []
    if group.model is Pregnancy:
        rows = (Pregnancy.objects.for_user(user).filter(pk__in=group.values("pk"))
                .select_related("patient__household__posyandu").annotate(last_visit=Max("patient__visits__date")))
        for pregnancy in rows:
            if (pregnancy.patient_id, pregnancy.pk) in wanted:
                people.append(_person(pregnancy.patient, pregnancy.last_visit, today, pregnancy))
    else:
        rows = (Patient.objects.for_user(user).filter(pk__in=group.values("pk"))
                .select_related("household__posyandu").annotate(last_visit=Max("visits__date")))
        people = [_person(p, p.last_visit, today) for p in rows if (p.pk, 0) in wanted]
    people.sort(key=lambda p: (p.posyandu, p.dusun, p.rw, p.rt, p.address, p.household_id, p.birth_date, p.name))
    return PeopleList(indicator, area, period, len(sets.denominator), len(sets.numerator), people)


def _person(patient: Patient, last_visit, today: date, pregnancy: Pregnancy | None = None) -> Person:
    household = patient.household
    return Person(
        patient.pk, pregnancy.pk if pregnancy else 0, patient.name, patient.nik_masked,
        patient.get_sex_display(), patient.birth_date, age_label(patient.birth_date, today), household.pk,
        household.dusun, household.rt, household.rw, household.address, household.posyandu.name, last_visit,
        pregnancy.expected_delivery_date if pregnancy else None)
