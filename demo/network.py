"""The demo district: a facility network on the real regions of one
kabupaten/kota, deterministic for a seed, written in bulk and upserted by code
so that running it again gives the same rows, not more rows."""

import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction

from facilities.models import Catchment, Facility, FacilityType, Region, RegionLevel, Role, User

# Counts reported at each district's ILP launch (shared/data/wilayah/README.md).
KNOWN_NETWORKS = {
    "36.01": (36, 66, 1900),  # Pandeglang
    "14.72": (10, 36, 201),  # Dumai
}
PEOPLE_PER_POSYANDU = 760  # national average: ~301,000 Posyandu for ~285 million
DEMO_PASSWORD = "ilp-demo-2026"
POSYANDU_NAMES = [
    "Mawar",
    "Melati",
    "Anggrek",
    "Kenanga",
    "Dahlia",
    "Flamboyan",
    "Cempaka",
    "Teratai",
    "Seruni",
    "Kamboja",
    "Bougenvil",
    "Tulip",
    "Sedap Malam",
    "Nusa Indah",
    "Asoka",
    "Lili",
    "Matahari",
    "Wijaya Kusuma",
    "Bakung",
    "Sakura",
    "Delima",
    "Manggis",
    "Rambutan",
    "Durian",
]
DUSUN_WORDS = ["Kampung", "Dusun", "Lebak", "Cilaja", "Babakan", "Pasir", "Sukamaju", "Karang", "Tegal", "Cimanuk"]


class DemoError(ValueError):
    pass


@dataclass
class NetworkResult:
    district: Region
    puskesmas: int
    pustu: int
    posyandu: int
    users: list[tuple[str, str, str]]  # (username, role, scope)


def _targets(district: Region, n_kecamatan: int, n_desa: int) -> tuple[int, int, int]:
    if district.code in KNOWN_NETWORKS:
        return KNOWN_NETWORKS[district.code]
    population = district.population_total or n_desa * 2500
    return n_kecamatan, min(n_desa, round(n_kecamatan * 2.7)), max(n_desa, round(population / PEOPLE_PER_POSYANDU))


def _split(items: list, parts: int) -> list[list]:
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _upsert(rows: list[Facility]) -> dict[str, int]:
    Facility.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["type", "inpatient", "name", "parent", "region", "sub_area", "puskesmas", "district", "active"],
        batch_size=1000,
    )
    return dict(Facility.objects.filter(code__in=[r.code for r in rows]).values_list("code", "pk"))


@transaction.atomic
def build_network(district_code: str = "36.01", seed: int = 1) -> NetworkResult:
    district = Region.objects.filter(code=district_code, level=RegionLevel.KABKOTA).first()
    if district is None:
        raise DemoError(f"Kabupaten/kota {district_code} tidak ditemukan; jalankan import_regions dahulu.")
    rng = random.Random(f"{district_code}:{seed}")
    kecamatan = list(Region.objects.kecamatan().filter(parent=district).order_by("code"))
    desa_by_kec = {k.code: [] for k in kecamatan}
    for desa in Region.objects.desa().descendants_of(district.code).order_by("code"):
        desa_by_kec[desa.code[:8]].append(desa)
    all_desa = [d for k in kecamatan for d in desa_by_kec[k.code]]
    n_pkm, n_pustu, n_posyandu = _targets(district, len(kecamatan), len(all_desa))

    # Puskesmas: one per kecamatan; extra ones split the kecamatan with the
    # most desa per Puskesmas (Pandeglang: the largest kecamatan gets a second).
    per_kec = {k.code: 1 for k in kecamatan}
    for _ in range(max(0, n_pkm - len(kecamatan))):
        largest = max(kecamatan, key=lambda k: (len(desa_by_kec[k.code]) / per_kec[k.code], k.code))
        per_kec[largest.code] += 1

    pkm_rows, catchment_of = [], {}
    for kec in kecamatan:
        blocks = [b for b in _split(desa_by_kec[kec.code], per_kec[kec.code]) if b]
        for i, block in enumerate(blocks, start=1):
            code = f"P{kec.code.replace('.', '')}{i:02d}"
            name = kec.name if i == 1 else f"{kec.name} {block[0].name}"
            pkm_rows.append(
                Facility(
                    code=code,
                    name=name.title(),
                    type=FacilityType.PUSKESMAS,
                    inpatient=rng.random() < 0.3,
                    region_id=block[0].code,
                    district_id=district.code,
                    active=True,
                )
            )
            catchment_of[code] = block
    pkm_ids = _upsert(pkm_rows)
    for row in pkm_rows:
        row.pk = pkm_ids[row.code]
        row.puskesmas_id = row.pk
    Facility.objects.bulk_update(pkm_rows, ["puskesmas"], batch_size=1000)
    pkm_of_desa = {d.code: row for row in pkm_rows for d in catchment_of[row.code]}

    Catchment.objects.filter(desa__code__startswith=district.code + ".").delete()
    Catchment.objects.bulk_create(
        [Catchment(desa_id=d.code, puskesmas_id=pkm_of_desa[d.code].pk) for d in all_desa], batch_size=2000
    )

    hosts = {row.region_id for row in pkm_rows}
    # Pustu go to desa without a Puskesmas first; a small city (Dumai: 36 Pustu
    # in 36 kelurahan) also has them beside a Puskesmas.
    free = [d for d in all_desa if d.code not in hosts]
    chosen = rng.sample(free, min(n_pustu, len(free)))
    hosted = [d for d in all_desa if d.code in hosts]
    chosen += rng.sample(hosted, min(n_pustu - len(chosen), len(hosted)))
    pustu_desa = sorted(chosen, key=lambda d: d.code)
    pustu_rows = [
        Facility(
            code=f"PU{d.code.replace('.', '')}",
            name=d.name.title(),
            type=FacilityType.PUSTU,
            parent_id=pkm_of_desa[d.code].pk,
            puskesmas_id=pkm_of_desa[d.code].pk,
            region_id=d.code,
            district_id=district.code,
            active=True,
        )
        for d in pustu_desa
    ]
    pustu_ids = _upsert(pustu_rows)
    pustu_of_desa = {row.region_id: pustu_ids[row.code] for row in pustu_rows}

    # Posyandu: at least one per desa, the rest spread at random (weighted
    # towards desa that already have more, as bigger desa do).
    per_desa = {d.code: 1 for d in all_desa}
    for _ in range(max(0, n_posyandu - len(all_desa))):
        per_desa[rng.choice(all_desa).code] += 1
    posyandu_rows = []
    for d in all_desa:
        pkm = pkm_of_desa[d.code]
        parent = pustu_of_desa.get(d.code, pkm.pk)
        for i in range(1, per_desa[d.code] + 1):
            flower = POSYANDU_NAMES[rng.randrange(len(POSYANDU_NAMES))]
            sub_area = f"RW {i:02d}" if rng.random() < 0.5 else f"{rng.choice(DUSUN_WORDS)} {d.name.title()} {i}"
            posyandu_rows.append(
                Facility(
                    code=f"PY{d.code.replace('.', '')}{i:02d}",
                    name=f"{flower} {i}",
                    type=FacilityType.POSYANDU,
                    parent_id=parent,
                    puskesmas_id=pkm.pk,
                    region_id=d.code,
                    sub_area=sub_area,
                    district_id=district.code,
                    active=True,
                )
            )
    _upsert(posyandu_rows)

    wanted_codes = {r.code for r in pkm_rows + pustu_rows + posyandu_rows}
    stale = Facility.objects.filter(district=district).exclude(code__in=wanted_codes)
    stale.update(active=False)

    users = _demo_users(district)
    return NetworkResult(district, len(pkm_rows), len(pustu_rows), len(posyandu_rows), users)


