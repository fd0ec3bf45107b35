"""The rules of targets (sasaran): what a district's target of each group is,
from its population, and how it is shared out over its desa.

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
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from ..models import TargetGroup, TargetParameters

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


def coverage_percent(numerator: int | None, target: int | None) -> Decimal | None:
    """numerator ÷ target × 100, to one decimal; None without a target (None
    or 0) or without a numerator."""
    if numerator is None or not target:
        return None
    if type(numerator) is int and type(target) is int and numerator >= 0 and target > 0:
        # Whole tenths rounded half up, in integers: a district table takes
        # thousands of these per page.
        return Decimal((numerator * 2000 + target) // (2 * target)).scaleb(-1)
    return (Decimal(numerator) * 100 / Decimal(target)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
