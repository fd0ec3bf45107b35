"""Rows the review lists, written directly: the services that fill
`confirmed`, `flagged_z` and recomputations are tested in clusters."""

from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from clusters.models import Measurement, Recomputation, RecomputeCause, Visit
from facilities.tests.factories import UserFactory
from patients.tests.factories import HouseholdFactory, PatientFactory


def local_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def entered_on(row, day: date, field: str = "created_at"):
    """Backdate when a row reached the record (auto_now_add ignores a given value)."""
    type(row).objects.filter(pk=row.pk).update(**{field: local_noon(day)})
    setattr(row, field, local_noon(day))
    return row


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    patient = factory.SubFactory(PatientFactory)
    facility = factory.LazyAttribute(lambda o: o.patient.household.posyandu)
    date = factory.LazyFunction(timezone.localdate)
    package = "balita"
    entered_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def entered(self, create, extracted, **kwargs):
        if create and extracted:
            entered_on(self, extracted)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    visit = factory.SubFactory(VisitFactory)
    weight_kg = "9.5"
    length_cm = "75.0"


class RecomputationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recomputation
        skip_postgeneration_save = True

    visit = factory.SubFactory(VisitFactory)
    patient = factory.LazyAttribute(lambda o: o.visit.patient)
    cause = RecomputeCause.BIRTH_DATE
    fields = factory.LazyFunction(lambda: ["age_days", "waz", "growth_code"])

    @factory.post_generation
    def recorded(self, create, extracted, **kwargs):
        if create and extracted:
            entered_on(self, extracted, "at")


def child_at(posyandu, *, name="Anak Uji", birth_date=None, mother=None, household=None):
    household = household or HouseholdFactory(posyandu=posyandu)
    return PatientFactory(household=household, name=name, sex="L", mother=mother,
                          birth_date=birth_date or timezone.localdate() - timedelta(days=400))


class Items:
    """One item of every kind whose person lives at `posyandu`, reaching the
    record on `day`; returns {kind: object id}."""

    def __init__(self):
        self.serial = 0

    def __call__(self, posyandu, day: date) -> dict:
        self.serial += 1
        n = self.serial
        born = day - timedelta(days=400)

        def child(name):
            return child_at(posyandu, name=f"{name} {n}", birth_date=born)

        confirmed = VisitFactory(patient=child("Confirmed"), date=day, confirmed=["weight_kg"], entered=day)
        MeasurementFactory(visit=confirmed, weight_kg="19.0")
        flagged = VisitFactory(patient=child("Flagged"), date=day, entered=day)
        MeasurementFactory(visit=flagged, weight_kg="3.1", flagged_z="waz,whz")
        late = VisitFactory(patient=child("Late"), date=day - timedelta(days=45), entered=day)
        recomputed = RecomputationFactory(visit=VisitFactory(patient=child("Recomputed"), date=day - timedelta(days=5),
                                                             entered=day - timedelta(days=5)), recorded=day)
        household = HouseholdFactory(posyandu=posyandu)
        PatientFactory(household=household, name=f"Muhammad Rizki {n}", sex="L", birth_date=born)
        newer = entered_on(PatientFactory(household=household, name=f"muhammad  rizki. {n}", sex="L",
                                          birth_date=born), day)
        return {"confirmed": confirmed.pk, "flagged_z": flagged.pk, "late": late.pk,
                "recomputed": recomputed.pk, "duplicate": newer.pk}
