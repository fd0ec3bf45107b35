"""The Puskesmas of the demo logins at real density.

The demo spreads its people thinly over the whole district (a few
households per Posyandu, so that seeding stays fast), which leaves the
Posyandu where the demo kader logs in with a handful of children. Here
the Puskesmas of the demo logins (demo.network.login_puskesmas: its
Posyandu, the Pustu's desa, the kader's Posyandu) gets the people a real
one has: each of its Posyandu about 60-90 balita, and with them its share
of pregnant women, newborns, adults and lansia, in households planned per
Posyandu (demo.households) on a rural age pyramid.

Their visits are those of everyone else (demo.visits: the same rates, the
same service-path derivation, the same writer), so coverage and missed
services read like a real Posyandu's: D/S about 70-80 %, children not
weighed for months, immunisation drop-outs, pregnancies without a recent
ANC visit, missed KF/KN, hypertension and diabetes patients who missed a
month's control, adults not yet screened this year (see demo.to_visit).
"""

import random
from dataclasses import dataclass

from .households import YEAR, Planner, pregnant_women

# Rural Banten is younger than the country (demo.households.AGE_PYRAMID:
# 7.7 % under five): about 9 % under five and 10 % aged 60 or more here.
LOGIN_AREA_PYRAMID = [8.8, 8.9, 8.6, 8.3, 8.0, 7.6, 7.4, 7.3, 7.0, 6.3, 5.5, 4.6, 3.6, 2.7, 1.8, 1.7]
BALITA_PER_POSYANDU = (62, 88)  # drawn per Posyandu
# Women pregnant on a given day: about 1.1 x the yearly births (1.8 % of the
# people, with 9 % under five) x 3/4 of a year.
PREGNANT_SHARE = 0.015


@dataclass
class LoginArea:
    """What was planned for the Puskesmas of the demo logins."""

    puskesmas: str = ""
    posyandu: int = 0
    people: int = 0
    balita: int = 0
    pregnant: int = 0


@dataclass
class Plan:
    people: list  # demo.households people, indexes shifted after `offset`
    households: list[tuple[list[int], tuple]]  # (members, the Posyandu row)
    pregnant: list[int]
    area: LoginArea


def plan_login_area(posyandu: list[tuple], male_share: float, rng: random.Random, offset: int,
                    puskesmas: str = "") -> Plan:
    """Households for each Posyandu row (pk, desa, sub area), planned
    Posyandu by Posyandu so that each gets its own number of balita; people
    are numbered from `offset` (they follow the rest of the district's)."""
    share = LOGIN_AREA_PYRAMID[0] / sum(LOGIN_AREA_PYRAMID)
    people, households, pregnant = [], [], []
    area = LoginArea(puskesmas=puskesmas, posyandu=len(posyandu))
    for row in posyandu:
        n = round(rng.randint(*BALITA_PER_POSYANDU) / share)
        planner = Planner(n, male_share, rng, pyramid=LOGIN_AREA_PYRAMID)
        planned = planner.plan()
        expecting = pregnant_women(planner.people, round(n * PREGNANT_SHARE), rng)
        start = offset + len(people)
        for p in planner.people:
            if p.mother >= 0:
                p.mother += start
            if p.spouse >= 0:
                p.spouse += start
            if p.kids:
                p.kids = [k + start for k in p.kids]
        households += [([start + i for i in members], row) for members in planned]
        pregnant += [start + i for i in expecting]
        people += planner.people
        area.balita += sum(p.age < 5 * YEAR for p in planner.people)
    area.people, area.pregnant = len(people), len(pregnant)
    return Plan(people, households, pregnant, area)
