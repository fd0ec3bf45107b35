"""Values derived from a visit's measurements, computed once when the visit is
saved (clusters.services) and stored on the Measurement row."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from . import anthropometry
from . import thresholds as t


def _dec(value, places="0.01"):
    return None if value is None else Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def age_years(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def bmi_of(weight_kg, length_cm) -> Decimal | None:
    if not weight_kg or not length_cm:
        return None
    metres = Decimal(length_cm) / 100
    return _dec(Decimal(weight_kg) / (metres * metres), "0.1")


def bmi_class(bmi: Decimal | None) -> str:
    if bmi is None:
        return ""
    for upper, label in t.BMI_CLASSES:
        if upper is None or bmi < upper:
            return label
    return ""


def anaemia_threshold(*, sex: str, age_days: int, pregnant: bool) -> Decimal | None:
    years = age_days / 365.25
    if pregnant:
        return t.ANAEMIA_HB["pregnant"]
    if age_days < 183:  # under 6 months: no cut-off
        return None
    if years < 5:
        return t.ANAEMIA_HB["child_6_59m"]
    if years < 12:
        return t.ANAEMIA_HB["child_5_11y"]
    if years < 15:
        return t.ANAEMIA_HB["child_12_14y"]
    return t.ANAEMIA_HB["woman"] if sex == "P" else t.ANAEMIA_HB["man"]


def glucose_class(value, fasting) -> str:
    if value is None:
        return ""
    pre, diabetes = t.GLUCOSE["fasting" if fasting else "random"]
    if value >= diabetes:
        return "diabetes"
    if value >= pre:
        return "prediabetes"
    return "normal"


def adl_class(score) -> str:
    if score is None:
        return ""
    for bound, label in t.ADL_CLASSES:
        if score >= bound:
            return label
    return ""


def tb_presumptive(symptoms: list[str]) -> bool | None:
    if not symptoms:
        return None if symptoms is None else False
    if "cough_2w" in symptoms:
        return True
    return len([s for s in symptoms if s != "cough_2w"]) >= t.TB_PRESUMPTIVE_OTHER_SIGNS


def _plausible(z, index):
    """WHO's flags for biologically implausible z-scores: such a value is a
    measuring or typing error, not a child's status, and is not stored."""
    low, high = t.IMPLAUSIBLE_Z[index]
    return None if z is None or z < low or z > high else z


def derive(values: dict, *, sex: str, birth_date: date, visit_date: date, pregnant: bool,
           previous_weighing: tuple[date, Decimal] | None) -> dict:
    """All derived fields for one measurement row, from its raw values."""
    age_days = (visit_date - birth_date).days
    years = age_years(birth_date, visit_date)
    weight, length = values.get("weight_kg"), values.get("length_cm")
    out: dict = {"age_days": age_days}

    if years < t.CHILD_MAX_YEARS:
        # Bilateral pitting oedema: the weight includes retained water, so WHO
        # gives no weight-based index (weight-for-age, -for-length, BMI) and
        # the weighing says nothing about growth. Length-for-age still holds.
        oedema = bool(values.get("oedema"))
        growth = anthropometry.child_growth(
            sex=sex, birth_date=birth_date, measured_on=visit_date,
            weight_kg=float(weight) if weight is not None and not oedema else None,
            length_cm=float(length) if length is not None else None,
            measured_lying=values.get("measured_lying"),
            head_cm=float(values["head_cm"]) if values.get("head_cm") is not None else None,
            muac_cm=float(values["muac_cm"]) if values.get("muac_cm") is not None else None,
        )
        raw = {"waz": growth.waz, "haz": growth.haz, "whz": growth.whz, "baz": growth.baz}
        waz, haz, whz, baz = (_plausible(z, index) for index, z in raw.items())
        flagged = [index for index, z in raw.items() if z is not None and _plausible(z, index) is None]
        out.update(
            flagged_z=",".join(flagged),
            waz=_dec(waz), haz=_dec(haz), whz=_dec(whz), baz=_dec(baz),
            weight_for_age_class=(growth.weight_for_age_class or "") if waz is not None else "",
            height_for_age_class=(growth.height_for_age_class or "") if haz is not None else "",
            weight_for_height_class=(growth.weight_for_height_class or "") if whz is not None else "",
            bgm=anthropometry.is_bgm(waz),
        )
        if weight is not None and not oedema:
            out["growth_code"] = anthropometry.growth_code(
                birth_date=birth_date, measured_on=visit_date, weight_kg=float(weight),
                previous=(previous_weighing[0], float(previous_weighing[1])) if previous_weighing else None,
            )
    else:
        out["bmi"] = bmi_of(weight, length)
        if years >= t.ADULT_FROM_YEARS:
            out["bmi_class"] = bmi_class(out["bmi"])

    hb = values.get("hb_g_dl")
    if hb is not None:
        cut = anaemia_threshold(sex=sex, age_days=age_days, pregnant=pregnant)
        out["anaemia"] = None if cut is None else Decimal(hb) < cut
    muac = values.get("muac_cm")
    if muac is not None and sex == "P" and years >= 15:
        out["kek"] = Decimal(muac) < t.KEK_MUAC_CM
    sys_, dia = values.get("systolic"), values.get("diastolic")
    if sys_ is not None or dia is not None:
        if years >= t.ADULT_FROM_YEARS or pregnant:
            out["hypertension"] = (sys_ or 0) >= t.HYPERTENSION[0] or (dia or 0) >= t.HYPERTENSION[1]
    out["glucose_class"] = glucose_class(values.get("glucose_mg_dl"), values.get("glucose_fasting"))
    waist = values.get("waist_cm")
    if waist is not None and years >= t.ADULT_FROM_YEARS:
        out["central_obesity"] = Decimal(waist) > t.CENTRAL_OBESITY_WAIST_CM[sex]
    if values.get("srq20") is not None:
        out["mental_health_referral"] = values["srq20"] >= t.SRQ20_REFERRAL
    if values.get("puma") is not None and years >= t.PUMA_FROM_AGE:
        out["copd_suspected"] = values["puma"] >= t.PUMA_COPD
    out["adl_class"] = adl_class(values.get("adl"))
    if values.get("skilas_flags") is not None and years >= 60:
        out["skilas_follow_up"] = bool(values.get("skilas_flags"))
    if "tb_symptoms" in values and values["tb_symptoms"] is not None:
        out["tb_presumptive"] = tb_presumptive(values["tb_symptoms"])
    return out

