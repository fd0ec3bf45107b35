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
    # What people read: `short` heads a dashboard column; `definition` says
    # exactly what is counted (and over what), derived from the fields above.
    short: str = field(default="", compare=False)
    definition: str = field(default="", compare=False)


def _i(**kw) -> Indicator:
    return Indicator(**kw)


WEIGHED = Q(weight_kg__isnull=False)
REGISTRY: list[Indicator] = [
    # Klaster 2: ibu hamil, bersalin, nifas, bayi baru lahir
    _i(code="K1", name=_("K1: first antenatal visit"), cluster="K2", stage="ibu_hamil", source="service",
       services=("ANC_K1",), subject="pregnancy", window="year", display=CUMULATIVE, target_group="ibu_hamil",
       short=_("K1"),
       definition=_("K1: pregnant women with their first antenatal (ANC) visit, in trimester I; each pregnancy counted "
                    "once a year; ÷ the year's target of pregnant women.")),
    _i(code="K4", name=_("K4: fourth antenatal visit"), cluster="K2", stage="ibu_hamil", source="service",
       services=("ANC_K4",), subject="pregnancy", window="year", display=CUMULATIVE, target_group="ibu_hamil",
       short=_("K4"),
       definition=_("K4: pregnant women with their fourth ANC visit (trimester III); each pregnancy counted once a "
                    "year; ÷ the year's target of pregnant women.")),
    _i(code="K6", name=_("K6: sixth antenatal visit (ANC to standard)"), cluster="K2", stage="ibu_hamil",
       source="service", services=("ANC_K6",), subject="pregnancy", window="year", display=CUMULATIVE,
       target_group="ibu_hamil", spm=1,
       short=_("K6"),
       definition=_("K6: pregnant women with their sixth ANC visit (trimester III), ANC to standard (SPM 1); each "
                    "pregnancy counted once a year; ÷ the year's target of pregnant women.")),
    _i(code="PERSALINAN_FASKES", name=_("Deliveries at a health facility"), cluster="K2", stage="ibu_hamil",
       source="service", services=("PERSALINAN",), window="year", display=CUMULATIVE,
       target_group="ibu_bersalin", spm=2,
       short=_("Facility births"),
       definition=_("Facility births: women whose delivery at a health facility was recorded, counted once a year (SPM "
                    "2); ÷ the year's target of women giving birth.")),
    _i(code="KF_LENGKAP", name=_("Complete postpartum visits (KF1–KF4)"), cluster="K2", stage="dewasa",
       source="service", services=("KF1", "KF2", "KF3", "KF4"), all_of=True, window="year", display=CUMULATIVE,
       target_group="ibu_bersalin",
       short=_("KF complete"),
       definition=_("KF complete: mothers who have had all four postpartum visits KF1, KF2, KF3 and KF4, counted in the"
                    " month of the last of them; ÷ the year's target of women giving birth.")),
    _i(code="KN1", name=_("KN1: first newborn visit"), cluster="K2", stage="bayi_baru_lahir", source="service",
       services=("KN1",), window="year", display=CUMULATIVE, target_group="bayi_baru_lahir",
       short=_("KN1"),
       definition=_("KN1: newborns with their first newborn visit (KN1, 6–48 hours after birth), counted once a year; ÷"
                    " the year's target of newborns.")),
    _i(code="KN_LENGKAP", name=_("Complete newborn visits (KN1–KN3)"), cluster="K2", stage="bayi_baru_lahir",
       source="service", services=("KN1", "KN2", "KN3"), all_of=True, window="year", display=CUMULATIVE,
       target_group="bayi_baru_lahir", spm=3,
       short=_("KN complete"),
       definition=_("KN complete: newborns who have had all three newborn visits KN1, KN2 and KN3, counted in the month"
                    " of the last of them (SPM 3); ÷ the year's target of newborns.")),
    # Klaster 2: bayi, balita
    _i(code="IDL", name=_("Complete basic immunisation"), cluster="K2", stage="bayi", source="immunisation",
       window="year", display=CUMULATIVE, target_group="bayi",
       short=_("IDL"),
       definition=_("IDL: infants who have received every dose of complete basic immunisation, counted in the month the"
                    " last dose was given; ÷ the year's target of infants.")),
    _i(code="D", name=_("D: under-fives weighed"), cluster="K2", stage="balita", source="measurement",
       condition=WEIGHED, max_age_days=UNDER_FIVE_DAYS, window="month", display=MONTHLY, target_group="balita",
       short=_("D/S"),
       definition=_("D/S: under-fives (0–59 months) weighed this month (D), each child once; ÷ the year's target of "
                    "under-fives (S).")),
    _i(code="N", name=_("N: under-fives whose weight went up"), cluster="K2", stage="balita",
       source="measurement", condition=Q(growth_code="N"), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY, denominator_indicator="D",
       short=_("N/D"),
       definition=_("N/D: under-fives whose weight went up enough this month (growth code N) ÷ under-fives weighed this"
                    " month (D).")),
    _i(code="BGM", name=_("BGM: below the red line"), cluster="K2", stage="balita", source="measurement",
       condition=Q(bgm=True), max_age_days=UNDER_FIVE_DAYS, window="month", display=MONTHLY,
       denominator_indicator="D",
       short=_("BGM/D"),
       definition=_("BGM/D: under-fives weighed below the red line (BGM) this month ÷ under-fives weighed this month "
                    "(D).")),
    _i(code="MEASURED_HAZ", name=_("Under-fives measured for length/height"), cluster="K2", stage="balita",
       source="measurement", condition=Q(haz__isnull=False), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY,
       short=_("Length/height measured"),
       definition=_("Length/height measured: under-fives (0–59 months) whose length or height was measured this month, "
                    "so that a length/height-for-age z-score could be computed; a number, no target (the denominator of"
                    " stunting).")),
    _i(code="STUNTING", name=_("Stunting prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(height_for_age_class__in=["stunted", "severely_stunted"]), max_age_days=UNDER_FIVE_DAYS,
       window="month", display=PREVALENCE, denominator_indicator="MEASURED_HAZ",
       short=_("Stunting"),
       definition=_("Stunting: under-fives whose length/height-for-age this month is below −2 SD (stunted or severely "
                    "stunted) ÷ under-fives measured for length/height this month.")),
    _i(code="MEASURED_WHZ", name=_("Under-fives measured for weight-for-height"), cluster="K2", stage="balita",
       source="measurement", condition=Q(whz__isnull=False), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY,
       short=_("Weight-for-height measured"),
       definition=_("Weight-for-height measured: under-fives (0–59 months) weighed and measured this month, so that a "
                    "weight-for-length/height z-score could be computed; a number, no target (the denominator of "
                    "wasting).")),
    _i(code="WASTING", name=_("Wasting prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(weight_for_height_class__in=["wasting", "severe_wasting"]), max_age_days=UNDER_FIVE_DAYS,
       window="month", display=PREVALENCE, denominator_indicator="MEASURED_WHZ",
       short=_("Wasting"),
       definition=_("Wasting: under-fives whose weight-for-length/height this month is below −2 SD (wasting or severe "
                    "wasting) ÷ under-fives with a weight-for-length/height z-score this month.")),
    _i(code="MEASURED_WAZ", name=_("Under-fives weighed with a weight-for-age z"), cluster="K2", stage="balita",
       source="measurement", condition=Q(waz__isnull=False), max_age_days=UNDER_FIVE_DAYS, window="month",
       display=MONTHLY,
       short=_("Weight-for-age measured"),
       definition=_("Weight-for-age measured: under-fives (0–59 months) weighed this month with a weight-for-age "
                    "z-score; a number, no target (the denominator of underweight).")),
    _i(code="UNDERWEIGHT", name=_("Underweight prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(weight_for_age_class__in=["underweight", "severely_underweight"]),
       max_age_days=UNDER_FIVE_DAYS, window="month", display=PREVALENCE, denominator_indicator="MEASURED_WAZ",
       short=_("Underweight"),
       definition=_("Underweight: under-fives whose weight-for-age this month is below −2 SD (underweight or severely "
                    "underweight) ÷ under-fives with a weight-for-age z-score this month.")),
    _i(code="VIT_A", name=_("Vitamin A given (6–59 months)"), cluster="K2", stage="balita", source="service",
       services=("VIT_A",), min_age_days=182, max_age_days=UNDER_FIVE_DAYS, window="month", display=MONTHLY,
       target_group="balita",
       short=_("Vitamin A"),
       definition=_("Vitamin A: children aged 6–59 months given vitamin A this month, each child once; ÷ the year's "
                    "target of under-fives.")),
    _i(code="SPM_BALITA", name=_("Under-fives weighed at least 8 times a year"), cluster="K2", stage="balita",
       source="measurement", condition=WEIGHED, max_age_days=UNDER_FIVE_DAYS, nth=8, window="year",
       display=CUMULATIVE, target_group="balita", spm=4,
       short=_("Weighed 8×"),
       definition=_("Weighed 8×: under-fives (0–59 months) weighed at least 8 times this year, counted in the month of "
                    "their 8th weighing (SPM 4); ÷ the year's target of under-fives.")),
    _i(code="SPM_SEKOLAH", name=_("School-age children screened"), cluster="K2", stage="usia_sekolah",
       source="service", services=("SCHOOL_SCREENING",), window="year", display=CUMULATIVE,
       target_group="usia_pendidikan_dasar", spm=5,
       short=_("School screening"),
       definition=_("School screening: children given the school health screening this year, each once (SPM 5); ÷ the "
                    "year's target of children of basic-education age.")),
    _i(code="TTD_REMAJA", name=_("Adolescent girls given iron tablets"), cluster="K2", stage="remaja",
       source="service", services=("TTD_REMAJA",), window="year", display=CUMULATIVE, target_group="remaja_putri",
       short=_("Iron tablets, girls"),
       definition=_("Iron tablets, girls: adolescent girls given iron tablets (TTD) this year, each once; ÷ the year's "
                    "target of adolescent girls.")),
    # Klaster 3
    _i(code="PTM_PRODUKTIF", name=_("Productive-age people screened (PTM)"), cluster="K3", stage="dewasa",
       source="service", services=("PTM_SCREENING",), window="year", display=CUMULATIVE,
       target_group="usia_produktif", spm=6,
       short=_("PTM screening"),
       definition=_("PTM screening: people given the non-communicable disease (PTM) screening this year, each once (SPM"
                    " 6); ÷ the year's target of people of productive age (15–59).")),
    _i(code="LANSIA_SKRINING", name=_("Elderly people screened"), cluster="K3", stage="lansia", source="service",
       services=("LANSIA_SCREENING",), window="year", display=CUMULATIVE, target_group="lansia", spm=7,
       short=_("Elderly screening"),
       definition=_("Elderly screening: people given the elderly screening (SKILAS and ADL) this year, each once (SPM "
                    "7); ÷ the year's target of elderly people (60+).")),
    _i(code="HT_SERVED", name=_("People with hypertension served"), cluster="K3", stage="dewasa", source="service",
       services=("HT_CARE",), window="year", display=CUMULATIVE, target_group="penderita_hipertensi", spm=8,
       short=_("HT served"),
       definition=_("HT served: people given hypertension care this year, each once (SPM 8); ÷ the year's target of "
                    "people with hypertension (an estimate from prevalence).")),
    _i(code="DM_SERVED", name=_("People with diabetes served"), cluster="K3", stage="dewasa", source="service",
       services=("DM_CARE",), window="year", display=CUMULATIVE, target_group="penderita_dm", spm=9,
       short=_("DM served"),
       definition=_("DM served: people given diabetes care this year, each once (SPM 9); ÷ the year's target of people "
                    "with diabetes (an estimate from prevalence).")),
    _i(code="ODGJ_SERVED", name=_("People with severe mental illness served"), cluster="K3", stage="dewasa",
       source="service", services=("ODGJ_CARE",), window="year", display=CUMULATIVE, target_group="odgj_berat",
       spm=10,
       short=_("ODGJ served"),
       definition=_("ODGJ served: people with severe mental illness given care (ODGJ berat care) this year, each once "
                    "(SPM 10); ÷ the year's target of people with severe mental illness.")),
    # Klaster 4
    _i(code="TB_SCREENED", name=_("People screened for TB symptoms"), cluster="K4", stage="semua",
       source="service", services=("TB_SCREENING",), window="year", display=CUMULATIVE,
       short=_("TB screened"),
       definition=_("TB screened: people screened for TB symptoms this year, each once; a number, no target.")),
    _i(code="TB_PRESUMPTIVE", name=_("Presumptive TB found"), cluster="K4", stage="semua", source="measurement",
       condition=Q(tb_presumptive=True), window="year", display=CUMULATIVE,
       short=_("Presumptive TB"),
       definition=_("Presumptive TB: people recorded as presumptive TB at a visit this year, each once; a number, no "
                    "target.")),
    _i(code="TB_EXAMINED", name=_("Presumptive TB examined"), cluster="K4", stage="semua", source="service",
       services=("TB_TEST",), window="year", display=CUMULATIVE, target_group="terduga_tbc", spm=11,
       short=_("Presumptive TB examined"),
       definition=_("Presumptive TB examined: people given a TB test (TCM or BTA) this year, each once (SPM 11); ÷ the "
                    "year's target of presumptive TB.")),
    _i(code="TB_TREATED", name=_("TB patients starting treatment"), cluster="K4", stage="semua", source="service",
       services=("TB_TREATMENT",), window="year", display=CUMULATIVE,
       short=_("TB treatment started"),
       definition=_("TB treatment started: people who started TB treatment this year, each once; a number, no "
                    "target.")),
    _i(code="HIV_TESTED", name=_("People at risk of HIV tested"), cluster="K4", stage="semua", source="service",
       services=("HIV_TEST",), window="year", display=CUMULATIVE, target_group="berisiko_hiv", spm=12,
       short=_("HIV tested"),
       definition=_("HIV tested: people tested for HIV this year, each once (SPM 12); ÷ the year's target of people at "
                    "risk of HIV.")),
]
BY_CODE = {i.code: i for i in REGISTRY}
assert len(BY_CODE) == len(REGISTRY), "indicator codes are unique"
SPM = sorted((i for i in REGISTRY if i.spm), key=lambda i: i.spm)
