"""Upgrading a database of the previous release: its clear No. KK are encrypted
and indexed, then gone from the households and their history; numbers saved
with other scripts' digits become ASCII, and a twin never keeps the number
twice; masks take the new form."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from patients import pii
from patients.tests.factories import nik_for, written_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("patients", "0003_nik_index_without_pattern_index")]
KK = "3601011203240009"
NIK = nik_for(date(1990, 5, 17), "P", serial=1)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.fixture
def old(network):
    """The tables as they were before, with what the old code let through."""
    apps = migrate(BEFORE)
    yield apps, network["36.01"]["posyandu_pustu"]
    migrate(None)


def add_household(apps, posyandu, no_kk):
    Household = apps.get_model("patients", "Household")
    household = Household.objects.create(no_kk=no_kk, posyandu_id=posyandu.pk, desa_id=posyandu.region_id)
    apps.get_model("patients", "HistoricalHousehold").objects.create(
        id=household.pk, no_kk=no_kk, posyandu_id=posyandu.pk, desa_id=posyandu.region_id, created_at=timezone.now(),
        history_date=timezone.now(), history_type="+")
    return household.pk


def add_patient(apps, household_pk, nik):
    return apps.get_model("patients", "Patient").objects.create(
        name="Siti", sex="P", birth_date=date(1990, 5, 17), household_id=household_pk, nik_index=pii.blind_index(nik),
        nik_encrypted=pii.encrypt(nik), nik_masked=nik[:4] + "********" + nik[-4:]).pk


def clear_kk_anywhere() -> bool:
    with connection.cursor() as cursor:
        for table in ("patients_household", "patients_historicalhousehold"):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            if any(KK in str(row) for row in cursor.fetchall()):
                return True
    return False


def test_clear_numbers_are_protected_and_twins_keep_one_number(old):
    apps, posyandu = old
    typed_arabic = add_household(apps, posyandu, written_in("Arabic-Indic", KK))
    typed_ascii = add_household(apps, posyandu, KK)
    arabic_person = add_patient(apps, typed_arabic, written_in("Arabic-Indic", NIK))
    ascii_person = add_patient(apps, typed_ascii, NIK)

    migrate(None)

    from patients.models import Household, Patient

    assert not clear_kk_anywhere()
    assert Household.objects.get(pk=typed_ascii).no_kk == KK
    assert not Household.objects.get(pk=typed_arabic).has_no_kk
    assert set(Household.history.values_list("kk_masked", flat=True)) == {"••••0009"}
    assert Patient.objects.get(pk=ascii_person).nik == NIK
    assert not Patient.objects.get(pk=arabic_person).has_nik
    assert Patient.objects.get(pk=ascii_person).nik_masked == "••••0001"


def test_a_number_typed_only_in_other_digits_becomes_ascii(old):
    apps, posyandu = old
    household = add_household(apps, posyandu, written_in("full-width", KK))
    person = add_patient(apps, household, written_in("Devanagari", NIK))

    migrate(None)

    from patients.models import Household, Patient

    assert Household.objects.get(pk=household).no_kk == KK
    assert Patient.objects.get(pk=person).nik == NIK
    assert Patient.objects.filter(nik_index=pii.blind_index(NIK)).count() == 1
