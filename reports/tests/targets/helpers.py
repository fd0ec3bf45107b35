"""Writing and reading targets the way the target tests state them."""

from reports.models import Target, TargetGroup, TargetSource

YEAR = 2026
DESA_3601 = [f"36.01.{kec}.{desa}" for kec in ("01", "02") for desa in ("2001", "2002", "2003")]


def make_target(area, number, group=TargetGroup.BALITA, source=TargetSource.MANUAL, year=YEAR):
    """An explicit target of a region (by code) or a facility."""
    if isinstance(area, str):
        return Target.objects.create(region_id=area, year=year, group=group, number=number, source=source)
    return Target.objects.create(facility=area, year=year, group=group, number=number, source=source)


def desa_numbers(group, district="36.01", year=YEAR):
    """{desa code: number} of the district's region targets of one group."""
    return dict(
        Target.objects.filter(region__code__startswith=district + ".", year=year, group=group).values_list(
            "region", "number"
        )
    )
