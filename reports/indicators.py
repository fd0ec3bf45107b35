"""The indicator registry: what each coverage figure counts, for whom, in
which window, against which target group. Definitions are data; what their
fields mean for counting (ages, gestational age, the parts of an `all_of`,
how a figure is judged) is defined here once, in the methods and functions
below, and used by the engine's fold, by its reference evaluation
(reports.engine.reference) and by the dashboards.

How a person counts
- source "service": a visit at which one of `services` was given;
  "measurement": a visit whose measurement matches `condition`;
  "immunisation": the day complete basic immunisation was reached.
- ages (`min_age_months`, `max_age_months`) are the person's age on the visit
  day in completed calendar months, as patients.life_stage counts them (a
  child is no longer a balita from their 5th birthday).
- subject: who is counted once ("patient", or "pregnancy" so that a woman's
  pregnancies count apart).
- window "year": each subject once per calendar year, in the month of its
  first qualifying event (or its `nth` event; with `all_of`, the month the last
  of the services was first given, whenever the others were: KF1 in December
  and KF4 in January complete KF in January); monthly facts then add up to
  the year-to-date figure. Window "month": each subject once per month.
- `latest_of`: a status judged on the subject's latest visit of the month at
  which the indicator named there has its event (a prevalence counts a
  child by their latest measurement of the month, not by any of them).
- `first_ever`: only the subject's first visit ever with one of `services`
  counts (K1: a pregnancy's first antenatal contact, whenever it is), judged
  by the indicator's other conditions (`max_gestation_weeks`: gestational age
  at that visit in completed weeks, as recorded at the visit, else from the
  pregnancy's first day of the last period (HPHT), else from its expected
  delivery date (HPL) less 280 days).
- People count where they live (their household's Posyandu), not where served.
"""

from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from patients.life_stage import BANDS, USIA_PRODUKTIF, Stage

CUMULATIVE, MONTHLY, PREVALENCE = "cumulative", "monthly", "prevalence"


def _band_months(stage: Stage) -> tuple[int, int | None]:
    """A life stage's band (shared/domain/ILP.md section 2) in completed months."""
    band = next(b for b in BANDS if b.stage == stage)
    factor = {"months": 1, "years": 12}[band.unit]
    return band.lower * factor, None if band.upper is None else band.upper * factor


BALITA = _band_months(Stage.BALITA)  # 0-59 months
REMAJA = _band_months(Stage.REMAJA)  # 10-17 years
LANSIA = _band_months(Stage.LANSIA)  # 60+ years
PRODUKTIF = (USIA_PRODUKTIF[0] * 12, USIA_PRODUKTIF[1] * 12)  # SPM: 15-59 years
ADULT_CARE_FROM = USIA_PRODUKTIF[0] * 12  # hypertension and diabetes sasaran: people aged 15+
VITAMIN_A_FROM = 6  # months (ILP.md section 3: vitamin A 6-59 months)
TRIMESTER_I_WEEKS = 12  # ILP.md section 3: trimester I is up to 12 weeks
ANC_CONTACTS = ("ANC_K1", "ANC_K2", "ANC_K3", "ANC_K4", "ANC_K5", "ANC_K6")


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
    max_age_months: int | None = None  # age at the event (completed months) below this
    min_age_months: int | None = None  # and at least this
    latest_of: str | None = None  # judged on the latest visit of the month with this indicator's event
    first_ever: bool = False  # only the subject's first visit ever with one of `services`
    max_gestation_weeks: int | None = None  # at that visit, in completed weeks
    # What people read: `short` heads a dashboard column; `definition` says
    # exactly what is counted (and over what), derived from the fields above.
    short: str = field(default="", compare=False)
    definition: str = field(default="", compare=False)

    @property
    def kind(self) -> str:
        """How a figure is judged: against a target (sasaran), as a ratio of a
        measured denominator, or as a plain count."""
        if self.target_group:
            return "target"
        if self.denominator_indicator:
            return "ratio"
        return "count"

    @property
    def cumulative(self) -> bool:
        """Shown year to date: the monthly facts add up over the year."""
        return self.display == CUMULATIVE

    @property
    def counts_events(self) -> bool:
        """Whether it needs the number of events (its `nth`), not only
        whether one happened."""
        return self.nth > 1

    @property
    def parts(self) -> tuple[tuple[str, ...], ...]:
        """The groups of services each of which must be given: one per
        service for `all_of`, else one group (any of `services`)."""
        return tuple((s,) for s in self.services) if self.all_of else (self.services,)

    def at_age(self, months: np.ndarray) -> np.ndarray:
        """Whether ages (completed months on the event's day) are within the
        indicator's ages."""
        within = np.ones(len(months), dtype=bool)
        if self.max_age_months is not None:
            within &= months < self.max_age_months
        if self.min_age_months is not None:
            within &= months >= self.min_age_months
        return within

    def age_filter(self, age: str) -> Q:
        """The same as a filter on a queryset's `age` alias."""
        q = Q()
        if self.max_age_months is not None:
            q &= Q(**{f"{age}__lt": self.max_age_months})
        if self.min_age_months is not None:
            q &= Q(**{f"{age}__gte": self.min_age_months})
        return q

    @property
    def fingerprint(self) -> str:
        """Every field that changes what is counted: stored state built under
        another fingerprint is rebuilt, not moved."""
        return (f"{self.code}/{self.window}/{self.nth}/{self.source}/{self.services}/{self.condition}/"
                f"{self.min_age_months}/{self.max_age_months}/{self.latest_of}/{self.first_ever}/"
                f"{self.max_gestation_weeks}")


