"""Shared fixtures: a small real-shaped district and a cast of users, one
inside and one outside each scope."""

import pytest

from facilities.models import FacilityType, Role
from facilities.tests.factories import FacilityFactory, RegionTreeFactory, UserFactory


@pytest.fixture
def regions(db):
    """Two kabupaten in one provinsi, each with two kecamatan of three desa."""
    return RegionTreeFactory.build_tree()


@pytest.fixture
def network(regions):
    """Per district: one Puskesmas per kecamatan, a Pustu in the first desa, and
    Posyandu under both."""
    net = {}
    for district in ("36.01", "36.02"):
        pkm = FacilityFactory(
            type=FacilityType.PUSKESMAS,
            region_id=f"{district}.01.2001",
            code=f"P{district}A",
            name=f"Puskesmas {district}",
            catchment=[f"{district}.01.200{i}" for i in (1, 2, 3)],
        )
        pkm_b = FacilityFactory(
            type=FacilityType.PUSKESMAS,
            region_id=f"{district}.02.2001",
            code=f"P{district}B",
            catchment=[f"{district}.02.200{i}" for i in (1, 2, 3)],
        )
        pustu = FacilityFactory(
            type=FacilityType.PUSTU, parent=pkm, region_id=f"{district}.01.2002", code=f"PU{district}"
        )
        posyandu_pustu = FacilityFactory(
            type=FacilityType.POSYANDU, parent=pustu, region_id=pustu.region_id, code=f"PY{district}a", sub_area="RW 01"
        )
        posyandu_pkm = FacilityFactory(
            type=FacilityType.POSYANDU,
            parent=pkm,
            region_id=f"{district}.01.2003",
            code=f"PY{district}b",
            sub_area="Dusun Cilaja",
        )
        posyandu_b = FacilityFactory(
            type=FacilityType.POSYANDU, parent=pkm_b, region_id=f"{district}.02.2002", code=f"PY{district}c"
        )
        net[district] = dict(
            puskesmas=pkm,
            puskesmas_b=pkm_b,
            pustu=pustu,
            posyandu_pustu=posyandu_pustu,
            posyandu_pkm=posyandu_pkm,
            posyandu_b=posyandu_b,
        )
    return net


@pytest.fixture
def cast(network):
    """One user per role in district 36.01, plus outsiders."""
    home = network["36.01"]
    return {
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
        "dinkes": UserFactory(role=Role.STAF_DINKES, scope_district_id="36.01", is_staff=True),
        "dinkes_other": UserFactory(role=Role.STAF_DINKES, scope_district_id="36.02", is_staff=True),
        "kapus": UserFactory(role=Role.KEPALA_PUSKESMAS, scope_facility=home["puskesmas"]),
        "petugas": UserFactory(role=Role.PETUGAS_PUSKESMAS, scope_facility=home["puskesmas"]),
        "kapus_other": UserFactory(role=Role.KEPALA_PUSKESMAS, scope_facility=home["puskesmas_b"]),
        "pustu": UserFactory(role=Role.PETUGAS_PUSTU, scope_facility=home["pustu"]),
        "kader": UserFactory(role=Role.KADER, scope_facility=home["posyandu_pustu"]),
        "kader_other": UserFactory(role=Role.KADER, scope_facility=home["posyandu_pkm"]),
        "no_scope": UserFactory(role=Role.KADER),
    }


@pytest.fixture
def client_of():
    """client_of(user) -> a test client logged in as that user."""
    from django.test import Client

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2 is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(network):
    """A household at each home Posyandu: a mother with NIK and her son, plus a
    family in another Puskesmas of the same district."""
    from datetime import date

    from patients.tests.factories import HouseholdFactory, PatientFactory, nik_for

    home = network["36.01"]
    hh = HouseholdFactory(posyandu=home["posyandu_pustu"], no_kk="3601010101200001")
    mother = PatientFactory(
        household=hh,
        name="Siti Rahmawati",
        sex="P",
        birth_date=date(1994, 3, 12),
        nik=nik_for(date(1994, 3, 12), "P", serial=1),
    )
    son = PatientFactory(
        household=hh,
        name="Muhammad Rizki",
        sex="L",
        birth_date=date(2023, 7, 1),
        nik=nik_for(date(2023, 7, 1), "L", serial=2),
    )
    other_hh = HouseholdFactory(posyandu=home["posyandu_b"], no_kk="3601020101200002")
    stranger = PatientFactory(
        household=other_hh,
        name="Euis Sumarni",
        sex="P",
        birth_date=date(1988, 1, 5),
        nik=nik_for(date(1988, 1, 5), "P", region6="360102", serial=3),
    )
    return {"household": hh, "mother": mother, "son": son, "other_household": other_hh, "stranger": stranger}


@pytest.fixture(autouse=True, scope="session")
def celery_runs_tasks_in_process():
    # Tests exercise the tasks themselves; a worker is the fault tests' business.
    from ilp.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


# Fuzz tests (tests/fuzz): a modest number of examples each so that the suite
# stays quick on two cores; HYPOTHESIS_PROFILE=deep for a longer hunt.
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ilp",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("deep", parent=settings.get_profile("ilp"), max_examples=200, derandomize=False)
settings.load_profile(__import__("os").environ.get("HYPOTHESIS_PROFILE", "ilp"))
