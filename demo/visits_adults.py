"""Screening, chronic care and TB of the demo year's adults."""

from datetime import timedelta

from clusters import thresholds as t
from clusters.derived import age_years
from clusters.models import Setting

from .visit_parts import (
    DM_CARE_SHARE,
    DM_RISK,
    HT_CARE_SHARE,
    HT_RISK,
    LANSIA_SHARE,
    PTM_SHARE,
    TB_PRESUMPTIVE,
    Draft,
    dec,
    risk,
    workday,
)


class Adults:
    def _adult(self, p):
        rng = self.rng
        male = p.sex == "L"
        height = rng.gauss(163.5, 6.5) if male else rng.gauss(151.5, 5.8)
        bmi = min(max(rng.gauss(23.6, 4.2), 15.5), 45.0)
        years = age_years(p.birth, self.today)
        p.adult = (height, bmi, rng.gauss(0, 5) + (32 if male else 28), rng.random() < risk(HT_RISK, years),
                   rng.random() < risk(DM_RISK, years), rng.gauss(25.8, 2.6))

    def _bp(self, hypertensive: bool, in_care: bool = False, young: bool = False) -> dict:
        """A reading; young: a pregnant or newly delivered woman's lower normal pressure."""
        rng = self.rng
        high = hypertensive and rng.random() < (0.6 if in_care else 0.85)
        normal = (110, 70) if young else (119, 76)
        systolic = int(rng.gauss(152, 12) if high else min(rng.gauss(normal[0], 10), 148))
        diastolic = int(rng.gauss(92, 8) if high else min(rng.gauss(normal[1], 7), 94))
        systolic = min(max(systolic, 90), 215)
        return {"systolic": systolic, "diastolic": min(max(diastolic, 50), systolic - 15)}

    def _glucose(self, diabetic: bool, fasting: bool, in_care: bool = False) -> dict:
        rng = self.rng
        pre = not diabetic and rng.random() < 0.15
        if diabetic and (not in_care or rng.random() < 0.7):
            value = rng.gauss(172, 40) if fasting else rng.gauss(250, 60)
            value = max(value, 127 if fasting else 201)
        elif pre:
            value = rng.uniform(100, 125) if fasting else rng.uniform(140, 199)
        else:
            value = min(rng.gauss(88, 8), 99) if fasting else min(rng.gauss(105, 14), 139)
        return {"glucose_mg_dl": int(min(max(value, 55), 550)), "glucose_fasting": fasting}

    def _screening(self, p):
        """PTM screening 15-59 or lansia screening 60+, once in the year; care for part of those found."""
        rng = self.rng
        if p.adult is None:
            self._adult(p)
        height, bmi, waist_offset, hypertensive, diabetic, _ = p.adult
        years_now = age_years(p.birth, self.today)
        lansia = years_now >= 60
        share = LANSIA_SHARE if lansia else risk(tuple(PTM_SHARE.items()), years_now) * (
            1.15 if p.sex == "P" else 0.85)
        if rng.random() >= share:
            return
        day, facility = self._place(p, 0.6 if lansia else 0.45, 0.4)
        years = age_years(p.birth, day)
        if lansia != (years >= 60) or years < 15:
            return
        weight = bmi * (height / 100) ** 2 + rng.gauss(0, 0.8)
        values = {
            "weight_kg": dec(weight), "length_cm": dec(height), "waist_cm": dec(waist_offset + 2.2 * bmi),
            **self._bp(hypertensive), **self._glucose(diabetic, rng.random() < 0.25),
        }
        if lansia:
            package, services = "lansia", ["LANSIA_SCREENING"]
            values["adl"] = self._adl(years)
            values["skilas_flags"] = [f for f, chance in zip(t.SKILAS_FLAGS, (0.1, 0.1, 0.06, 0.15, 0.1, 0.06),
                                                             strict=True) if rng.random() < chance]
        else:
            package, services = "ptm", ["PTM_SCREENING"]
            if rng.random() < 0.3:
                values["srq20"] = min(int(rng.expovariate(0.45)), 20)
                services.append("MENTAL_SCREENING")
            if facility is not None and years >= 40 and rng.random() < 0.3:
                values["puma"] = min(int(rng.expovariate(0.5)), 9)
                services.append("PUMA_SCREENING")
            if facility is not None and p.sex == "P" and years >= 30 and rng.random() < 0.1:
                services.append("IVA")
        draft = (self._at_posyandu(p, day, package, services, values) if facility is None else
                 Draft(day, facility, Setting.BUILDING, package, services, values))
        p.drafts.append(draft)
        found_ht = years >= t.ADULT_FROM_YEARS and (
            values["systolic"] >= t.HYPERTENSION[0] or values["diastolic"] >= t.HYPERTENSION[1])
        found_dm = values["glucose_mg_dl"] >= t.GLUCOSE["fasting" if values["glucose_fasting"] else "random"][1]
        care = []
        if found_ht and rng.random() < HT_CARE_SHARE:
            care.append("HT_CARE")
        if found_dm and rng.random() < DM_CARE_SHARE:
            care.append("DM_CARE")
        if care:
            self._care(p, day, care, hypertensive, diabetic)

    def _care(self, p, screened_on, care, hypertensive, diabetic):
        rng, today = self.rng, self.today
        facility = self._building(p, 0.4)
        k = 1
        while True:
            day = workday(screened_on + timedelta(days=30 * k + rng.randint(-4, 4)), today)
            k += 1
            if day > today:
                return
            if rng.random() >= 0.75:
                continue
            values = self._bp(hypertensive, in_care=True)
            if "DM_CARE" in care:
                values.update(self._glucose(diabetic, rng.random() < 0.5, in_care=True))
            package = "lansia" if age_years(p.birth, day) >= 60 else "ptm"
            p.drafts.append(Draft(day, facility, Setting.BUILDING, package, list(care), values))

    def _adl(self, years) -> int:
        r = self.rng.random()
        bands = (0.88, 0.96, 0.99) if years < 70 else (0.75, 0.9, 0.96) if years < 80 else (0.55, 0.8, 0.92)
        if r < bands[0]:
            return 20
        if r < bands[1]:
            return self.rng.randint(12, 19)
        if r < bands[2]:
            return self.rng.randint(9, 11)
        return self.rng.randint(0, 8)

    def _tb_symptoms(self, presumptive: float) -> list[str]:
        rng = self.rng
        r = rng.random()
        others = [s for s in t.TB_SYMPTOMS if s != "cough_2w"]
        if r < presumptive * 0.8:
            return ["cough_2w", *sorted(rng.sample(others, rng.randint(0, 3)), key=t.TB_SYMPTOMS.index)]
        if r < presumptive:
            return sorted(rng.sample(others, rng.randint(2, 3)), key=t.TB_SYMPTOMS.index)
        if r < presumptive + 0.06:
            return [others[rng.randrange(len(others))]]
        return []

    def _tb(self, p):
        rng, today = self.rng, self.today
        day, facility = self._place(p, 0.4, 0.45)
        if day < p.birth:
            return
        symptoms = self._tb_symptoms(TB_PRESUMPTIVE)
        values = {"tb_symptoms": symptoms}
        if age_years(p.birth, day) >= 15:
            if p.adult is None:
                self._adult(p)
            height, bmi = p.adult[:2]
            values["weight_kg"] = dec(bmi * (height / 100) ** 2 + rng.gauss(0, 0.8))
        draft = (self._at_posyandu(p, day, "tb", ["TB_SCREENING"], values) if facility is None else
                 Draft(day, facility, Setting.BUILDING, "tb", ["TB_SCREENING"], values))
        p.drafts.append(draft)
        presumptive = "cough_2w" in symptoms or len(symptoms) >= t.TB_PRESUMPTIVE_OTHER_SIGNS
        if not presumptive or rng.random() >= 0.7:
            return
        pkm = self.network[p.posyandu][2]
        test_day = workday(day + timedelta(days=rng.randint(1, 21)), today)
        if test_day > today:
            return
        p.drafts.append(Draft(test_day, pkm, Setting.BUILDING, "tb", ["TB_TEST"]))
        if rng.random() < 0.15:
            treat_day = test_day + timedelta(days=rng.randint(2, 14))
            if treat_day <= today:
                p.drafts.append(Draft(treat_day, pkm, Setting.BUILDING, "tb", ["TB_TREATMENT"]))

