"""Visit packages: what a health worker is offered for a person's life stage,
with only the relevant measurement fields and service categories."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from patients.life_stage import Stage, life_stages

from .models import ServiceCategory as C


@dataclass(frozen=True)
class Package:
    code: str
    label: str
    stages: frozenset  # offered when the person has any of these stages
    categories: frozenset  # service categories offered
    fields: tuple  # measurement fields shown
    min_years: int = 0


ALL_STAGES = frozenset(Stage.values)
PACKAGES = [
    Package("balita", _("Under-five growth and immunisation"),
            frozenset({Stage.BAYI_BARU_LAHIR, Stage.BAYI, Stage.BALITA}),
            frozenset({C.GROWTH, C.IMMUNISATION, C.SUPPLEMENT, C.NEWBORN}),
            ("weight_kg", "length_cm", "measured_lying", "head_cm", "muac_cm", "oedema")),
    Package("anc", _("Antenatal care (ANC)"), frozenset({Stage.IBU_HAMIL}), frozenset({C.ANC, C.HIV}),
            ("gestational_age_weeks", "weight_kg", "length_cm", "muac_cm", "systolic", "diastolic", "hb_g_dl",
             "tb_symptoms")),
    Package("delivery", _("Delivery and postpartum"), frozenset({Stage.IBU_HAMIL, Stage.DEWASA, Stage.REMAJA}),
            frozenset({C.DELIVERY, C.POSTNATAL, C.FAMILY_PLANNING}), ("systolic", "diastolic", "hb_g_dl"),
            min_years=10),
    Package("school", _("School child screening"),
            frozenset({Stage.ANAK_PRASEKOLAH, Stage.USIA_SEKOLAH, Stage.REMAJA}),
            frozenset({C.SCHOOL, C.SUPPLEMENT, C.IMMUNISATION, C.DENTAL}),
            ("weight_kg", "length_cm", "systolic", "diastolic", "hb_g_dl", "srq20")),
    Package("ptm", _("Adult screening (PTM)"), frozenset({Stage.REMAJA, Stage.DEWASA}),
            frozenset({C.PTM, C.PTM_CARE, C.FAMILY_PLANNING}),
            ("weight_kg", "length_cm", "waist_cm", "systolic", "diastolic", "glucose_mg_dl", "glucose_fasting",
             "srq20", "puma"), min_years=15),
    Package("lansia", _("Elderly screening"), frozenset({Stage.LANSIA}),
            frozenset({C.LANSIA, C.PTM, C.PTM_CARE}),
            ("weight_kg", "length_cm", "waist_cm", "systolic", "diastolic", "glucose_mg_dl", "glucose_fasting",
             "adl", "skilas_flags", "srq20", "puma")),
    Package("tb", _("TB and communicable disease"), ALL_STAGES, frozenset({C.TB, C.HIV}),
            ("tb_symptoms", "weight_kg")),
]
BY_CODE = {p.code: p for p in PACKAGES}


def packages_for(*, birth_date: date, sex: str, on: date, pregnant: bool) -> list[Package]:
    stages = set(life_stages(birth_date, on, pregnant))
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    offered = []
    for package in PACKAGES:
        if not stages & package.stages or years < package.min_years:
            continue
        if package.code in ("anc", "delivery") and sex != "P":
            continue
        offered.append(package)
    return offered
