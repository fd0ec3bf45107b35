"""Demo people for the demo district: households on its Posyandu, ages that
follow Indonesia's population pyramid, families that hang together (a mother
16-45 years older than her children, sometimes a grandparent), valid NIK and
No. KK, newborns registered through the mother, and ongoing pregnancies.

Deterministic for a seed and a reference date, planned in memory and written
in bulk: the number of queries grows with the number of batches, never with
the number of people. Running it again replaces the district's people.
Bulk writes bypass django-simple-history, so demo people have no history."""

import heapq
import random
import re
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from django.db import connection, models, transaction
from django.utils import timezone

from facilities.demo import DemoError
from facilities.models import Facility, FacilityType, Region, RegionLevel

from .models import Household, Patient, Pregnancy, PregnancyStatus, Sex

YEAR = 365.2425
MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value
BATCH_SIZE = 2000

# BPS 2025 projection, share (%) of each 5-year age group; the last is 75+.
AGE_PYRAMID = [7.6, 8.0, 8.1, 8.0, 7.9, 7.7, 7.6, 7.5, 7.2, 6.6, 5.9, 5.1, 4.2, 3.2, 2.1, 2.3]
OLDEST = 98  # keeps every two-digit NIK year unambiguous
PREGNANT_SHARE = 0.012
NEWBORN_DAYS = 91  # "younger than 3 months"
NO_KK_SHARE = 0.9

