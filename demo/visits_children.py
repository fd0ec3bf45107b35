"""Growth monitoring and immunisation of the demo year's children."""

from datetime import date, timedelta

from clusters import immunisation
from clusters.anthropometry import completed_months, corrected_length
from clusters.models import Setting
from clusters.who_tables import wfl_lms

from .visit_parts import (
    CONTACT_ATTEND,
    CONTACT_DROPOUT,
    CONTACTS,
    SERIES_DOSES,
    SERIES_MAX_AGE,
    SICK_MONTH,
    STOCK_OUT,
    WRONG_POSITION,
    Child,
    Draft,
    dec,
    inverse,
    workday,
)


class Children:
    # -- children -------------------------------------------------------------

    def _child(self, p) -> Child:
        if p.child is None:
            p.child = Child(self.rng)
        return p.child

    def _growth(self, p, child, day, kn=False) -> dict:
        rng = self.rng
        age = (day - p.birth).days
        sex = 1 if p.sex == "L" else 2
        lying_ref = age < 731
        length = inverse(self.lenanthro[(sex, age)], child.haz + rng.gauss(0, 0.03))
        wrong = not kn and rng.random() < WRONG_POSITION[lying_ref]
        lying = lying_ref != wrong
        if wrong:
            length += -0.7 if lying_ref else 0.7
        recorded = dec(min(max(length, 42.0), 128.0))
        clen = corrected_length(age, float(recorded), lying)
        child.noise = 0.8 * child.noise + rng.gauss(0, 0.05)
        z = child.whz + child.noise - (0.4 if not kn and rng.random() < SICK_MONTH else 0.0)
        low, high = (45.0, 110.0) if lying_ref else (65.0, 120.0)
        weight = inverse(wfl_lms(sex, age, min(max(clen, low), high)), z)
        values = {
            "weight_kg": dec(min(max(weight, 1.0), 38.0), "0.01" if kn else "0.1"),
            "length_cm": recorded,
            "measured_lying": lying,
        }
        if kn and age <= 2 or age < 730 and rng.random() < 0.25:
            values["head_cm"] = dec(inverse(self.hcanthro[(sex, age)], child.hcz + rng.gauss(0, 0.1)))
        return values

    def _weighing(self, p, child):
        """Monthly at the Posyandu from one month to 59 months of age."""
        rng = self.rng
        posyandu = self.network[p.posyandu][0]
        if posyandu is None:
            return
        for i, day in enumerate(self.session_days[posyandu]):
            if day is None or (day - p.birth).days < 29 or completed_months(p.birth, day) >= 60:
                continue
            if i not in child.weighings and rng.random() >= child.attend:
                continue
            draft = child.weighings.get(i)
            if draft is None:
                draft = self._at_posyandu(p, day, "balita", [])
                child.weighings[i] = draft
                p.drafts.append(draft)
            values = self._growth(p, child, day)
            months = completed_months(p.birth, day)
            if day.month in (2, 8) and months >= 6:
                if 91 <= (day - p.birth).days and rng.random() < 0.7:
                    sex = 1 if p.sex == "L" else 2
                    values["muac_cm"] = dec(inverse(self.acanthro[(sex, (day - p.birth).days)], child.acz))
                if rng.random() < 0.95:
                    draft.services.append("VIT_A")
                if months >= 12 and rng.random() < 0.85:
                    draft.services.append("DEWORMING")
            draft.services.insert(0, "WEIGHING")
            draft.values = values

    def _immunise(self, p, child):
        """The contacts of the schedule, each giving the next due dose of every
        series; dropouts, delays, catch-up, doses of a series >= 28 days apart."""
        rng, today = self.rng, self.today
        given: dict[str, date] = {}
        for draft in p.drafts:  # HB0 at KN1
            for code in draft.services:
                if code in immunisation.CODES:
                    given[code] = draft.day
        if p.birth < self.start and rng.random() < 0.85:
            day = p.birth + timedelta(days=rng.randint(0, 1))
            p.drafts.append(Draft(day, self.network[p.posyandu][2], Setting.BUILDING, "balita", ["IMM_HB0"]))
            given["IMM_HB0"] = day
        series_last: dict[str, date] = {}
        count: dict[str, int] = {}
        for code, day in given.items():
            series_last[immunisation.SERIES[code][0]] = day
            count[immunisation.SERIES[code][0]] = 1
        previous = p.birth
        posyandu = self.network[p.posyandu][0]
        for (due, low, high), attend in zip(CONTACTS, CONTACT_ATTEND, strict=True):
            if rng.random() < CONTACT_DROPOUT:
                return given
            target = max(p.birth + timedelta(days=due + rng.randint(low, high)), previous + timedelta(days=28))
            if rng.random() < 0.15:
                target += timedelta(days=rng.randint(15, 60))
            if rng.random() >= attend:
                continue
            if target > today:
                return given
            day, session_month = target, None
            if target >= self.start and posyandu and rng.random() < 0.65:
                s = self._session_on_or_after(posyandu, target)
                if s and s <= today:
                    day, session_month = s, self._month_index(s)
            if session_month is None:
                day = workday(day, today)
                if day > today:
                    return given
            age = (day - p.birth).days
            doses = []
            for series, plan in SERIES_DOSES.items():
                n = count.get(series, 0)
                if series == "HB0" or n >= len(plan) or plan[n][1] > age or age > SERIES_MAX_AGE.get(series, 10**6):
                    continue
                if series in series_last and (day - series_last[series]).days < immunisation.MIN_DAYS_BETWEEN_DOSES:
                    continue
                if rng.random() < STOCK_OUT.get(series, 0):
                    continue
                doses.append(plan[n][0])
                count[series] = n + 1
                series_last[series] = day
            if not doses:
                continue
            previous = day
            for code in doses:
                given[code] = day
            if session_month is not None:
                draft = child.weighings.get(session_month)
                if draft is None:
                    draft = self._at_posyandu(p, day, "balita", [])
                    child.weighings[session_month] = draft
                    p.drafts.append(draft)
                draft.services.extend(doses)
            else:
                facility = self._building(p, 0.3)
                p.drafts.append(Draft(day, facility, Setting.BUILDING, "balita", doses))
        return given

