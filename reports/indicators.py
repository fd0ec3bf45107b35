"""The indicator registry: what each coverage figure counts, for whom, in
which window, against which target group. Definitions are data; the SQL that
evaluates them lives in reports/aggregation.py.

How a person counts
- source "service": a visit at which one of `services` was given;
  "measurement": a visit whose measurement matches `condition`;
  "immunisation": the day complete basic immunisation was reached.
- subject: who is counted once ("patient", or "pregnancy" so that a woman's
  pregnancies count apart).
- window "year": each subject once per calendar year, in the month of its
  first qualifying event (or its `nth` event; with `all_of`, the month the last
  of the services was first given); monthly facts then add up to the
  year-to-date figure. Window "month": each subject once per month.
- People count where they live (their household's Posyandu), not where served.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CUMULATIVE, MONTHLY, PREVALENCE = "cumulative", "monthly", "prevalence"
UNDER_FIVE_DAYS = 1827


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    cluster: str
    stage: str
    source: str  # service | measurement | immunisation
    window: str  # year | month
    display: str  # cumulative | monthly | prevalence
    target_group: str | None = None  # denominator from targets (sasaran)
    denominator_indicator: str | None = None  # or a measured denominator
    services: tuple[str, ...] = ()
    condition: Q | None = field(default=None, compare=False)
    subject: str = "patient"
    nth: int = 1
    all_of: bool = False
    spm: int | None = None  # number among the 12 SPM services
    max_age_days: int | None = None  # age at the event, e.g. balita
    min_age_days: int | None = None


def _i(**kw) -> Indicator:
    return Indicator(**kw)


WEIGHED = Q(weight_kg__isnull=False)
REGISTRY: list[Indicator] = [
    # Klaster 2: ibu hamil, bersalin, nifas, bayi baru lahir
    _i(code="K1", name=_("K1: first antenatal visit"), cluster="K2", stage="ibu_hamil", source="service",
       services=("ANC_K1",), subject="pregnancy", window="year", display=CUMULATIVE, target_group="ibu_hamil"),
    _i(code="K4", name=_("K4: fourth antenatal visit"), cluster="K2", stage="ibu_hamil", source="service",
       services=("ANC_K4",), subject="pregnancy", window="year", display=CUMULATIVE, target_group="ibu_hamil"),
    _i(code="K6", name=_("K6: sixth antenatal visit (ANC to standard)"), cluster="K2", stage="ibu_hamil",
       source="service", services=("ANC_K6",), subject="pregnancy", window="year", display=CUMULATIVE,
       target_group="ibu_hamil", spm=1),
    _i(code="PERSALINAN_FASKES", name=_("Deliveries at a health facility"), cluster="K2", stage="ibu_hamil",
       source="service", services=("PERSALINAN",), window="year", display=CUMULATIVE,
       target_group="ibu_bersalin", spm=2),
    _i(code="KF_LENGKAP", name=_("Complete postpartum visits (KF1–KF4)"), cluster="K2", stage="dewasa",
       source="service", services=("KF1", "KF2", "KF3", "KF4"), all_of=True, window="year", display=CUMULATIVE,
       target_group="ibu_bersalin"),
    _i(code="KN1", name=_("KN1: first newborn visit"), cluster="K2", stage="bayi_baru_lahir", source="service",
       services=("KN1",), window="year", display=CUMULATIVE, target_group="bayi_baru_lahir"),
    _i(code="KN_LENGKAP", name=_("Complete newborn visits (KN1–KN3)"), cluster="K2", stage="bayi_baru_lahir",
       source="service", services=("KN1", "KN2", "KN3"), all_of=True, window="year", display=CUMULATIVE,
       target_group="bayi_baru_lahir", spm=3),
    # Klaster 2: bayi, balita
    _i(code="IDL", name=_("Complete basic immunisation"), cluster="K2", stage="bayi", source="immunisation",
       window="year", display=CUMULATIVE, target_group="bayi"),
    _i(code="D", name=_("D: under-fives weighed"), cluster="K2", stage="balita", source="measurement",
       condition=WEIGHED, max_age_days=UNDER_FIVE_DAYS, window="month", display=MONTHLY, target_group="balita"),
    _i(code="N", name=_("N: under-fives whose weight went up"), cluster="K2", stage="balita",
       source="measurement", condition=Q(growth_code="N"), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY, denominator_indicator="D"),
    _i(code="BGM", name=_("BGM: below the red line"), cluster="K2", stage="balita", source="measurement",
       condition=Q(bgm=True), max_age_days=UNDER_FIVE_DAYS, window="month", display=MONTHLY,
       denominator_indicator="D"),
    _i(code="MEASURED_HAZ", name=_("Under-fives measured for length/height"), cluster="K2", stage="balita",
       source="measurement", condition=Q(haz__isnull=False), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY),
    _i(code="STUNTING", name=_("Stunting prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(height_for_age_class__in=["stunted", "severely_stunted"]), max_age_days=UNDER_FIVE_DAYS,
       window="month", display=PREVALENCE, denominator_indicator="MEASURED_HAZ"),
    _i(code="MEASURED_WHZ", name=_("Under-fives measured for weight-for-height"), cluster="K2", stage="balita",
       source="measurement", condition=Q(whz__isnull=False), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY),
    _i(code="WASTING", name=_("Wasting prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(weight_for_height_class__in=["wasting", "severe_wasting"]), max_age_days=UNDER_FIVE_DAYS,
       window="month", display=PREVALENCE, denominator_indicator="MEASURED_WHZ"),
    _i(code="MEASURED_WAZ", name=_("Under-fives weighed with a weight-for-age z"), cluster="K2", stage="balita",
       source="measurement", condition=Q(waz__isnull=False), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY),
    _i(code="UNDERWEIGHT", name=_("Underweight prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(weight_for_age_class__in=["underweight", "severely_underweight"]),
       max_age_days=UNDER_FIVE_DAYS, window="month", display=PREVALENCE, denominator_indicator="MEASURED_WAZ"),
    _i(code="VIT_A", name=_("Vitamin A given (6–59 months)"), cluster="K2", stage="balita", source="service",
       services=("VIT_A",), min_age_days=182, max_age_days=UNDER_FIVE_DAYS, window="month", display=MONTHLY,
       target_group="balita"),
    _i(code="SPM_BALITA", name=_("Under-fives weighed at least 8 times a year"), cluster="K2", stage="balita",
       source="measurement", condition=WEIGHED, max_age_days=UNDER_FIVE_DAYS, nth=8, window="year",
       display=CUMULATIVE, target_group="balita", spm=4),
    _i(code="SPM_SEKOLAH", name=_("School-age children screened"), cluster="K2", stage="usia_sekolah",
       source="service", services=("SCHOOL_SCREENING",), window="year", display=CUMULATIVE,
       target_group="usia_pendidikan_dasar", spm=5),
    _i(code="TTD_REMAJA", name=_("Adolescent girls given iron tablets"), cluster="K2", stage="remaja",
       source="service", services=("TTD_REMAJA",), window="year", display=CUMULATIVE, target_group="remaja_putri"),
    # Klaster 3
    _i(code="PTM_PRODUKTIF", name=_("Productive-age people screened (PTM)"), cluster="K3", stage="dewasa",
       source="service", services=("PTM_SCREENING",), window="year", display=CUMULATIVE,
       target_group="usia_produktif", spm=6),
    _i(code="LANSIA_SKRINING", name=_("Elderly people screened"), cluster="K3", stage="lansia", source="service",
       services=("LANSIA_SCREENING",), window="year", display=CUMULATIVE, target_group="lansia", spm=7),
    _i(code="HT_SERVED", name=_("People with hypertension served"), cluster="K3", stage="dewasa", source="service",
       services=("HT_CARE",), window="year", display=CUMULATIVE, target_group="penderita_hipertensi", spm=8),
    _i(code="DM_SERVED", name=_("People with diabetes served"), cluster="K3", stage="dewasa", source="service",
       services=("DM_CARE",), window="year", display=CUMULATIVE, target_group="penderita_dm", spm=9),
    _i(code="ODGJ_SERVED", name=_("People with severe mental illness served"), cluster="K3", stage="dewasa",
       source="service", services=("ODGJ_CARE",), window="year", display=CUMULATIVE, target_group="odgj_berat",
       spm=10),
    # Klaster 4
    _i(code="TB_SCREENED", name=_("People screened for TB symptoms"), cluster="K4", stage="semua",
       source="service", services=("TB_SCREENING",), window="year", display=CUMULATIVE),
    _i(code="TB_PRESUMPTIVE", name=_("Presumptive TB found"), cluster="K4", stage="semua", source="measurement",
       condition=Q(tb_presumptive=True), window="year", display=CUMULATIVE),
    _i(code="TB_EXAMINED", name=_("Presumptive TB examined"), cluster="K4", stage="semua", source="service",
       services=("TB_TEST",), window="year", display=CUMULATIVE, target_group="terduga_tbc", spm=11),
    _i(code="TB_TREATED", name=_("TB patients starting treatment"), cluster="K4", stage="semua", source="service",
       services=("TB_TREATMENT",), window="year", display=CUMULATIVE),
    _i(code="HIV_TESTED", name=_("People at risk of HIV tested"), cluster="K4", stage="semua", source="service",
       services=("HIV_TEST",), window="year", display=CUMULATIVE, target_group="berisiko_hiv", spm=12),
]
BY_CODE = {i.code: i for i in REGISTRY}
assert len(BY_CODE) == len(REGISTRY), "indicator codes are unique"
SPM = sorted((i for i in REGISTRY if i.spm), key=lambda i: i.spm)
