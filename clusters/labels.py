"""Human labels for the codes stored on visits and measurements, as data: every
class, code and flag a page shows goes through these (Indonesian via gettext),
never the stored code itself."""

from django.utils.translation import gettext_lazy as _

from .anthropometry import GrowthCode, HeightForAge, WeightForAge, WeightForHeight

# The TB symptom screen and the SKILAS findings (thresholds.TB_SYMPTOMS, SKILAS_FLAGS)
TB_SYMPTOM_LABELS = {
    "cough_2w": _("Cough for 2 weeks or more"), "cough_blood": _("Coughing blood"), "fever": _("Fever"),
    "night_sweats": _("Night sweats"), "weight_loss": _("Weight loss"), "breathless": _("Shortness of breath"),
    "lymph_nodes": _("Swollen lymph nodes"), "tb_contact": _("Household contact of a TB patient"),
}
SKILAS_LABELS = {
    "cognitive": _("Cognitive decline"), "mobility": _("Limited mobility"), "malnutrition": _("Malnutrition"),
    "vision": _("Vision problem"), "hearing": _("Hearing problem"), "depression": _("Symptoms of depression"),
}
WEIGHT_FOR_AGE_LABELS = {c.value: c.label for c in WeightForAge}
HEIGHT_FOR_AGE_LABELS = {c.value: c.label for c in HeightForAge}
WEIGHT_FOR_HEIGHT_LABELS = {c.value: c.label for c in WeightForHeight}
# thresholds.BMI_CLASSES (Asia-Pacific cut-offs, adults)
BMI_CLASS_LABELS = {
    "underweight": _("underweight"),
    "normal": _("normal"),
    "overweight": _("overweight"),
    "obese_1": _("obese I"),
    "obese_2": _("obese II"),
}
# derived.glucose_class
GLUCOSE_CLASS_LABELS = {"normal": _("normal"), "prediabetes": _("prediabetes"), "diabetes": _("diabetes")}
# thresholds.ADL_CLASSES
ADL_CLASS_LABELS = {
    "independent": _("independent"),
    "mild": _("mild dependence"),
    "moderate": _("moderate dependence"),
    "severe": _("severe dependence"),
    "total": _("total dependence"),
}
# The same code means different things in different fields ("normal",
# "overweight"): a class is labelled by the field it is stored in.
CLASS_LABELS_BY_FIELD = {
    "weight_for_age_class": WEIGHT_FOR_AGE_LABELS,
    "height_for_age_class": HEIGHT_FOR_AGE_LABELS,
    "weight_for_height_class": WEIGHT_FOR_HEIGHT_LABELS,
    "bmi_class": BMI_CLASS_LABELS,
    "glucose_class": GLUCOSE_CLASS_LABELS,
    "adl_class": ADL_CLASS_LABELS,
}
# Any class by its code alone (child classes win a shared code; "normal" stays
# plain because it is shared by every index).
CLASS_LABELS = {
    **BMI_CLASS_LABELS, **GLUCOSE_CLASS_LABELS, **ADL_CLASS_LABELS,
    **WEIGHT_FOR_HEIGHT_LABELS, **HEIGHT_FOR_AGE_LABELS, **WEIGHT_FOR_AGE_LABELS,
    "normal": _("normal"),
}
GROWTH_CODES = {c.value: c.label for c in GrowthCode}

YES_NO = {True: _("Yes"), False: _("No")}
# Booleans that read better as their own words than as yes/no.
BOOLEAN_WORDS = {
    "measured_lying": {True: _("lying"), False: _("standing")},
    "glucose_fasting": {True: _("fasting"), False: _("random (any time)")},
}
LIST_LABELS = {"tb_symptoms": TB_SYMPTOM_LABELS, "skilas_flags": SKILAS_LABELS}

