"""Every clinical threshold in one place, as data (shared/domain/ILP.md §3).
Regulations change: edit here, nowhere else."""

from decimal import Decimal

# Plausible ranges: outside is rejected, inside but beyond the warn bounds is a
# warning the health worker confirms. (min, warn_low, warn_high, max)
RANGES = {
    "weight_kg:child": (Decimal("0.5"), Decimal("1.5"), Decimal("30"), Decimal("40")),
    "weight_kg:youth": (Decimal("2"), Decimal("8"), Decimal("120"), Decimal("200")),
    "weight_kg:adult": (Decimal("20"), Decimal("30"), Decimal("180"), Decimal("250")),
    "length_cm:child": (Decimal("40"), Decimal("45"), Decimal("125"), Decimal("130")),
    "length_cm:youth": (Decimal("60"), Decimal("80"), Decimal("200"), Decimal("220")),
    "length_cm:adult": (Decimal("100"), Decimal("130"), Decimal("200"), Decimal("220")),
    "head_cm": (Decimal("25"), Decimal("30"), Decimal("56"), Decimal("60")),
    "muac_cm": (Decimal("5"), Decimal("8"), Decimal("45"), Decimal("50")),
    "waist_cm": (Decimal("30"), Decimal("45"), Decimal("150"), Decimal("200")),
    "systolic": (60, 80, 220, 260),
    "diastolic": (30, 45, 130, 160),
    "glucose_mg_dl": (20, 40, 500, 600),
    "hb_g_dl": (Decimal("3"), Decimal("5"), Decimal("18"), Decimal("20")),
    "gestational_age_weeks": (1, 4, 43, 45),
    "srq20": (0, 0, 20, 20),
    "puma": (0, 0, 9, 9),
    "adl": (0, 0, 20, 20),
}
CHILD_MAX_YEARS = 5
# WHO anthro flags: z-scores outside these bounds are biologically implausible
# and are not stored (nor counted). "child" ranges above apply under 5 years.
IMPLAUSIBLE_Z = {"waz": (-6, 5), "haz": (-6, 6), "whz": (-5, 5), "baz": (-5, 5)}
# Beyond these the health worker confirms the measurement before it is saved
# (WHO's flags, with weight-for-age asked from -5 already: a real child that
# light is rare enough that a second look costs less than a typing error).
CONFIRM_Z = {"waz": (-5, 5), "haz": (-6, 6), "whz": (-5, 5), "baz": (-5, 5)}

# Weight change of an under-five since the previous weighing beyond which the
# worker confirms it. WHO Child Growth Standards, growth velocity (2009): the
# 99th centile of a one-month weight gain is about 1.5 kg in the first two
# months and under 1 kg from 4 months; a loss of a fifth of the body weight is
# beyond even severe illness between two Posyandu visits. So: more than
# max(kg per month for the age, share of the previous weight) per month that
# passed (at least one month), or any loss above MAX_LOSS_SHARE.
WEIGHT_CHANGE_PER_MONTH_KG = [(3, Decimal("1.6")), (None, Decimal("1.0"))]  # (under this age in months, kg)
WEIGHT_CHANGE_PER_MONTH_SHARE = Decimal("0.10")
WEIGHT_MAX_LOSS_SHARE = Decimal("0.20")
ADULT_FROM_YEARS = 18

# BMI, Asia-Pacific cut-offs for adults: (upper bound exclusive, class)
BMI_CLASSES = [
    (Decimal("18.5"), "underweight"),
    (Decimal("23.0"), "normal"),
    (Decimal("25.0"), "overweight"),
    (Decimal("30.0"), "obese_1"),
    (None, "obese_2"),
]

# Anaemia: Hb below this (g/dL) by group.
ANAEMIA_HB = {"pregnant": Decimal("11"), "child_6_59m": Decimal("11"), "child_5_11y": Decimal("11.5"),
              "child_12_14y": Decimal("12"), "woman": Decimal("12"), "man": Decimal("13")}
KEK_MUAC_CM = Decimal("23.5")  # chronic energy deficiency, women
HYPERTENSION = (140, 90)  # systolic or diastolic at or above
GLUCOSE = {  # (prediabetes from, diabetes from) in mg/dL
    "fasting": (100, 126),
    "random": (140, 200),
}
CENTRAL_OBESITY_WAIST_CM = {"L": Decimal("90"), "P": Decimal("80")}
SRQ20_REFERRAL = 6
PUMA_COPD = 6
PUMA_FROM_AGE = 40
ADL_CLASSES = [(20, "independent"), (12, "mild"), (9, "moderate"), (5, "severe"), (0, "total")]  # score >= bound

TB_SYMPTOMS = ["cough_2w", "cough_blood", "fever", "night_sweats", "weight_loss", "breathless", "lymph_nodes",
               "tb_contact"]
# Presumptive TB: a cough of two weeks or more, or at least this many other signs.
TB_PRESUMPTIVE_OTHER_SIGNS = 2

SKILAS_FLAGS = ["cognitive", "mobility", "malnutrition", "vision", "hearing", "depression"]
