"""The catalogue's sex and age limits: who a service may be given to, and
what a visit form offers."""

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from clusters.catalogue import load_catalogue, read_catalogue
from clusters.eligibility import allowed, refused_services
from clusters.models import Service
from clusters.packages import BY_CODE
from clusters.selectors import services_for_package
from patients.life_stage import life_stages

DAY = date(2026, 3, 15)


def born(years=0, months=0):
    return DAY - relativedelta(years=years, months=months)


def offered_codes(package, sex, birth_date):
    stages = life_stages(birth_date, DAY)
    return {s.code for s in services_for_package(BY_CODE[package], stages, sex=sex, birth_date=birth_date, on=DAY)}


def test_the_catalogue_file_gives_iva_to_women_from_30_and_vitamin_a_from_6_to_59_months():
    rows = {row["code"]: row for row in read_catalogue()}
    assert (rows["IVA"]["sex"], rows["IVA"]["min_age_months"], rows["IVA"]["max_age_months"]) == ("P", 360, None)
    assert (rows["VIT_A"]["sex"], rows["VIT_A"]["min_age_months"], rows["VIT_A"]["max_age_months"]) == ("", 6, 59)
    assert (rows["TB_TEST"]["sex"], rows["TB_TEST"]["min_age_months"]) == ("", None)


def test_the_migrated_catalogue_carries_the_limits(db):
    iva = Service.objects.get(code="IVA")
    assert (iva.sex, iva.min_age_months) == ("P", 360)
    assert all(s.sex == "P" for s in Service.objects.filter(category__in=["anc", "delivery", "postnatal"]))
    assert all(s.max_age_months == 0 for s in Service.objects.filter(category="newborn"))


def test_iva_is_allowed_for_a_35_year_old_woman_only(db):
    iva = Service.objects.get(code="IVA")
    assert allowed(iva, sex="P", birth_date=born(35), on=DAY)
    assert not allowed(iva, sex="L", birth_date=born(65), on=DAY)
    assert not allowed(iva, sex="P", birth_date=born(25), on=DAY)
    assert allowed(iva, sex="P", birth_date=born(30), on=DAY)  # from the 30th birthday


@pytest.mark.parametrize("months, ok", [(5, False), (6, True), (59, True), (60, False)])
def test_vitamin_a_is_for_children_of_6_to_59_completed_months(db, months, ok):
    vit_a = Service.objects.get(code="VIT_A")
    assert allowed(vit_a, sex="L", birth_date=born(months=months), on=DAY) is ok


def test_refused_services_names_those_the_person_may_not_receive(db):
    chosen = list(Service.objects.filter(code__in=["IVA", "PTM_SCREENING", "HT_CARE"]).order_by("code"))
    refused = refused_services(chosen, sex="L", birth_date=born(65), on=DAY)
    assert [s.code for s in refused] == ["IVA"]


def test_iva_is_offered_to_a_35_year_old_woman(db):
    assert "IVA" in offered_codes("ptm", "P", born(35))


def test_iva_is_not_offered_to_a_65_year_old_man_nor_a_25_year_old_woman(db):
    assert "IVA" not in offered_codes("lansia", "L", born(65))
    assert "IVA" not in offered_codes("ptm", "P", born(25))
    assert "PTM_SCREENING" in offered_codes("ptm", "P", born(25))


def test_vitamin_a_is_offered_from_6_months_on(db):
    assert "VIT_A" not in offered_codes("balita", "P", born(months=4))
    assert "VIT_A" in offered_codes("balita", "P", born(months=7))
    assert "WEIGHING" in offered_codes("balita", "P", born(months=4))


def test_without_the_person_the_package_offers_by_life_stage_only(db):
    stages = life_stages(born(65), DAY)
    assert "IVA" in {s.code for s in services_for_package(BY_CODE["lansia"], stages)}


def test_the_loader_works_with_a_service_model_that_predates_the_limits(db):
    """Migration 0002 loads the catalogue with the historical model of that
    time, which has no sex or age columns."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(("clusters", "0005_change_carries_birth_day"))
    old_service = state.apps.get_model("clusters", "Service")
    assert "sex" not in {f.name for f in old_service._meta.get_fields()}
    Service.objects.filter(code="IVA").update(name="x")
    assert load_catalogue(state.apps.get_model("clusters", "Cluster"), old_service) == len(read_catalogue())
    iva = Service.objects.get(code="IVA")
    assert (iva.name, iva.sex) == ("Deteksi dini kanker leher rahim (IVA) dan payudara", "P")
