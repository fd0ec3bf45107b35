from datetime import date

import factory
from django.utils import timezone

from reports.models import CoverageFact, Target


class CoverageFactFactory(factory.django.DjangoModelFactory):
    """A fact as aggregation writes it: dashboards read nothing else."""

    class Meta:
        model = CoverageFact

    posyandu = None
    district_id = factory.LazyAttribute(lambda o: o.posyandu.district_id)
    month = date(2026, 1, 1)
    indicator = "K1"
    numerator = 1
    denominator = None
    computed_at = factory.LazyFunction(timezone.now)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    year = 2026
    group = "ibu_hamil"
    number = 100