def login_puskesmas(district_code: str) -> Facility | None:
    """The Puskesmas of the demo logins: the demo's health workers all sit in
    the first Puskesmas that has a Pustu (that of the district's first Pustu),
    so a tester can follow one family from Posyandu to district; without a
    Pustu, the district's first Puskesmas."""
    active = Facility.objects.filter(district_id=district_code, active=True).order_by("code")
    pustu = active.filter(type=FacilityType.PUSTU).select_related("parent").first()
    return pustu.parent if pustu else active.filter(type=FacilityType.PUSKESMAS).first()


def _demo_users(district) -> list[tuple[str, str, str]]:
    puskesmas = login_puskesmas(district.code)
    pustu = Facility.objects.filter(parent=puskesmas, type=FacilityType.PUSTU, active=True).order_by("code").first()
    posyandu = Facility.objects.filter(parent=pustu or puskesmas, type=FacilityType.POSYANDU).order_by("code").first()
    other_pkm = (
        Facility.objects.filter(district=district, type=FacilityType.PUSKESMAS, active=True)
        .exclude(pk=puskesmas.pk)
        .order_by("code")
        .first()
    )
    # The ward nurse works at a Puskesmas rawat inap: the logins' own if it
    # has beds, else the district's first.
    ward = puskesmas if puskesmas.inpatient else (
        Facility.objects.filter(district=district, type=FacilityType.PUSKESMAS, active=True, inpatient=True)
        .order_by("code").first() or puskesmas)
    cast = [
        ("admin", Role.ADMIN, None, district, "Admin Demo"),
        ("dinkes", Role.STAF_DINKES, None, district, "Siti Rahmawati"),
        ("kapus", Role.KEPALA_PUSKESMAS, puskesmas, None, "dr. Ahmad Fauzi"),
        ("petugas", Role.PETUGAS_PUSKESMAS, puskesmas, None, "Bidan Nur Aini"),
        ("farmasi", Role.FARMASI, puskesmas, None, "apt. Dewi Lestari"),
        ("lab", Role.LABORATORIUM, puskesmas, None, "Yuni Kartika"),
        ("perawat", Role.PERAWAT_IGD, ward, None, "Ners Hendra Gunawan"),
        ("pustu", Role.PETUGAS_PUSTU, pustu or puskesmas, None, "Rina Marlina"),
        ("kader", Role.KADER, posyandu, None, "Ibu Euis Sumarni"),
        ("kapus2", Role.KEPALA_PUSKESMAS, other_pkm, None, "dr. Budi Santoso"),
    ]
    out = []
    for username, role, facility, region, full_name in cast:
        if role == Role.PETUGAS_PUSTU and pustu is None:
            continue
        first, _, last = full_name.partition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_active": True,
                "is_staff": role in (Role.ADMIN, Role.STAF_DINKES),
                "is_superuser": False,
                "scope_facility": facility,
                "scope_district": region,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
        out.append((username, role.value, str(facility) if facility else region.name))
    return out