def _i(**kw) -> Indicator:
    return Indicator(**kw)


WEIGHED = Q(weight_kg__isnull=False)
REGISTRY: list[Indicator] = [
    # Klaster 2: ibu hamil, bersalin, nifas, bayi baru lahir
    # K1 as PWS-KIA reads it: akses is a pregnancy's first antenatal contact
    # whenever it happens, murni that first contact in trimester I. Either
    # way the contact is any ANC visit (K1-K6): a pregnancy first seen at
    # what was recorded as K2 has had its first contact all the same.
    _i(code="K1", name=_("K1 akses: first antenatal contact"), cluster="K2", stage="ibu_hamil", source="service",
       services=ANC_CONTACTS, first_ever=True, subject="pregnancy", window="year", display=CUMULATIVE,
       target_group="ibu_hamil",
       short=_("K1 akses"),
       definition=_("K1 akses: pregnant women at their first antenatal (ANC) contact with a health worker, at any "
                    "gestational age (the first ANC visit recorded for the pregnancy, whichever of K1–K6 it was "
                    "recorded as); each pregnancy counted once, in the month of that contact; ÷ the year's target of"
                    " pregnant women.")),
    _i(code="K1_MURNI", name=_("K1 murni: first antenatal contact in trimester I"), cluster="K2",
       stage="ibu_hamil", source="service", services=ANC_CONTACTS, first_ever=True,
       max_gestation_weeks=TRIMESTER_I_WEEKS, subject="pregnancy", window="year", display=CUMULATIVE,
       target_group="ibu_hamil",
       short=_("K1 murni"),
       definition=_("K1 murni: pregnant women whose first antenatal (ANC) contact was in trimester I (gestational age "
                    "up to 12 weeks: as recorded at that visit, else counted from the first day of the last period "
                    "(HPHT), else from the expected delivery date (HPL)); each pregnancy counted once, in the month "
                    "of that contact; ÷ the year's target of pregnant women (the same as for K1 akses).")),
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
                    " month of the last of them (also when the first were in the previous year); ÷ the year's target "
                    "of women giving birth.")),
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
                    " of the last of them (also when the first were in the previous year) (SPM 3); ÷ the year's target"
                    " of newborns.")),
    # Klaster 2: bayi, balita
    _i(code="IDL", name=_("Complete basic immunisation"), cluster="K2", stage="bayi", source="immunisation",
       window="year", display=CUMULATIVE, target_group="bayi",
       short=_("IDL"),
       definition=_("IDL: infants who have received every dose of complete basic immunisation, counted in the month the"
                    " last dose was given; ÷ the year's target of infants.")),
    _i(code="D", name=_("D: under-fives weighed"), cluster="K2", stage="balita", source="measurement",
       condition=WEIGHED, max_age_months=BALITA[1], window="month", display=MONTHLY, target_group="balita",
       short=_("D/S"),
       definition=_("D/S: under-fives (0–59 months, up to the day before their 5th birthday) weighed this month (D), "
                    "each child once; ÷ the year's target of under-fives (S).")),
    _i(code="N", name=_("N: under-fives whose weight went up"), cluster="K2", stage="balita",
       source="measurement", condition=Q(growth_code="N"), max_age_months=BALITA[1], window="month",
       display=MONTHLY, denominator_indicator="D",
       short=_("N/D"),
       definition=_("N/D: under-fives whose weight went up enough this month (growth code N) ÷ under-fives weighed this"
                    " month (D).")),
    _i(code="BGM", name=_("BGM: below the red line"), cluster="K2", stage="balita", source="measurement",
       condition=Q(bgm=True), max_age_months=BALITA[1], latest_of="D", window="month", display=MONTHLY,
       denominator_indicator="D",
       short=_("BGM/D"),
       definition=_("BGM/D: under-fives whose latest weighing this month is below the red line (BGM) ÷ under-fives "
                    "weighed this month (D).")),
    _i(code="MEASURED_HAZ", name=_("Under-fives measured for length/height"), cluster="K2", stage="balita",
       source="measurement", condition=Q(haz__isnull=False), max_age_months=BALITA[1], window="month",
       display=MONTHLY,
       short=_("Length/height measured"),
       definition=_("Length/height measured: under-fives (0–59 months) whose length or height was measured this month, "
                    "so that a length/height-for-age z-score could be computed; a number, no target (the denominator of"
                    " stunting).")),
    _i(code="STUNTING", name=_("Stunting prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(height_for_age_class__in=["stunted", "severely_stunted"]), max_age_months=BALITA[1],
       latest_of="MEASURED_HAZ", window="month", display=PREVALENCE, denominator_indicator="MEASURED_HAZ",
       short=_("Stunting"),
       definition=_("Stunting: under-fives whose latest length/height measurement this month is below −2 SD "
                    "length/height-for-age (stunted or severely stunted) ÷ under-fives measured for length/height this"
                    " month.")),
    _i(code="MEASURED_WHZ", name=_("Under-fives measured for weight-for-height"), cluster="K2", stage="balita",
       source="measurement", condition=Q(whz__isnull=False), max_age_months=BALITA[1], window="month",
       display=MONTHLY,
       short=_("Weight-for-height measured"),
       definition=_("Weight-for-height measured: under-fives (0–59 months) weighed and measured this month, so that a "
                    "weight-for-length/height z-score could be computed; a number, no target (the denominator of "
                    "wasting).")),
    _i(code="WASTING", name=_("Wasting prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(weight_for_height_class__in=["wasting", "severe_wasting"]), max_age_months=BALITA[1],
       latest_of="MEASURED_WHZ", window="month", display=PREVALENCE, denominator_indicator="MEASURED_WHZ",
       short=_("Wasting"),
       definition=_("Wasting: under-fives whose latest weight-for-length/height this month is below −2 SD (wasting or "
                    "severe wasting) ÷ under-fives with a weight-for-length/height z-score this month.")),
    _i(code="MEASURED_WAZ", name=_("Under-fives weighed with a weight-for-age z"), cluster="K2", stage="balita",
       source="measurement", condition=Q(waz__isnull=False), max_age_months=BALITA[1], window="month",
       display=MONTHLY,
       short=_("Weight-for-age measured"),
       definition=_("Weight-for-age measured: under-fives (0–59 months) weighed this month with a weight-for-age "
                    "z-score; a number, no target (the denominator of underweight).")),
    _i(code="UNDERWEIGHT", name=_("Underweight prevalence"), cluster="K2", stage="balita", source="measurement",
       condition=Q(weight_for_age_class__in=["underweight", "severely_underweight"]),
       max_age_months=BALITA[1], latest_of="MEASURED_WAZ", window="month", display=PREVALENCE,
       denominator_indicator="MEASURED_WAZ",
       short=_("Underweight"),
       definition=_("Underweight: under-fives whose latest weight-for-age this month is below −2 SD (underweight or "
                    "severely underweight) ÷ under-fives with a weight-for-age z-score this month.")),
    _i(code="VIT_A", name=_("Vitamin A given (6–59 months)"), cluster="K2", stage="balita", source="service",
       services=("VIT_A",), min_age_months=VITAMIN_A_FROM, max_age_months=BALITA[1], window="month",
       display=MONTHLY, target_group="balita",
       short=_("Vitamin A"),
       definition=_("Vitamin A: children aged 6–59 months on the day given vitamin A this month, each child once; "
                    "÷ the year's target of under-fives.")),
    _i(code="SPM_BALITA", name=_("Under-fives weighed at least 8 times a year"), cluster="K2", stage="balita",
       source="measurement", condition=WEIGHED, max_age_months=BALITA[1], nth=8, window="year",
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
       source="service", services=("TTD_REMAJA",), min_age_months=REMAJA[0], max_age_months=REMAJA[1],
       window="year", display=CUMULATIVE, target_group="remaja_putri",
       short=_("Iron tablets, girls"),
       definition=_("Iron tablets, girls: adolescent girls (10–17 years on the day) given iron tablets (TTD) this "
                    "year, each once; ÷ the year's target of adolescent girls.")),
    # Klaster 3
    _i(code="PTM_PRODUKTIF", name=_("Productive-age people screened (PTM)"), cluster="K3", stage="dewasa",
       source="service", services=("PTM_SCREENING",), min_age_months=PRODUKTIF[0], max_age_months=PRODUKTIF[1],
       window="year", display=CUMULATIVE, target_group="usia_produktif", spm=6,
       short=_("PTM screening"),
       definition=_("PTM screening: people aged 15–59 on the day given the non-communicable disease (PTM) screening "
                    "this year, each once (SPM 6); ÷ the year's target of people of productive age (15–59).")),
    _i(code="LANSIA_SKRINING", name=_("Elderly people screened"), cluster="K3", stage="lansia", source="service",
       services=("LANSIA_SCREENING",), min_age_months=LANSIA[0], window="year", display=CUMULATIVE,
       target_group="lansia", spm=7,
       short=_("Elderly screening"),
       definition=_("Elderly screening: people aged 60 or over on the day given the elderly screening (SKILAS and ADL) "
                    "this year, each once (SPM 7); ÷ the year's target of elderly people (60+).")),
    _i(code="HT_SERVED", name=_("People with hypertension served"), cluster="K3", stage="dewasa", source="service",
       services=("HT_CARE",), min_age_months=ADULT_CARE_FROM, window="year", display=CUMULATIVE,
       target_group="penderita_hipertensi", spm=8,
       short=_("HT served"),
       definition=_("HT served: people aged 15 or over given hypertension care this year, each once (SPM 8); ÷ the "
                    "year's target of people with hypertension (an estimate from prevalence among people aged 15+).")),
    _i(code="DM_SERVED", name=_("People with diabetes served"), cluster="K3", stage="dewasa", source="service",
       services=("DM_CARE",), min_age_months=ADULT_CARE_FROM, window="year", display=CUMULATIVE,
       target_group="penderita_dm", spm=9,
       short=_("DM served"),
       definition=_("DM served: people aged 15 or over given diabetes care this year, each once (SPM 9); ÷ the year's "
                    "target of people with diabetes (an estimate from prevalence among people aged 15+).")),
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
assert all(BY_CODE[i.latest_of].window == i.window == "month" for i in REGISTRY if i.latest_of), \
    "a status is judged among the month's events of another monthly indicator"
assert all(i.source == "service" and i.window == "year" and not i.all_of and i.nth == 1
           for i in REGISTRY if i.first_ever), "a first contact is a service, counted once"
assert all(i.first_ever and i.subject == "pregnancy" for i in REGISTRY if i.max_gestation_weeks), \
    "gestational age is that of a pregnancy's first contact"


# Gestational age (first_ever indicators with `max_gestation_weeks`).
NAEGELE_DAYS = 280  # from the first day of the last period (HPHT) to the expected delivery (HPL)


def first_day_past(weeks: int) -> int:
    """Days from the HPHT to the first day past `weeks` completed weeks."""
    return 7 * (weeks + 1)


def measurement_conditions() -> dict[str, Q]:
    """The measurement conditions the registry reads, by name: each
    measurement indicator's `condition`, and gestational age as recorded at
    a visit ("gestation": whether it was; "gestation<=W": within W weeks)."""
    named = {i.code: i.condition or Q() for i in REGISTRY if i.source == "measurement"}
    weeks = sorted({i.max_gestation_weeks for i in REGISTRY if i.max_gestation_weeks})
    if weeks:
        named["gestation"] = Q(gestational_age_weeks__isnull=False)
        named |= {f"gestation<={w}": Q(gestational_age_weeks__lte=w) for w in weeks}
    return named


# Every age at which some indicator starts or stops counting (completed months).
AGE_LIMITS = sorted({m for i in REGISTRY for m in (i.min_age_months, i.max_age_months) if m is not None})
