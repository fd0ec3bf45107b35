"""Computing a district's targets from its population (`compute_targets`).

The district figures come from the rules (`rules.district_figures`) and are
shared out over its desa (`rules.distribute`) in proportion to the active
people registered there. Only rows with source "formula" are written or
replaced; a desa whose target was imported or entered keeps it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Region, RegionLevel
from facilities.scope import can_manage_district
from patients.models import Patient

from ..models import Target, TargetSource
from .rules import distribute, district_figures, effective_parameters


class TargetError(Exception):
    """A district whose targets cannot be computed (the message says why)."""


@dataclass
class ComputeResult:
    district_code: str
    year: int
    population: int
    crude_birth_rate: Decimal
    totals: dict[str, int]  # the district figure per group
    desa: int = 0
    registered: int = 0  # active people counted for the distribution
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # imported or entered desa targets left as they were
    kept_desa: list[str] = field(default_factory=list)


def compute_targets(*, district_code: str, year: int, user=None) -> ComputeResult:
    """Compute the district's targets for the year from its population and
    write them as one "formula" Target per desa and group (imported and
    entered rows are never replaced). Raises TargetError when the district
    has no population or no desa; PermissionDenied when `user` may not."""
    if not can_manage_district(user, district_code):
        raise PermissionDenied
    with transaction.atomic():
        # Locking the district row serialises computations and imports of it.
        district = Region.objects.select_for_update().filter(code=district_code, level=RegionLevel.KABKOTA).first()
        if district is None:
            raise TargetError(_("%(code)s is not a district/city.") % {"code": district_code})
        if not district.population_total:
            raise TargetError(
                _("The population of %(name)s is not known: load it before computing targets.")
                % {"name": district.name}
            )
        cbr, proportions = effective_parameters(district_code, year)
        totals = district_figures(district.population_total, cbr, proportions)
        result = ComputeResult(district_code, year, district.population_total, cbr, totals)

        desa_codes = list(
            Region.objects.descendants_of(district_code).filter(level=RegionLevel.DESA).values_list("code", flat=True)
        )
        if not desa_codes:
            raise TargetError(_("%(name)s has no desa/kelurahan to share its targets over.") % {"name": district.name})
        registered = dict(
            Patient.objects.active()
            .filter(household__desa__code__startswith=district_code + ".", provisional=False)
            .order_by()
            .values("household__desa")
            .annotate(n=Count("pk"))
            .values_list("household__desa", "n")
        )
        weights = {code: registered.get(code, 0) for code in desa_codes}
        result.desa = len(desa_codes)
        result.registered = sum(weights.values())

        existing = {
            (t.region_id, t.group): t
            for t in Target.objects.filter(
                region__code__startswith=district_code + ".", year=year, group__in=list(totals)
            )
        }
        now = timezone.now()
        new, changed = [], []
        kept_desa = set()
        for group, total in totals.items():
            for code, number in distribute(total, weights).items():
                row = existing.get((code, group))
                if row is None:
                    new.append(
                        Target(
                            region_id=code,
                            year=year,
                            group=group,
                            number=number,
                            source=TargetSource.FORMULA,
                            updated_by=user,
                            updated_at=now,
                        )
                    )
                elif row.source != TargetSource.FORMULA:
                    result.kept += 1
                    kept_desa.add(code)
                elif row.number != number:
                    row.number, row.updated_by, row.updated_at = number, user, now
                    changed.append(row)
                else:
                    result.unchanged += 1
        Target.objects.bulk_create(new, batch_size=1000)
        Target.objects.bulk_update(changed, ["number", "updated_by", "updated_at"], batch_size=500)
        result.created, result.updated = len(new), len(changed)
        result.kept_desa = sorted(kept_desa)
    return result
