"""Facts for the dashboards' tests, stored as the coverage engine leaves
them: with the roll-ups of their month rewritten, which the district's and
a Puskesmas's pages read."""

import factory

from reports.engine import rollups
from reports.tests.factories import CoverageFactFactory


class RolledUpFactFactory(CoverageFactFactory):
    @factory.post_generation
    def rolled_up(obj, create, extracted, **kwargs):
        if create:
            rollups.rewrite(district=obj.district_id, months=[obj.month])
