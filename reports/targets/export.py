"""Export of a district's explicit targets as CSV, in the import's format."""

import csv
import io

from django.db.models import Q

from ..models import Target
from .sheets import FACILITY_COLUMN, REGION_COLUMN

EXPORT_COLUMNS = [REGION_COLUMN, FACILITY_COLUMN, "nama", "tahun", "sasaran", "jumlah", "sumber"]


def export_targets(*, district_code: str, year: int) -> str:
    """The explicit targets of a district (its regions and facilities) for a
    year, as CSV in the import's format (a file to edit and import again)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = (
        Target.objects.filter(
            Q(region=district_code)
            | Q(region__code__startswith=district_code + ".")
            | Q(facility__district=district_code),
            year=year,
        )
        .select_related("region", "facility")
        .order_by("region", "facility__code", "group")
    )
    for t in rows:
        writer.writerow(
            [
                t.region_id or "",
                t.facility.code if t.facility_id else "",
                t.region.name if t.region_id else t.facility.name,
                t.year,
                t.group,
                t.number,
                t.source,
            ]
        )
    return out.getvalue()
