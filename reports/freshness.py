"""How current a dashboard's figures are, and the run in progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings

from .models import AggregationRun, CoverageYear
from .runs.selectors import running_run

if TYPE_CHECKING:
    from facilities.areas import Area

    from .pws import Table

__all__ = ["Freshness", "freshness", "running_run"]


@dataclass
class Freshness:
    """How current a page's figures are. Every rebuild and refresh stamps the
    district-year with the moment it started reading the change log, so the
    figures include every change logged before `last_written`; what was
    logged since is `pending`."""

    last_written: datetime | None  # the figures include every change logged before this
    built_at: datetime | None  # last full recomputation of the district-year
    pending: int  # recorded changes not yet included
    run: AggregationRun | None
    automatic: bool = False  # a refresh follows every save without anyone asking


def freshness(area: Area, table: Table) -> Freshness:
    """Three queries whatever the data size."""
    from clusters import changes

    year = table.period.year
    stamps = CoverageYear.objects.filter(district_id=area.district, year=year).values_list("built_at", "refreshed_at")
    built_at, refreshed_at = stamps.first() or (None, None)
    pending = changes.pending_count(district=area.district, year=year)
    moments = [t for t in (table.computed_newest, built_at, refreshed_at) if t]
    return Freshness(max(moments) if moments else None, built_at, pending, running_run(area.district),
                     automatic=settings.COVERAGE_REFRESH_AFTER_SAVE)