# Mother's age at the birth of a child, by 5-year group from 15 (ASFR-like).
_MOTHER_AGE_WEIGHTS = [0.04, 0.2, 0.28, 0.24, 0.15, 0.07, 0.02]
_MOTHER_AGES = list(range(16, 46))
_MOTHER_CUM = list(accumulate(_MOTHER_AGE_WEIGHTS[(a - 15) // 5] for a in _MOTHER_AGES))
# Pregnancy weight by 5-year group from 15 to 49.
_FERTILITY = [0.15, 0.9, 1.0, 0.8, 0.45, 0.15, 0.03]
# Share of women living with a husband, by 5-year age group (widowhood from 55).
_MARRIED = {15: 0.15, 20: 0.5, 25: 0.75, 30: 0.86, 35: 0.88, 40: 0.87, 45: 0.85, 50: 0.8, 55: 0.74, 60: 0.64}
_MARRIED.update({65: 0.52, 70: 0.38, 75: 0.26, 80: 0.14})

MALE_OLD = (
    "Abdul Ahmad Amin Asep Atang Dadang Dadan Didi Eman Endang Engkos Enjang Iding Juhana Karta Maman Mamat Nana "
    "Odang Oman Oyo Rohmat Sanusi Sarip Sukarya Sumarna Tatang Ujang Unang Usep Wiharja Yayat Suparman Sarmin "
    "Slamet Sukardi Karsim Rukmana Jaenudin Suhendi"
).split()
MALE_OLD_2 = "Sobari Sutisna Suryana Kusnadi Rohman Hidayat Supriatna Sumpena Wiranata Sudrajat Sahroni".split()
MALE_MID = (
    "Agus Ade Aep Andi Asep Budi Cecep Dede Deden Dedi Dian Encep Hendra Heri Iwan Iman Jajang Komar Rudi Ridwan "
    "Rahmat Ruslan Saepudin Solihin Wawan Yayan Yusuf Hadi Wahyu Eko Joko Bambang Teguh Dani Irfan Yogi Rian Adi "
    "Ahmad Muhammad Rizal Hasan Ujang Uus"
).split()
MALE_MID_2 = (
    "Suryana Hidayat Setiawan Kurniawan Hermawan Gunawan Firmansyah Mulyana Permana Sopian Saepulloh Ruhiyat "
    "Nugraha Saputra Santoso Prasetyo Maulana Sudrajat Rusmana Hidayatullah"
).split()
MALE_NEW = (
    "Muhammad Rizki Fajar Dimas Raka Arya Bima Alif Fadli Farhan Ilham Reza Raffi Azka Arkan Zidan Naufal Gibran "
    "Daffa Fathir Abizar Rafa Galih Aldi Ikhsan Rehan Akbar Fikri Hafiz Yusuf Ahmad Kenzie Rafka"
).split()
MALE_NEW_2 = (
    "Ramadhan Pratama Saputra Maulana Alfarizi Firdaus Akbar Nugraha Permana Syahputra Hidayat Ardiansyah "
    "Kurniawan Rizki Fauzan Setiawan Al-Fatih Hakim"
).split()
FEMALE_OLD = (
    "Enah Icih Ijah Emah Onah Uyum Ooh Eem Iyoh Eti Entin Imas Iis Euis Aminah Fatimah Maryam Siti Nining Yati "
    "Tati Cucu Enok Oneng Popon Mimin Titin Juju Dedeh Esih Sumiati Sukaesih Kokom Edah Ocoh Warsih"
).split()
FEMALE_OLD_2 = "Aminah Rohaeti Komariah Maryati Sumarni Halimah Hasanah Sukaesih Juariah Rukmini Saodah".split()
FEMALE_MID = (
    "Ai Ani Dewi Eli Elis Eneng Euis Ika Iis Imas Irma Lilis Lina Neneng Nia Nur Nurul Ratna Rina Rini Sri Siti "
    "Tuti Wati Yuyun Yuli Yanti Nita Rika Desi Evi Susi Lia Nenden Reni Heni Wulan Eka Fitri Yeni"
).split()
FEMALE_MID_2 = (
    "Rahmawati Nurhasanah Sumarni Kurniasih Suryani Maryati Hartini Sulastri Marlina Rohaeti Komariah Mulyani "
    "Lestari Handayani Fitriani Herawati Susanti Yuliani Nurjanah Halimah Nuraeni Sopiah Rosita Anggraeni"
).split()
FEMALE_NEW = (
    "Siti Putri Aisyah Nayla Zahra Salsabila Nabila Aulia Khanza Alya Azzahra Shafa Kirana Anisa Dinda Rara "
    "Syifa Naura Keisha Fitri Nadia Intan Adinda Zaskia Citra Dewi Sri Ayu Tiara Najwa Hana"
).split()
FEMALE_NEW_2 = (
    "Rahmadani Ramadhani Azzahra Putri Nuraini Maharani Febriani Oktaviani Lestari Khairunnisa Aprilia Safitri "
    "Amelia Nurhaliza Aulia Zahira Wulandari Anggraini Salsabila"
).split()
# First names that are never used alone.
NEEDS_SECOND = {"Muhammad", "Ahmad", "Abdul", "Siti", "Nur", "Nurul", "Putri", "Dewi", "Sri"}
NAMES = {  # (sex, era): (first names, second words, chance of a second word)
    ("L", 0): (MALE_OLD, MALE_OLD_2, 0.2),
    ("L", 1): (MALE_MID, MALE_MID_2, 0.45),
    ("L", 2): (MALE_NEW, MALE_NEW_2, 0.7),
    ("P", 0): (FEMALE_OLD, FEMALE_OLD_2, 0.2),
    ("P", 1): (FEMALE_MID, FEMALE_MID_2, 0.45),
    ("P", 2): (FEMALE_NEW, FEMALE_NEW_2, 0.7),
}
KAMPUNG = (
    "Cibeureum Cikoneng Cimanggu Cisereh Cilaja Cipanas Cikaret Sukamanah Sukamaju Sukasari Sindangsari "
    "Sindanglaya Pasirkadu Pasirpeuteuy Babakan Kadubungbang Kadupandak Karangsari Karangtanjung Pamarayan "
    "Nangela Cigondang Cijaku Bojong Ciherang Parungsari Mekarjaya Margasari Tegalsari Cibodas Kaduhejo "
    "Kadumerak Cinangka Gunungsari Lebakwangi Pasanggrahan Pabuaran Kebonkopi Cikadu Jayamekar"
).split()
PHONE_PREFIXES = (
    "0811 0812 0813 0821 0822 0823 0852 0853 0815 0856 0857 0858 0817 0818 0819 0877 0878 0831 0838 0895 0896 "
    "0897 0898 0881 0882"
).split()
STREETS = [
    "Jl. Sudirman",
    "Jl. Ahmad Yani",
    "Jl. Diponegoro",
    "Jl. Merdeka",
    "Jl. Pahlawan",
    "Jl. Kartini",
    "Jl. Cempaka",
    "Jl. Melati",
    "Jl. Kenanga",
    "Jl. Sultan Syarif Kasim",
    "Gg. Mawar",
    "Gg. Amal",
    "Gg. Damai",
    "Gg. Sepakat",
    "Gg. Masjid",
    "Gg. Swadaya",
]


@dataclass
class PeopleResult:
    district: Region
    people: int
    households: int
    pregnant: int
    newborns_without_nik: int
    replaced: int  # people of the district deleted first


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


def _group_counts(n: int) -> list[int]:
    """Largest remainder: the counts add up to n exactly."""
    total = sum(AGE_PYRAMID)
    exact = [n * share / total for share in AGE_PYRAMID]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))[: n - sum(counts)]:
        counts[i] += 1
    return counts


def _ages(n: int, rng: random.Random) -> list[int]:
    ages = []
    for group, count in enumerate(_group_counts(n)):
        lower = group * 5
        for _ in range(count):
            if group == len(AGE_PYRAMID) - 1:
                years = lower + min(rng.expovariate(1 / 6.5), OLDEST - lower)
            else:
                years = lower + 5 * rng.random()
            ages.append(int(years * YEAR))
    rng.shuffle(ages)
    return ages


class _Planner:
    """Assembles the sampled people into households: wives first (marriage
    rates by age), then each child to a woman 16-45 years older (nearly always
    a wife), then adults without a family of their own to their parents, a
    child's family or a relative, or alone."""

    def __init__(self, n: int, male_share: float, rng: random.Random):
        self.rng = rng
        self.people = [_Person(age, MALE if rng.random() < male_share else FEMALE) for age in _ages(n, rng)]
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


def _name(rng: random.Random, sex: str, born: int) -> str:
    era = 0 if born < 1975 else 1 if born < 2000 else 2
    firsts, seconds, chance = NAMES[(sex, era)]
    first = firsts[rng.randrange(len(firsts))]
    if first in NEEDS_SECOND or rng.random() < chance:
        second = seconds[rng.randrange(len(seconds))]
        if second != first:
            return f"{first} {second}"
    return first


def _ddmmyy(d: date, female: bool) -> str:
    return f"{d.day + (40 if female else 0):02d}{d.month:02d}{d.year % 100:02d}"


class _Serials:
    """NIK and No. KK: region prefix + date + a serial from 0001, unique per
    prefix and date."""

    def __init__(self):
        self.counter = defaultdict(int)

    def next(self, stem: str) -> str:
        self.counter[stem] += 1
        if self.counter[stem] > 9999:
            raise DemoError(f"More than 9999 serials for {stem}: too many people for one kecamatan and day.")
        return f"{stem}{self.counter[stem]:04d}"


@dataclass
class _Area:
    dusun: str
    rws: list[tuple[str, int, str]]  # (rw, number of RT, kampung or street)


def _area(rng: random.Random, desa: str, sub_area: str) -> _Area:
    urban = desa.rsplit(".", 1)[-1].startswith("1")  # a kelurahan
    places = STREETS if urban else KAMPUNG
    if m := re.fullmatch(r"RW\s*0*(\d{1,3})", sub_area or ""):
        rw_numbers, dusun = [int(m.group(1))], ""
    else:
        rw_numbers = sorted(rng.sample(range(1, 13), rng.randint(1, 3)))
        dusun = re.sub(r"\s*\d+$", "", sub_area or "")
    rws = [(f"{rw:03d}", rng.randint(3, 8), places[rng.randrange(len(places))]) for rw in rw_numbers]
    return _Area(dusun=dusun, rws=rws)


def _address(rng: random.Random, place: str) -> str:
    if place.startswith(("Jl.", "Gg.")):
        return f"{place} No. {rng.randint(1, 120)}"
    return f"Kp. {place}"


@transaction.atomic
def build_people(district_code: str = "36.01", n: int = 3000, seed: int = 1, today: date | None = None) -> PeopleResult:
    """Replace the people of the district's Posyandu with n demo people, the
    same for the same seed and reference date (default: today)."""
    district = Region.objects.filter(code=district_code, level=RegionLevel.KABKOTA).first()
    if district is None:
        raise DemoError(f"Kabupaten/kota {district_code} tidak ditemukan; jalankan import_regions dahulu.")
    posyandu = list(
        Facility.objects.filter(type=FacilityType.POSYANDU, district_id=district_code, active=True)
        .order_by("code")
        .values_list("pk", "region_id", "sub_area")
    )
    if n > 0 and not posyandu:
        raise DemoError(f"Kabupaten/kota {district_code} belum punya Posyandu aktif; bangun jaringan demo dahulu.")
    replaced = delete_people(district_code)
    today = today or timezone.localdate()
    rng = random.Random(f"{district_code}:{seed}:people")
    male, female = district.population_male, district.population_female
    male_share = male / (male + female) if male and female else 0.5

    planner = _Planner(n, male_share, rng)
    households = planner.plan() if n > 0 else []
    people = planner.people

    # About half the babies under 3 months have no NIK yet: registered through the mother.
    newborns = [i for i, p in enumerate(people) if p.age < NEWBORN_DAYS and p.mother >= 0]
    through_mother = set(rng.sample(newborns, (len(newborns) + 1) // 2))

    # Households over the Posyandu, each Posyandu with its own weight.
    weights = list(accumulate(rng.uniform(0.6, 1.4) for _ in posyandu))
    areas: dict[int, _Area] = {}
    serials = _Serials()
    household_rows = []
    for members in households:
        pk, desa, sub_area = posyandu[bisect(weights, rng.random() * weights[-1])]
        if pk not in areas:
            areas[pk] = _area(rng, desa, sub_area)
        area = areas[pk]
        rw, rts, place = area.rws[rng.randrange(len(area.rws))]
        prefix = desa.replace(".", "")[:6]
        no_kk = None
        if rng.random() < NO_KK_SHARE:
            issued = today - timedelta(days=rng.randrange(18 * 365))
            no_kk = serials.next(prefix + _ddmmyy(issued, False))
        household = Household(
            posyandu_id=pk,
            desa_id=desa,
            dusun=area.dusun,
            rw=rw,
            rt=f"{rng.randint(1, rts):03d}",
            address=_address(rng, place),
        )
        household.set_no_kk(no_kk)  # index, ciphertext and mask: never the clear number
        household_rows.append(household)
        for i in members:
            p = people[i]
            p.name = _name(rng, p.sex, (today - timedelta(days=p.age)).year)
        for i in members:
            p = people[i]
            born = today - timedelta(days=p.age)
            if i in through_mother:
                if rng.random() < 0.5:  # not named yet: "Bayi Ny. <mother>"
                    p.name = f"By. Ny. {people[p.mother].name}"
            else:
                p.nik = serials.next(prefix + _ddmmyy(born, p.sex == FEMALE))
    _insert(Household, household_rows)

    # Everyone with a NIK first (mothers among them), then babies through the mother.
    rows: dict[int, Patient] = {}
    first, second = [], []
    for h, members in enumerate(households):
        household_id = household_rows[h].pk
        for i in members:
            p = people[i]
            row = Patient(
                name=p.name,
                sex=p.sex,
                birth_date=today - timedelta(days=p.age),
                household_id=household_id,
                bpjs_number=f"000{rng.randrange(10**10):010d}" if rng.random() < 0.7 else "",
                phone=_phone(rng) if p.age >= 17 * YEAR and rng.random() < 0.5 else "",
            )
            rows[i] = row
            if p.nik:
                row.set_nik(p.nik)
                first.append(row)
            else:
                second.append((i, row))
    _insert(Patient, first)
    for i, row in second:
        mother = people[people[i].mother]
        row.mother_id = rows[people[i].mother].pk
        row.birth_order = sorted(mother.kids, key=lambda k: -people[k].age).index(i) + 1
    _insert(Patient, [row for _, row in second])

    pregnancies = [
        Pregnancy(
            patient_id=rows[w].pk,
            status=PregnancyStatus.ONGOING,
            expected_delivery_date=(edd := today + timedelta(days=rng.randint(1, 280))),
            last_menstrual_period=edd - timedelta(days=280),
        )
        for w in _pregnant_women(people, round(n * PREGNANT_SHARE), rng)
    ]
    _insert(Pregnancy, pregnancies)
    return PeopleResult(district, len(rows), len(household_rows), len(pregnancies), len(second), replaced)


def _insert(model, objs: list):
    """bulk_create; on PostgreSQL a COPY with ids drawn from the sequence first
    (one query), which halves the time of a large demo. Either way each object
    gets its pk, and no history is written."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
        return
    opts, qn = model._meta, connection.ops.quote_name
    fields = opts.concrete_fields
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        for obj in objs:
            for name in stamped:
                setattr(obj, name, now)
        names = [f.attname for f in fields]
        columns = ", ".join(qn(f.column) for f in fields)
        with cursor.copy(f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                copy.write_row([getattr(obj, name) for name in names])


def _phone(rng: random.Random) -> str:
    prefix = PHONE_PREFIXES[rng.randrange(len(PHONE_PREFIXES))]
    return f"{prefix}-{rng.randrange(10**4):04d}-{rng.randrange(10**4):04d}"


def _pregnant_women(people: list[_Person], k: int, rng: random.Random) -> list[int]:
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


def delete_people(district_code: str) -> int:
    """Set-based: the households on the district's Posyandu, their people and
    pregnancies, and whatever else points at them (visits, a merge log...).
    Raw deletes, no signals: nothing is fetched row by row and no history row
    is written. Returns the number of people deleted."""
    households = Household.objects.filter(
        posyandu__in=Facility.objects.filter(district_id=district_code, type=FacilityType.POSYANDU).values("pk")
    )
    patients = Patient._base_manager.filter(household__in=households.values("pk"))
    pregnancies = Pregnancy._base_manager.filter(patient__in=patients.values("pk"))
    own = {Household, Patient, Pregnancy}
    _purge_dependants(Pregnancy, pregnancies, own)
    pregnancies._raw_delete(pregnancies.db)
    _purge_dependants(Patient, patients, own)
    # Someone outside the district may name a mother or merge target inside it.
    outside = Patient._base_manager.exclude(household__in=households.values("pk"))
    outside.filter(mother__in=patients.values("pk")).update(mother=None, birth_order=None)
    outside.filter(merged_into__in=patients.values("pk")).update(merged_into=None)
    deleted = patients._raw_delete(patients.db)
    _purge_dependants(Household, households, own)
    households._raw_delete(households.db)
    return deleted


def _purge_dependants(model, doomed, skip, depth: int = 0):
    """Rows of other models that point at rows about to go, and recursively
    what points at those (a visit's measurement and services): deleted with one
    statement per relation, or set to null where the relation says so. History
    tables (no constraint, DO_NOTHING) are left alone."""
    if depth > 5:
        raise DemoError(f"Relations to {model.__name__} nest too deep to delete.")
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        related = rel.related_model
        if related in skip or related is model or rel.on_delete is models.DO_NOTHING:
            continue
        dependants = related._base_manager.filter(**{f"{rel.field.name}__in": doomed.values("pk")})
        if rel.on_delete is models.SET_NULL:
            dependants.update(**{rel.field.name: None})
        else:
            _purge_dependants(related, dependants, skip, depth + 1)
            dependants._raw_delete(dependants.db)
