"""Life-cycle stage is derived, never typed: one function of birth date, a
reference date and pregnancy state. Bands come from the ILP guideline
(shared/domain/ILP.md section 2); they overlap (a 15-year-old is both usia
sekolah and remaja), so a person has a set of stages, ordered most specific
first. Bounds are half-open: a band "0-28 days" ends when day 29 begins; a band
"6-18 years" ends on the 18th birthday, when "dewasa 18-59" begins."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Stage(models.TextChoices):
    IBU_HAMIL = "ibu_hamil", _("Pregnant woman (ibu hamil)")
    BAYI_BARU_LAHIR = "bayi_baru_lahir", _("Newborn (0–28 days)")
    BAYI = "bayi", _("Infant (0–11 months)")
    BALITA = "balita", _("Under-five (0–59 months)")
    ANAK_PRASEKOLAH = "anak_prasekolah", _("Preschool child (5–6 years)")
    USIA_SEKOLAH = "usia_sekolah", _("School age (6–17 years)")
    REMAJA = "remaja", _("Adolescent (10–17 years)")
    DEWASA = "dewasa", _("Adult (18–59 years)")
    LANSIA = "lansia", _("Elderly (60+ years)")


@dataclass(frozen=True)
class Band:
    stage: Stage
    unit: str  # "days", "months" or "years"
    lower: int  # inclusive
    upper: int | None  # exclusive


# Ordered most specific first (the order the patient page offers packages in).
BANDS = [
    Band(Stage.BAYI_BARU_LAHIR, "days", 0, 29),
    Band(Stage.BAYI, "months", 0, 12),
    Band(Stage.BALITA, "months", 0, 60),
    Band(Stage.ANAK_PRASEKOLAH, "years", 5, 7),
    Band(Stage.REMAJA, "years", 10, 18),
    Band(Stage.USIA_SEKOLAH, "years", 6, 18),
    Band(Stage.DEWASA, "years", 18, 60),
    Band(Stage.LANSIA, "years", 60, None),
]
USIA_PRODUKTIF = (15, 60)  # SPM: yearly screening 15-59


def age_in(unit: str, birth_date: date, on: date) -> int:
    if unit == "days":
        return (on - birth_date).days
    delta = relativedelta(on, birth_date)
    return delta.years * 12 + delta.months if unit == "months" else delta.years


def life_stages(birth_date: date, on: date, pregnant: bool = False) -> list[Stage]:
    if on < birth_date:
        return []
    stages = [Stage.IBU_HAMIL] if pregnant else []
    for band in BANDS:
        age = age_in(band.unit, birth_date, on)
        if age >= band.lower and (band.upper is None or age < band.upper):
            stages.append(band.stage)
    return stages


def primary_stage(birth_date: date, on: date, pregnant: bool = False) -> Stage | None:
    stages = life_stages(birth_date, on, pregnant)
    return stages[0] if stages else None


def age_label(birth_date: date, on: date) -> str:
    delta = relativedelta(on, birth_date)
    if delta.years >= 5:
        return ngettext("%(n)s yr", "%(n)s yrs", delta.years) % {"n": delta.years}
    months = delta.years * 12 + delta.months
    if months:
        return ngettext("%(n)s mo", "%(n)s mo", months) % {"n": months}
    days = (on - birth_date).days
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def can_bear_children(sex: str, birth_date: date, on: date) -> bool:
    """Whether pregnancy and newborn registration are offered for a person."""
    return sex == "P" and age_in("years", birth_date, on) >= 10
