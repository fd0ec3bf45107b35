"""Targets (sasaran): computing them from population, and reading them summed
upward.

Computing (`compute_targets`)
- A district's figure for each target group is population × a proportion.
  The proportions are data (`RULES`): a factor of the expected births for the
  maternal and newborn groups (births = CBR ÷ 1,000 × population), a share of
  the population for the age groups, and an estimated prevalence among people
  aged 15+ (usia produktif + lansia) for hypertension and diabetes. Dinkes may
  override any of them, and the crude birth rate, per district and year in
  `TargetParameters`.
- The district figure is shared out over every desa/kelurahan of the district:
  95 % in proportion to the active people registered as living there (their
  household's desa) and 5 % in equal parts, so that a desa whose people are
  not registered yet still has a (small) target; with nobody registered the
  shares are equal. Largest-remainder rounding makes the desa figures sum
  exactly to the district figure.
- Only rows with source "formula" are written or replaced; a desa whose target
  was imported or entered keeps it.

Reading (`targets_for_areas`)
- An area's target is its own explicit Target row when there is one; else the
  sum of the nearest explicit rows beneath it (a kecamatan row stands for its
  desa); None when there is no row beneath it at all: "no target", never 0.
- A Puskesmas sums its catchment desa, a Pustu its desa, a Posyandu has only
  an explicit Target(facility=...) row.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Catchment, Facility, FacilityType, Region, RegionLevel
from facilities.scope import user_sees_everything
from patients.models import Patient

from .models import Target, TargetGroup, TargetParameters, TargetSource

DEFAULT_CRUDE_BIRTH_RATE = Decimal("16.0")  # live births per 1,000 people a year

# What a proportion multiplies.
BIRTHS = "births"  # expected live births: CBR ÷ 1,000 × population
POPULATION = "population"  # the whole population
AGED_15_PLUS = "aged_15_plus"  # population × (share usia_produktif + share lansia)


@dataclass(frozen=True)
class Rule:
    basis: str
    default: Decimal
    maximum: Decimal  # the largest value a district may set


def _rule(basis: str, default: str) -> Rule:
    return Rule(basis, Decimal(default), Decimal("2") if basis == BIRTHS else Decimal("1"))


# The default proportion of each target group: one dict, overridden per
# district and year by TargetParameters.proportions ({group: "0.076"}).
RULES: dict[str, Rule] = {
    TargetGroup.IBU_HAMIL: _rule(BIRTHS, "1.10"),
    TargetGroup.IBU_BERSALIN: _rule(BIRTHS, "1.05"),
    TargetGroup.BAYI_BARU_LAHIR: _rule(BIRTHS, "1.05"),
    TargetGroup.BAYI: _rule(BIRTHS, "1.05"),
    TargetGroup.BADUTA: _rule(POPULATION, "0.030"),
    TargetGroup.BALITA: _rule(POPULATION, "0.076"),
    TargetGroup.USIA_PENDIDIKAN_DASAR: _rule(POPULATION, "0.160"),
    TargetGroup.USIA_PRODUKTIF: _rule(POPULATION, "0.660"),
    TargetGroup.LANSIA: _rule(POPULATION, "0.118"),
    TargetGroup.REMAJA_PUTRI: _rule(POPULATION, "0.080"),
    # Estimated prevalence among people aged 15+ (Riskesdas-type figures).
    TargetGroup.PENDERITA_HIPERTENSI: _rule(AGED_15_PLUS, "0.30"),
    TargetGroup.PENDERITA_DM: _rule(AGED_15_PLUS, "0.02"),
    # Estimates per head of population; districts should set the figures
    # their programmes (Keswa, TBC, HIV) give them.
    TargetGroup.ODGJ_BERAT: _rule(POPULATION, "0.0018"),
    TargetGroup.TERDUGA_TBC: _rule(POPULATION, "0.0100"),
    TargetGroup.BERISIKO_HIV: _rule(POPULATION, "0.0250"),
}
assert set(RULES) == set(TargetGroup.values), "every target group needs a rule"

# The part of a district figure shared equally over its desa; the rest follows
# the registered residents.
EQUAL_SHARE = Fraction(1, 20)


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


# ---------------------------------------------------------------------------
# Parameters and formulas


def effective_parameters(district_code: str, year: int) -> tuple[Decimal, dict[str, Decimal]]:
    """The crude birth rate and proportions in force for a district and year:
    the defaults, overridden by the district's TargetParameters row, else by
    its province's (the domain's "CBR of the district, else of the province")."""
    rows = {
        p.district_id: p
        for p in TargetParameters.objects.filter(district_id__in=[district_code, district_code[:2]], year=year)
    }
    return parameters_from(rows.get(district_code) or rows.get(district_code[:2]))


def parameters_from(params: TargetParameters | None) -> tuple[Decimal, dict[str, Decimal]]:
    proportions = {group: rule.default for group, rule in RULES.items()}
    cbr = DEFAULT_CRUDE_BIRTH_RATE
    if params is not None:
        cbr = Decimal(str(params.crude_birth_rate))
        for group, value in (params.proportions or {}).items():
            rule = RULES.get(group)
            parsed = _decimal(value)
            if rule is not None and parsed is not None and 0 <= parsed <= rule.maximum:
                proportions[group] = parsed
    return cbr, proportions


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        parsed = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return parsed if parsed.is_finite() else None


def district_figures(population: int, crude_birth_rate: Decimal, proportions: dict[str, Decimal]) -> dict[str, int]:
    """The district's target per group, rounded half up to whole people."""
    population = Decimal(population)
    births = population * Decimal(crude_birth_rate) / 1000
    aged_15_plus = population * (proportions[TargetGroup.USIA_PRODUKTIF] + proportions[TargetGroup.LANSIA])
    bases = {BIRTHS: births, POPULATION: population, AGED_15_PLUS: aged_15_plus}
    return {
        group: int((bases[rule.basis] * proportions[group]).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        for group, rule in RULES.items()
    }


def distribute(total: int, weights: dict[str, int], equal_share: Fraction = EQUAL_SHARE) -> dict[str, int]:
    """Share `total` over the keys of `weights`: `equal_share` in equal parts,
    the rest in proportion to the weights (all equal when they are all 0).
    Largest-remainder rounding (ties to the smaller key) makes the parts sum
    exactly to `total`."""
    keys = sorted(weights)
    if not keys:
        return {}
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        shares = {k: Fraction(1, len(keys)) for k in keys}
    else:
        shares = {k: equal_share / len(keys) + (1 - equal_share) * Fraction(weights[k], weight_sum) for k in keys}
    quotas = {k: total * shares[k] for k in keys}
    parts = {k: int(quotas[k]) for k in keys}  # floor: quotas are >= 0
    left = total - sum(parts.values())
    for k in sorted(keys, key=lambda k: (-(quotas[k] - parts[k]), k))[:left]:
        parts[k] += 1
    return parts


# ---------------------------------------------------------------------------
# Computing


def user_may_manage_district(user, district_code: str) -> bool:
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user_sees_everything(user) or user.scope_district_id == district_code


def compute_targets(*, district_code: str, year: int, user=None) -> ComputeResult:
    """Compute the district's targets for the year from its population and
    write them as one "formula" Target per desa and group (imported and
    entered rows are never replaced). Raises TargetError when the district
    has no population or no desa; PermissionDenied when `user` may not."""
    if not user_may_manage_district(user, district_code):
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
            .filter(household__desa__code__startswith=district_code + ".")
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


# ---------------------------------------------------------------------------
# Reading


def _ancestors(code: str):
    """The codes above a region code, nearest first: 36.01.21.2005 → 36.01.21, 36.01, 36."""
    while "." in code:
        code = code.rsplit(".", 1)[0]
        yield code


def _covering_prefixes(codes) -> list[str]:
    """The fewest codes whose subtrees hold all of `codes`."""
    chosen: set[str] = set()
    for code in sorted(set(codes), key=lambda c: (c.count("."), c)):
        if not any(a in chosen for a in _ancestors(code)):
            chosen.add(code)
    return sorted(chosen)


def targets_for_areas(
    *,
    year: int,
    groups: list[str] | None = None,
    region_codes: list[str] | None = None,
    facility_ids: list[int] | None = None,
) -> dict[tuple[str | int, str], int | None]:
    """The target of each area and group for the year, keyed (region code, group)
    for regions and (facility id, group) for facilities. None means "no
    target": nothing is set for the area or beneath it. At most three queries,
    however many areas are asked."""
    groups = list(groups) if groups is not None else list(TargetGroup.values)
    region_codes = list(dict.fromkeys(region_codes or []))
    facility_ids = list(dict.fromkeys(facility_ids or []))
    result: dict[tuple[str | int, str], int | None] = {}
    if not groups or not (region_codes or facility_ids):
        return result

    facilities: dict[int, tuple[str, str]] = {}
    catchment: dict[int, list[str]] = defaultdict(list)
    if facility_ids:
        facilities = {
            pk: (ftype, region)
            for pk, ftype, region in Facility.objects.filter(pk__in=facility_ids).values_list("pk", "type", "region")
        }
        for puskesmas, desa in Catchment.objects.filter(puskesmas__in=facility_ids).values_list("puskesmas", "desa"):
            catchment[puskesmas].append(desa)
    facility_desa: dict[int, list[str]] = {}
    for pk, (ftype, region) in facilities.items():
        if ftype == FacilityType.PUSKESMAS:
            facility_desa[pk] = catchment.get(pk, [])
        elif ftype == FacilityType.PUSTU and region.count(".") == RegionLevel.DESA - 1:
            facility_desa[pk] = [region]
        else:
            facility_desa[pk] = []

    # One query: the explicit rows of the regions asked and everything beneath
    # them, of the facilities' desa, and of the facilities themselves.
    where = Q(pk__in=[])
    for code in _covering_prefixes(region_codes):
        where |= Q(region=code) | Q(region__code__startswith=code + ".")
    desa_needed = sorted({d for desa in facility_desa.values() for d in desa})
    if desa_needed:
        where |= Q(region__in=desa_needed)
    if facility_ids:
        where |= Q(facility__in=facility_ids)
    region_rows: dict[tuple[str, str], int] = {}
    facility_rows: dict[tuple[int, str], int] = {}
    for region, facility, group, number in Target.objects.filter(where, year=year, group__in=groups).values_list(
        "region", "facility", "group", "number"
    ):
        if region is not None:
            region_rows[(region, group)] = number
        else:
            facility_rows[(facility, group)] = number

    # Each row adds to the asked areas above it, up to the first ancestor
    # that has an explicit row of its own (which then stands for it).
    asked = set(region_codes)
    sums: dict[tuple[str, str], int] = {}
    for (code, group), number in region_rows.items():
        for ancestor in _ancestors(code):
            if (ancestor, group) in region_rows:
                break
            if ancestor in asked:
                sums[(ancestor, group)] = sums.get((ancestor, group), 0) + number

    for code in region_codes:
        for group in groups:
            explicit = region_rows.get((code, group))
            result[(code, group)] = explicit if explicit is not None else sums.get((code, group))
    for pk in facility_ids:
        for group in groups:
            explicit = facility_rows.get((pk, group))
            if explicit is not None:
                result[(pk, group)] = explicit
                continue
            numbers = [region_rows[(d, group)] for d in facility_desa.get(pk, []) if (d, group) in region_rows]
            result[(pk, group)] = sum(numbers) if numbers else None
    return result


def coverage_percent(numerator: int | None, target: int | None) -> Decimal | None:
    """numerator ÷ target × 100, to one decimal; None without a target (None
    or 0) or without a numerator."""
    if numerator is None or not target:
        return None
    return (Decimal(numerator) * 100 / Decimal(target)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
