"""Facts for the dashboards' tests, stored as the coverage engine leaves
them: with the roll-ups of their month made equal to their sums, which the
district's and a Puskesmas's pages read, and stamped when the fact says it
was computed (a run writes both at once)."""

import factory
from django.db.models import Max

from reports.engine import rollups
from reports.models import CoverageFact, CoverageRollup
from reports.tests.factories import CoverageFactFactory


class RolledUpFactFactory(CoverageFactFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def rolled_up(obj, create, extracted, **kwargs):
        if create:
            rollups.sync(district=obj.district_id, months=[obj.month])
            newest = CoverageFact.objects.filter(district_id=obj.district_id, month=obj.month).aggregate(
                at=Max("computed_at"))["at"]
            CoverageRollup.objects.filter(district_id=obj.district_id, month=obj.month).update(computed_at=newest)
