"""Pregnancies, deliveries, postnatal and newborn visits of the demo year."""

from datetime import timedelta

from clusters.derived import age_years
from clusters.models import Setting
from patients.models import Pregnancy, PregnancyStatus

from .visit_parts import (
    ANC_ATTEND,
    ANC_DROPOUT,
    ANC_SLOTS,
    KF_WINDOWS,
    KN_WINDOWS,
    Draft,
    dec,
    workday,
)


class Mothers:
    def _mother_of(self, baby, members, delivered):
        if baby.mother is not None:
            for m in members:
                if m.pk == baby.mother and m.sex == "P":
                    return m if m.pk not in delivered or delivered[m.pk][0] == baby.birth else None
        best, best_gap = None, None
        for m in members:
            if m.sex != "P" or m is baby:
                continue
            years = age_years(m.birth, baby.birth)
            if not 16 <= years <= 45:
                continue
            if m.pk in delivered and delivered[m.pk][0] != baby.birth:
                continue
            if m.pk in self.ongoing and self.ongoing[m.pk][1] < baby.birth + timedelta(days=42):
                continue
            gap = abs(years - 27)
            if best is None or gap < best_gap:
                best, best_gap = m, gap
        return best

    # -- pregnancy, delivery, newborn ----------------------------------------

    def _mother_body(self, p):
        if p.adult is None:
            self._adult(p)
        return p.adult

    def _anc(self, woman, pregnancy, lmp, end):
        """K1..K6 by gestational age up to today, or up to the day before delivery (end)."""
        rng, today = self.rng, self.today
        if rng.random() < 0.04:
            return  # no ANC at all
        k1 = rng.randint(6, 12) if rng.random() < 0.82 else rng.randint(13, 20)
        k2 = k1 + rng.randint(3, 5)
        k3 = rng.randint(max(k2 + 3, 16), max(k2 + 3, 24))
        k4 = rng.randint(max(k3 + 3, 25), max(k3 + 3, 30))
        k5 = rng.randint(max(k4 + 2, 31), max(k4 + 2, 34))
        k6 = rng.randint(max(k5 + 2, 35), max(k5 + 2, 38))
        height, bmi, _, _, _, muac = self._mother_body(woman)
        base_weight = bmi * (height / 100) ** 2
        last = end if end is not None else today + timedelta(days=1)
        hypertensive = rng.random() < 0.06
        # Some women stop coming after a few visits (moved to a private midwife, or no longer come at all).
        stops_after = rng.randint(1, 4) if rng.random() < ANC_DROPOUT else len(ANC_SLOTS)
        previous = None
        for slot, (code, week, attend) in enumerate(zip(ANC_SLOTS, (k1, k2, k3, k4, k5, k6), ANC_ATTEND,
                                                        strict=True)):
            if slot >= stops_after:
                break
            if rng.random() >= attend:
                continue
            day = lmp + timedelta(days=7 * week + rng.randint(0, 6))
            facility, session_day = None, None
            if code in ("ANC_K1", "ANC_K5"):
                facility = self.network[woman.posyandu][2]
            else:
                r = rng.random()
                if r < 0.35 and self.network[woman.posyandu][0]:
                    session_day = self._session_on_or_after(self.network[woman.posyandu][0], day, 28)
                if session_day is None:
                    facility = self._building(woman, 0.45)
                else:
                    day = session_day
            if facility is not None:
                day = workday(day, today)
            if day >= last or day < self.start or day > today or (previous and (day - previous).days < 14):
                continue
            if day < woman.birth:
                continue
            previous = day
            ga = (day - lmp).days // 7
            values = {
                "gestational_age_weeks": ga,
                "weight_kg": dec(base_weight + max(0, ga - 13) * 0.42 + rng.gauss(0, 0.6)),
                "muac_cm": dec(muac + rng.gauss(0, 0.3)),
                **self._bp(hypertensive, young=True),
                "tb_symptoms": self._tb_symptoms(0.01),
            }
            if code == "ANC_K1":
                values["length_cm"] = dec(height)
            if code in ("ANC_K1", "ANC_K5") or rng.random() < 0.2:
                values["hb_g_dl"] = dec(min(max(rng.gauss(11.5, 1.3), 6.0), 15.5))
            services = [code]
            if rng.random() < 0.85:
                services.append("TTD_BUMIL")
            if code in ("ANC_K1", "ANC_K2") and rng.random() < 0.6:
                services.append("TD_BUMIL")
            if code == "ANC_K1" and rng.random() < 0.8:
                services.append("TRIPLE_ELIM")
            if session_day is not None:
                draft = self._at_posyandu(woman, day, "anc", services, values, pregnancy)
            else:
                draft = Draft(day, facility, Setting.BUILDING, "anc", services, values, pregnancy)
            woman.drafts.append(draft)

    def _delivery(self, mother, birth, facility_birth) -> int:
        rng, today = self.rng, self.today
        gestation = min(max(round(rng.gauss(273, 9)), 245), 294)
        lmp = birth - timedelta(days=gestation)
        pk = self._new_id(Pregnancy)
        self.writer.add(Pregnancy, (pk, mother.pk, lmp, lmp + timedelta(days=280), PregnancyStatus.DELIVERED.value,
                                    birth, self.now, self.user_id))
        self.result.pregnancies += 1
        mother.pregnancies.append((lmp, birth))
        self._anc(mother, pk, lmp, end=birth)
        _, pustu, pkm = self.network[mother.posyandu]
        if facility_birth:
            values = self._bp(rng.random() < 0.06, young=True)
            if rng.random() < 0.5:
                values["hb_g_dl"] = dec(min(max(rng.gauss(11.3, 1.3), 6.0), 15.5))
            mother.drafts.append(Draft(birth, pkm, Setting.BUILDING, "delivery", ["PERSALINAN"], values, pk))
        for code, low, high, attend in KF_WINDOWS:
            day = birth + timedelta(days=rng.randint(low, high))
            if day > today or rng.random() >= attend:
                continue
            if code == "KF1" and facility_birth:
                facility, setting = pkm, Setting.BUILDING
            else:
                facility = pustu or pkm
                setting = Setting.HOME if rng.random() < 0.4 or code == "KF1" else Setting.BUILDING
            values = self._bp(False, young=True)
            if code == "KF1" and rng.random() < 0.3:
                values["hb_g_dl"] = dec(min(max(rng.gauss(11.0, 1.4), 6.0), 15.5))
            mother.drafts.append(Draft(day, facility, setting, "delivery", [code], values))
        return pk

    def _newborn(self, baby, mother, facility_birth):
        rng, today = self.rng, self.today
        child = self._child(baby)
        _, pustu, pkm = self.network[baby.posyandu]
        for code, low, high, attend in KN_WINDOWS:
            day = baby.birth + timedelta(days=rng.randint(low, high))
            if day > today or rng.random() >= attend:
                continue
            if code == "KN1" and facility_birth:
                facility, setting = pkm, Setting.BUILDING
            else:
                facility = pustu or pkm
                setting = Setting.HOME if rng.random() < 0.5 or code == "KN1" else Setting.BUILDING
            values = self._growth(baby, child, day, kn=True)
            services = [code]
            if code == "KN1" and (day - baby.birth).days <= 1 and rng.random() < 0.93:
                services.append("IMM_HB0")
            baby.drafts.append(Draft(day, facility, setting, "balita", services, values))

