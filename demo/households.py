"""The demo people before they are written: ages that follow Indonesia's
population pyramid, assembled into households that hang together (a mother
16-45 years older than her children, sometimes a grandparent), and the women
who are pregnant."""

import heapq
import random
from bisect import bisect
from collections import defaultdict
from itertools import accumulate

from patients.models import Sex

YEAR = 365.2425
MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
# BPS 2025 projection, share (%) of each 5-year age group; the last is 75+.
AGE_PYRAMID = [7.6, 8.0, 8.1, 8.0, 7.9, 7.7, 7.6, 7.5, 7.2, 6.6, 5.9, 5.1, 4.2, 3.2, 2.1, 2.3]
OLDEST = 98  # keeps every two-digit NIK year unambiguous

# Mother's age at the birth of a child, by 5-year group from 15 (ASFR-like).
_MOTHER_AGE_WEIGHTS = [0.04, 0.2, 0.28, 0.24, 0.15, 0.07, 0.02]
_MOTHER_AGES = list(range(16, 46))
_MOTHER_CUM = list(accumulate(_MOTHER_AGE_WEIGHTS[(a - 15) // 5] for a in _MOTHER_AGES))
# Pregnancy weight by 5-year group from 15 to 49.
_FERTILITY = [0.15, 0.9, 1.0, 0.8, 0.45, 0.15, 0.03]
# Share of women living with a husband, by 5-year age group (widowhood from 55).
_MARRIED = {15: 0.15, 20: 0.5, 25: 0.75, 30: 0.86, 35: 0.88, 40: 0.87, 45: 0.85, 50: 0.8, 55: 0.74, 60: 0.64}
_MARRIED.update({65: 0.52, 70: 0.38, 75: 0.26, 80: 0.14})


class _Person:
    __slots__ = ("age", "sex", "mother", "kids", "spouse", "unit", "name", "nik")

    def __init__(self, age: int, sex: str):
        self.age = age  # in days on the reference date
        self.sex = sex
        self.mother = -1  # index of the mother in the same household
        self.kids = None  # indexes of own children in the same household
        self.spouse = -1
        self.unit = -1  # index of the household (family unit) the person lives in
        self.name = ""
        self.nik = None


class _Unit:
    """A family unit: a woman (with husband and children) or one person; a
    unit may live inside another (a young couple in the parents' house)."""

    __slots__ = ("anchor", "members", "joined")

    def __init__(self, anchor: int):
        self.anchor = anchor
        self.members = [anchor]
        self.joined = -1


def _years(days: int) -> int:
    return int(days / YEAR)


def _group_counts(n: int, pyramid: list[float]) -> list[int]:
    """Largest remainder: the counts add up to n exactly."""
    total = sum(pyramid)
    exact = [n * share / total for share in pyramid]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))[: n - sum(counts)]:
        counts[i] += 1
    return counts


def _ages(n: int, rng: random.Random, pyramid: list[float]) -> list[int]:
    ages = []
    for group, count in enumerate(_group_counts(n, pyramid)):
        lower = group * 5
        for _ in range(count):
            if group == len(pyramid) - 1:
                years = lower + min(rng.expovariate(1 / 6.5), OLDEST - lower)
            else:
                years = lower + 5 * rng.random()
            ages.append(int(years * YEAR))
    rng.shuffle(ages)
    return ages


class Planner:
    """Assembles the sampled people into households: wives first (marriage
    rates by age), then each child to a woman 16-45 years older (nearly always
    a wife), then adults without a family of their own to their parents, a
    child's family or a relative, or alone."""

    def __init__(self, n: int, male_share: float, rng: random.Random, pyramid: list[float] = AGE_PYRAMID):
        self.rng = rng
        self.people = [_Person(age, MALE if rng.random() < male_share else FEMALE)
                       for age in _ages(n, rng, pyramid)]
        self.units: list[_Unit] = []
        self.women_by_year = defaultdict(list)  # adult women by age in years
        self.wives_by_year = defaultdict(list)
        self.anchors_by_year = defaultdict(list)  # women at the head of a unit
        self.men_by_year = defaultdict(list)
        for i, p in enumerate(self.people):
            y = _years(p.age)
            if y >= 18:
                (self.women_by_year if p.sex == FEMALE else self.men_by_year)[y].append(i)

    def plan(self) -> list[list[int]]:
        self._marry()
        children = [i for i, p in enumerate(self.people) if _years(p.age) < 18]
        self.rng.shuffle(children)
        orphans = [c for c in children if not self._give_mother(c)]
        for year in sorted(self.women_by_year):
            for w in self.women_by_year[year]:
                woman = self.people[w]
                if woman.spouse >= 0 or woman.kids:
                    unit = self._new_unit(w)
                    if woman.spouse >= 0:
                        self._join(woman.spouse, unit)
                    for k in woman.kids or ():
                        self._join(k, unit)
        self._couples_with_family()
        self._loose_adults()
        for c in orphans:  # children living with a grandmother, aunt or other relative
            unit = self._unit_of_woman_aged(_years(self.people[c].age) + 35, 20)
            if unit < 0 and self.units:
                unit = self.rng.randrange(len(self.units))
            self._join(c, unit)
        return self._households()

    # -- building blocks ------------------------------------------------------

    def _new_unit(self, anchor: int) -> int:
        self.units.append(_Unit(anchor))
        person = self.people[anchor]
        person.unit = len(self.units) - 1
        if person.sex == FEMALE:
            self.anchors_by_year[_years(person.age)].append(anchor)
        return person.unit

    def _join(self, person: int, unit: int):
        if unit < 0:
            unit = self._new_unit(person)
        else:
            self.units[unit].members.append(person)
            self.people[person].unit = unit

    def _mother_fits(self, m: int, c: int, spacing: int = 450) -> bool:
        mother, child = self.people[m], self.people[c]
        if m == c or not 16 * YEAR <= mother.age - child.age <= 45 * YEAR:
            return False
        kids = mother.kids or ()
        return len(kids) < 7 and all(abs(self.people[k].age - child.age) >= spacing for k in kids)

    def _adopt(self, m: int, c: int):
        mother = self.people[m]
        if mother.kids is None:
            mother.kids = []
        mother.kids.append(c)
        self.people[c].mother = m

    def _mother_age(self, child_years: int) -> int:
        return child_years + _MOTHER_AGES[bisect(_MOTHER_CUM, self.rng.random() * _MOTHER_CUM[-1])]

    def _give_mother(self, c: int) -> bool:
        """Of two fitting women the one with fewer children: families of 1-4
        children rather than many childless couples and a few huge families."""
        rng, years = self.rng, _years(self.people[c].age)
        found = []
        for _ in range(12):
            target = self._mother_age(years)
            pool = self.wives_by_year.get(target) if rng.random() < 0.92 else self.women_by_year.get(target)
            if not pool:
                continue
            m = pool[rng.randrange(len(pool))]
            if self._mother_fits(m, c):
                found.append(m)
                if len(found) == 2:
                    break
        if not found:
            return False
        self._adopt(min(found, key=lambda m: len(self.people[m].kids or ())), c)
        return True

    def _marry(self):
        rng, people = self.rng, self.people
        for year in sorted(self.women_by_year):
            chance = _MARRIED.get(min(year, 80) // 5 * 5, 0.1)
            for w in self.women_by_year[year]:
                if rng.random() >= chance:
                    continue
                for _ in range(6):
                    men = self.men_by_year.get(max(18, year + round(rng.gauss(4, 4))))
                    if men:
                        j = rng.randrange(len(men))
                        men[j], men[-1] = men[-1], men[j]
                        husband = men.pop()
                        people[w].spouse, people[husband].spouse = husband, w
                        self.wives_by_year[year].append(w)
                        break

    def _couples_with_family(self):
        """Many young couples live in the house of the wife's or the husband's
        parents, and some old couples with a child's family."""
        rng, people = self.rng, self.people
        for u, unit in enumerate(self.units):
            wife = people[unit.anchor]
            if wife.spouse < 0:
                continue
            years = _years(wife.age)
            if years < 30 and len(wife.kids or ()) <= 1 and rng.random() < 0.5:
                side = unit.anchor if rng.random() < 0.6 else wife.spouse
                parents = self._unit_of_mother(side, only_units=True)
            elif years >= 65 and not wife.kids and rng.random() < 0.35:
                parents = self._unit_of_woman_aged(years - 30, 8)
            else:
                continue
            if parents >= 0 and parents != u and self.units[parents].joined < 0 and unit.joined < 0:
                unit.joined = parents

    def _unit_of_mother(self, person: int, only_units: bool = False) -> int:
        """The unit of a plausible mother of an adult (who becomes her child), or -1."""
        rng, people = self.rng, self.people
        years = _years(people[person].age)
        for _ in range(6):
            target = self._mother_age(years)
            pool = self.anchors_by_year.get(target) if only_units else self.women_by_year.get(target)
            if not pool:
                continue
            m = pool[rng.randrange(len(pool))]
            mother = people[m]
            if not self._mother_fits(m, person, spacing=300):
                continue
            if mother.unit < 0:
                self._new_unit(m)
            if mother.unit == people[person].unit or self.units[mother.unit].anchor != m:
                continue  # she lives in someone else's unit herself
            self._adopt(m, person)
            return mother.unit
        return -1

    def _unit_of_woman_aged(self, years: int, spread: int) -> int:
        rng = self.rng
        for _ in range(8):
            pool = self.anchors_by_year.get(years + rng.randint(-spread, spread))
            if pool:
                m = pool[rng.randrange(len(pool))]
                if self.units[self.people[m].unit].anchor == m:
                    return self.people[m].unit
        return -1

    def _loose_adults(self):
        """Adults without spouse or child: at home with their parents when
        young, with a child's family when old, some alone or with relatives."""
        rng, people = self.rng, self.people
        loose = [i for i, p in enumerate(people) if p.unit < 0 and _years(p.age) >= 18]
        loose.sort(key=lambda i: people[i].age)
        for i in loose:
            if people[i].unit >= 0:  # became a mother of an adult child meanwhile
                continue
            years = _years(people[i].age)
            at_home = 0.95 if years < 25 else 0.85 if years < 30 else 0.6 if years < 40 else 0.2
            unit = self._unit_of_mother(i) if rng.random() < at_home else -1
            if unit < 0 and years >= 60 and rng.random() < 0.7:
                unit = self._unit_of_woman_aged(years - 30, 10)  # a grandparent with a child's family
            elif unit < 0 and rng.random() < 0.5:
                unit = self._unit_of_woman_aged(years, 10)  # a sibling or other relative
            self._join(i, unit)

    def _households(self) -> list[list[int]]:
        """Member lists, ordered as on a KK: head, wife, children by age, others."""
        people = self.people
        parts_of = defaultdict(list)
        for u in range(len(self.units)):
            top = u
            while self.units[top].joined >= 0:
                top = self.units[top].joined
            parts_of[top].append(u)
        households = []
        for top, parts in parts_of.items():
            members = []
            for u in [top] + [u for u in parts if u != top]:  # the parents' unit heads the household
                anchor = self.units[u].anchor
                spouse = people[anchor].spouse
                head = [spouse, anchor] if spouse >= 0 else [anchor]
                rest = [m for m in self.units[u].members if m not in head]
                kids = [m for m in rest if people[m].mother == anchor]
                kids.sort(key=lambda m: -people[m].age)
                members += head + kids + [m for m in rest if people[m].mother != anchor]
            households.append(members)
        self.rng.shuffle(households)
        return households



def pregnant_women(people: list[_Person], k: int, rng: random.Random) -> list[int]:
    """A weighted sample without replacement (Efraimidis-Spirakis): age-specific
    fertility, married women far more often, not within 9 months of a birth."""
    keys = []
    for i, p in enumerate(people):
        years = _years(p.age)
        if p.sex != FEMALE or not 15 <= years <= 49:
            continue
        if p.kids and min(people[c].age for c in p.kids) < 270:
            continue
        weight = _FERTILITY[(years - 15) // 5] * (1.0 if p.spouse >= 0 else 0.03)
        keys.append((rng.random() ** (1 / weight), i))
    return sorted(i for _, i in heapq.nlargest(k, keys))

