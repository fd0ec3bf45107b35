"""The pieces every part of the visit planner shares: rates, drafts of
visits, the people being planned, and where and when a visit takes place."""

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from clusters import immunisation
from clusters.anthropometry import LMS
from clusters.models import Setting

DAYS = 365
BATCH_PEOPLE = 25_000  # people planned and written per batch (memory stays flat at a million)

# Shares and rates (per person and year unless said otherwise).
WEIGHING_PROPENSITY = ((0.62, 0.8, 1.0), (0.26, 0.5, 0.85), (0.12, 0.1, 0.4))  # (share, low, high): ~76 %
HAZ_MEAN, HAZ_SD = -1.15, 1.1  # ~22% stunted (HAZ < -2)
WHZ_MEAN, WHZ_SD = -0.3, 1.0
WRONG_POSITION = {True: 0.08, False: 0.05}  # under 2 years measured standing / from 2 years lying
SICK_MONTH = 0.04  # a month whose weight drops
PTM_SHARE = {15: 0.30, 30: 0.40, 45: 0.50}  # by age from
LANSIA_SHARE = 0.5
TB_SCREEN_SHARE = 0.12
TB_PRESUMPTIVE = 0.03  # of those screened
HT_CARE_SHARE, DM_CARE_SHARE = 0.45, 0.5  # of those found
HT_RISK = ((15, 0.07), (25, 0.15), (35, 0.28), (45, 0.44), (55, 0.54), (60, 0.56), (70, 0.63))
DM_RISK = ((15, 0.01), (25, 0.03), (35, 0.07), (45, 0.12), (55, 0.16), (60, 0.18))
FACILITY_BIRTH = 0.9
ANC_SLOTS = ("ANC_K1", "ANC_K2", "ANC_K3", "ANC_K4", "ANC_K5", "ANC_K6")
ANC_ATTEND = (0.96, 0.93, 0.92, 0.88, 0.87, 0.82)
ANC_DROPOUT = 0.1  # of pregnancies, stop coming after one to four visits
KF_WINDOWS = (("KF1", 0, 2, 0.92), ("KF2", 3, 7, 0.82), ("KF3", 8, 28, 0.75), ("KF4", 29, 42, 0.62))
KN_WINDOWS = (("KN1", 0, 1, 0.94), ("KN2", 3, 7, 0.85), ("KN3", 8, 28, 0.78))
# Immunisation contacts: (due age in days, extra delay range in days); each gives the next dose of every series due.
CONTACTS = ((0, 7, 30), (61, 0, 20), (91, 0, 20), (122, 0, 20), (274, 0, 25), (365, 0, 30), (548, 0, 45))
CONTACT_ATTEND = (0.95, 0.95, 0.95, 0.95, 0.9, 0.85, 0.8)
CONTACT_DROPOUT = 0.025  # the family stops coming altogether
STOCK_OUT = {"RV": 0.04, "PCV": 0.04, "IPV": 0.03}
SERIES_DOSES: dict[str, list[tuple[str, int]]] = {}
for _code, _due, _series, _dose in immunisation.SCHEDULE:
    SERIES_DOSES.setdefault(_series, []).append((_code, _due))
SERIES_MAX_AGE = {"BCG": 364, "RV": 240, "HB0": 1}


def workday(day: date, today: date) -> date:
    """Puskesmas and Posyandu work Monday to Saturday."""
    if day.weekday() != 6:
        return day
    return day + timedelta(days=1) if day < today else day - timedelta(days=1)


def inverse(p: LMS, z: float) -> float:
    """The measurement at z: m*(1 + l*s*z)^(1/l)."""
    if p.l == 0:
        return p.m * math.exp(p.s * z)
    return p.m * max(1 + p.l * p.s * z, 0.05) ** (1 / p.l)


def dec(value: float, places: str = "0.1") -> Decimal:
    return Decimal(f"{value:.{len(places) - 2}f}")


def risk(table, years: int) -> float:
    value = 0.0
    for since, p in table:
        if years >= since:
            value = p
    return value



class Draft:
    __slots__ = ("day", "facility", "setting", "package", "pregnancy", "session", "services", "values")

    def __init__(self, day, facility, setting, package, services, values=None, pregnancy=None, session=None):
        self.day, self.facility, self.setting, self.package = day, facility, setting, package
        self.services, self.values, self.pregnancy, self.session = services, values, pregnancy, session


class Person:
    __slots__ = ("pk", "sex", "birth", "household", "posyandu", "mother", "drafts", "adult", "child", "pregnancies")

    def __init__(self, pk, sex, birth, household, posyandu, mother):
        self.pk, self.sex, self.birth, self.household = pk, sex, birth, household
        self.posyandu, self.mother = posyandu, mother
        self.drafts: list[Draft] = []
        self.adult = None  # (height, bmi, waist offset, hypertensive, diabetic, muac)
        self.child = None  # Child
        # (first day, day it ended or None), as clusters.rederive.pregnancy_spans reads them
        self.pregnancies: list[tuple[date, date | None]] = []


class Child:
    __slots__ = ("haz", "whz", "hcz", "acz", "noise", "attend", "weighings")

    def __init__(self, rng: random.Random):
        self.haz = min(max(rng.gauss(HAZ_MEAN, HAZ_SD), -4.5), 3.5)
        self.whz = min(max(rng.gauss(WHZ_MEAN, WHZ_SD), -4.0), 3.5)
        self.hcz = min(max(rng.gauss(-0.3, 1.0), -3.5), 3.5)
        self.acz = 0.6 * self.whz + rng.gauss(0, 0.6)
        self.noise = 0.0
        r, cum, band = rng.random(), 0.0, WEIGHING_PROPENSITY[-1]
        for share, *bounds in WEIGHING_PROPENSITY:
            cum += share
            if r < cum:
                band = (share, *bounds)
                break
        self.attend = rng.uniform(band[1], band[2])
        self.weighings: dict[int, Draft] = {}  # month index -> weighing draft



class Places:
    """Posyandu days, buildings and days of the year for the planner."""

    def _month_index(self, day: date) -> int:
        return (day.year - self.months[0][0]) * 12 + day.month - self.months[0][1]

    def _session_on_or_after(self, posyandu, day: date, within: int = 35):
        """(day, posyandu) of the first session of the Posyandu on or after day, or None."""
        days = self.session_days.get(posyandu)
        if days is None:
            return None
        i = max(self._month_index(day), 0)
        while i < len(days):
            s = days[i]
            if s is not None and s >= day:
                return s if (s - day).days <= within else None
            i += 1
        return None

    def _random_session(self, posyandu):
        days = [d for d in self.session_days.get(posyandu, ()) if d is not None]
        return days[self.rng.randrange(len(days))] if days else None

    def _at_posyandu(self, person, day, package, services, values=None, pregnancy=None):
        return Draft(day, person.posyandu, Setting.POSYANDU, package, services, values, pregnancy,
                      (person.posyandu, day))

    def _building(self, person, pustu_share=0.35):
        _, pustu, pkm = self.network[person.posyandu]
        return pustu if pustu and self.rng.random() < pustu_share else pkm

    def _place(self, person, posyandu_share, pustu_share):
        """A day and facility for a once-a-year service: a Posyandu day, or any workday at the Pustu or Puskesmas."""
        rng = self.rng
        posyandu = self.network[person.posyandu][0]
        if posyandu and rng.random() < posyandu_share:
            day = self._random_session(posyandu)
            if day:
                return day, None
        day = workday(self.start + timedelta(days=rng.randrange(DAYS)), self.today)
        return day, self._building(person, pustu_share)