# What was measured, in the order a health worker reads it: (label, unit).
MEASURED = {
    "gestational_age_weeks": (_("Gestational age"), _("weeks")),
    "weight_kg": (_("Weight"), "kg"),
    "length_cm": (_("Length/height"), "cm"),
    "measured_lying": (_("Measured"), ""),
    "oedema": (_("Bilateral pitting oedema"), ""),
    "head_cm": (_("Head circumference"), "cm"),
    "muac_cm": (_("LiLA"), "cm"),
    "waist_cm": (_("Waist circumference"), "cm"),
    "systolic": (_("Systolic blood pressure"), "mmHg"),
    "diastolic": (_("Diastolic blood pressure"), "mmHg"),
    "glucose_mg_dl": (_("Blood glucose"), "mg/dL"),
    "glucose_fasting": (_("Glucose measured"), ""),
    "hb_g_dl": (_("Hb"), "g/dL"),
    "srq20": (_("SRQ-20 score"), ""),
    "puma": (_("PUMA score"), ""),
    "adl": (_("ADL/AKS score"), ""),
    "skilas_flags": (_("SKILAS findings"), ""),
    "tb_symptoms": (_("TB symptoms"), ""),
}
# What was derived on save: (label, unit, class field shown beside it).
DERIVED = {
    "waz": (_("Weight-for-age z-score (BB/U)"), "", "weight_for_age_class"),
    "haz": (_("Length/height-for-age z-score (TB/U)"), "", "height_for_age_class"),
    "whz": (_("Weight-for-length/height z-score (BB/TB)"), "", "weight_for_height_class"),
    "baz": (_("BMI-for-age z-score (IMT/U)"), "", ""),
    "growth_code": (_("Growth code"), "", ""),
    "bgm": (_("Below the red line (BGM)"), "", ""),
    "bmi": (_("BMI"), "kg/m²", "bmi_class"),
    "anaemia": (_("Anaemia"), "", ""),
    "kek": (_("Chronic energy deficiency (KEK)"), "", ""),
    "hypertension": (_("Hypertension"), "", ""),
    "glucose_class": (_("Blood glucose result"), "", ""),
    "central_obesity": (_("Central obesity"), "", ""),
    "mental_health_referral": (_("SRQ-20: refer for mental health"), "", ""),
    "copd_suspected": (_("PUMA: suspected COPD (PPOK)"), "", ""),
    "adl_class": (_("ADL/AKS result"), "", ""),
    "skilas_follow_up": (_("SKILAS: follow-up needed"), "", ""),
    "tb_presumptive": (_("Presumptive TB"), "", ""),
    "flagged_z": (_("Beyond WHO's plausible range (no z-score)"), "", ""),
}
# The z-scores flagged_z names, by the short names used on KMS and in PPGBM.
Z_SHORT = {"waz": "BB/U", "haz": "TB/U", "whz": "BB/TB", "baz": "IMT/U"}
# Shown beside their z-score or BMI, not on a row of their own.
SHOWN_BESIDE = {"weight_for_age_class", "height_for_age_class", "weight_for_height_class", "bmi_class"}
# A finding: shown as a warning badge when true, named in the visit's summary.
FINDINGS = {
    "oedema": _("oedema"),
    "bgm": "BGM",
    "anaemia": _("anaemia"),
    "kek": "KEK",
    "hypertension": _("hypertension"),
    "central_obesity": _("central obesity"),
    "mental_health_referral": _("refer for mental health"),
    "copd_suspected": _("suspected COPD"),
    "skilas_follow_up": _("SKILAS follow-up"),
    "tb_presumptive": _("presumptive TB"),
}
Z_SCORES = {"waz", "haz", "whz", "baz"}

# The visit's own fields in its history.
VISIT_FIELDS = {
    "date": _("Visit date"),
    "facility": _("Facility"),
    "setting": _("Setting"),
    "note": _("Note"),
    "services": _("Services given"),
    "diagnoses": _("Diagnosis (ICD-10)"),
}


def field_label(field: str) -> str:
    if field in MEASURED:
        label, unit = MEASURED[field]
        return f"{label} ({unit})" if unit else str(label)
    if field in DERIVED:
        return str(DERIVED[field][0])
    if field in VISIT_FIELDS:
        return str(VISIT_FIELDS[field])
    return field
