"""Demo people for the demo district: households on its Posyandu (planned in
demo.households), valid NIK and No. KK, newborns registered through the
mother, and ongoing pregnancies.

Deterministic for a seed and a reference date, planned in memory and written
in bulk by the demo's writer: the number of queries grows with the number of
batches, never with the number of people. Running it again replaces the
district's people (demo.replace). Bulk writes bypass django-simple-history,
so demo people have no history."""

import random
import re
from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from django.db import transaction
from django.utils import timezone

from facilities.models import Facility, FacilityType, Region, RegionLevel
from patients.models import Household, Patient, Pregnancy, PregnancyStatus

from .households import FEMALE, YEAR, Planner, pregnant_women
from .login_area import LoginArea, plan_login_area
from .names import KAMPUNG, STREETS, address, name, phone
from .network import DemoError, login_puskesmas
from .replace import delete_people
from .writer import BulkWriter

PREGNANT_SHARE = 0.012
NO_KK_SHARE = 0.9
NEWBORN_DAYS = 91  # "younger than 3 months"


@dataclass
class PeopleResult:
    district: Region
    people: int
    households: int
    pregnant: int
    newborns_without_nik: int
    replaced: int  # people of the district deleted first
    login_area: LoginArea | None = None  # the Puskesmas of the demo logins, at real density



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



@transaction.atomic
def build_people(district_code: str = "36.01", n: int = 3000, seed: int = 1, today: date | None = None,
                 login_area: bool = False) -> PeopleResult:
    """Replace the people of the district's Posyandu with n demo people, the
    same for the same seed and reference date (default: today). With
    `login_area`, the Posyandu of the demo logins' Puskesmas get their people
    at real density (demo.login_area) and the n people go to the others."""
    district = Region.objects.filter(code=district_code, level=RegionLevel.KABKOTA).first()
    if district is None:
        raise DemoError(f"Kabupaten/kota {district_code} tidak ditemukan; jalankan import_regions dahulu.")
    posyandu = list(
        Facility.objects.filter(type=FacilityType.POSYANDU, district_id=district_code, active=True)
        .order_by("code")
        .values_list("pk", "region_id", "sub_area")
    )
    dense, puskesmas = [], login_puskesmas(district_code) if login_area else None
    if puskesmas is not None:
        dense = list(Facility.objects.filter(type=FacilityType.POSYANDU, puskesmas=puskesmas, active=True)
                     .order_by("code").values_list("pk", "region_id", "sub_area"))
        taken = {pk for pk, _, _ in dense}
        posyandu = [row for row in posyandu if row[0] not in taken]
    if n > 0 and not posyandu:
        raise DemoError(f"Kabupaten/kota {district_code} belum punya Posyandu aktif; bangun jaringan demo dahulu.")
    replaced = delete_people(district_code)
    writer = BulkWriter()
    today = today or timezone.localdate()
    rng = random.Random(f"{district_code}:{seed}:people")
    male, female = district.population_male, district.population_female
    male_share = male / (male + female) if male and female else 0.5

    planner = Planner(n, male_share, rng)
    households = [(members, None) for members in planner.plan()] if n > 0 else []
    people, login, dense_pregnant = planner.people, None, []
    if dense:
        plan = plan_login_area(dense, male_share, random.Random(f"{district_code}:{seed}:login-area"),
                               offset=len(people), puskesmas=str(puskesmas))
        people, login, dense_pregnant = people + plan.people, plan.area, plan.pregnant
        households += plan.households

    # About half the babies under 3 months have no NIK yet: registered through the mother.
    newborns = [i for i, p in enumerate(people) if p.age < NEWBORN_DAYS and p.mother >= 0]
    through_mother = set(rng.sample(newborns, (len(newborns) + 1) // 2))

    # Households over the Posyandu, each Posyandu with its own weight.
    weights = list(accumulate(rng.uniform(0.6, 1.4) for _ in posyandu))
    areas: dict[int, _Area] = {}
    serials = _Serials()
    household_rows = []
    for members, fixed in households:
        pk, desa, sub_area = fixed or posyandu[bisect(weights, rng.random() * weights[-1])]
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
            address=address(rng, place),
        )
        household.set_no_kk(no_kk)  # index, ciphertext and mask: never the clear number
        household_rows.append(household)
        for i in members:
            p = people[i]
            p.name = name(rng, p.sex, (today - timedelta(days=p.age)).year)
        for i in members:
            p = people[i]
            born = today - timedelta(days=p.age)
            if i in through_mother:
                if rng.random() < 0.5:  # not named yet: "Bayi Ny. <mother>"
                    p.name = f"By. Ny. {people[p.mother].name}"
            else:
                p.nik = serials.next(prefix + _ddmmyy(born, p.sex == FEMALE))
    writer.insert(Household, household_rows)

    # Everyone with a NIK first (mothers among them), then babies through the mother.
    rows: dict[int, Patient] = {}
    first, second = [], []
    for h, (members, _) in enumerate(households):
        household_id = household_rows[h].pk
        for i in members:
            p = people[i]
            row = Patient(
                name=p.name,
                sex=p.sex,
                birth_date=today - timedelta(days=p.age),
                household_id=household_id,
                bpjs_number=f"000{rng.randrange(10**10):010d}" if rng.random() < 0.7 else "",
                phone=phone(rng) if p.age >= 17 * YEAR and rng.random() < 0.5 else "",
            )
            rows[i] = row
            if p.nik:
                row.set_nik(p.nik)
                first.append(row)
            else:
                second.append((i, row))
    writer.insert(Patient, first)
    for i, row in second:
        mother = people[people[i].mother]
        row.mother_id = rows[people[i].mother].pk
        row.birth_order = sorted(mother.kids, key=lambda k: -people[k].age).index(i) + 1
    writer.insert(Patient, [row for _, row in second])

    pregnancies = [
        Pregnancy(
            patient_id=rows[w].pk,
            status=PregnancyStatus.ONGOING,
            expected_delivery_date=(edd := today + timedelta(days=rng.randint(1, 280))),
            last_menstrual_period=edd - timedelta(days=280),
        )
        for w in pregnant_women(planner.people, round(n * PREGNANT_SHARE), rng) + dense_pregnant
    ]
    writer.insert(Pregnancy, pregnancies)
    return PeopleResult(district, len(rows), len(household_rows), len(pregnancies), len(second), replaced, login)

