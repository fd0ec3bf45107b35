"""The due table after each kind of write equals the table computed afresh
from everything recorded (rebuild), and says what the write should change."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record, visit_remove, visit_update
from followup.models import DueItem
from followup.upkeep import rebuild
from patients import services as people
from patients.merge import patients_merge

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def snapshot():
    return sorted(DueItem.objects.values_list("patient_id", "posyandu_id", "desa_id", "rule", "item", "due_on",
                                              "overdue_on", "ends_on"))


def assert_same_as_rebuild():
    kept = snapshot()
    rebuild()
    assert snapshot() == kept


def items_of(patient) -> dict[str, DueItem]:
    return {d.item: d for d in DueItem.objects.filter(patient=patient)}


def services(*codes):
    return list(Service.objects.filter(code__in=codes))


@pytest.fixture
def home(network, cast):
    household = people.household_register(by=cast["kader"], posyandu=network["36.01"]["posyandu_pustu"],
                                          rw="2", dusun="Cilaja")
    return household


def test_a_registered_child_is_due_at_once(home, cast):
    child = people.patient_register(by=cast["kader"], household=home, name="Rizki", sex="L",
                                    birth_date=TODAY - timedelta(days=100), confirm_warnings=True)
    assert {"WEIGHING", "IMM_DPT1", "IMM_BCG"} <= items_of(child).keys()
    assert_same_as_rebuild()


def test_a_weighing_moves_the_next_weighing_to_next_month_and_a_removal_brings_it_back(home, cast, network):
    child = people.patient_register(by=cast["kader"], household=home, name="Rizki", sex="L",
                                    birth_date=TODAY - timedelta(days=400), confirm_warnings=True)
    visit = visit_record(by=cast["kader"], patient=child, facility=network["36.01"]["posyandu_pustu"], date=TODAY,
                         package="balita", services=services("WEIGHING"), measurements={"weight_kg": 9.5},
                         confirm_warnings=True)
    next_month = (TODAY.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert items_of(child)["WEIGHING"].due_on == next_month
    assert_same_as_rebuild()
    earlier = TODAY - timedelta(days=40)
    visit_update(by=cast["kader"], visit=visit, date=earlier, services=services("WEIGHING"),
                 measurements={"weight_kg": 9.5}, setting="posyandu", confirm_warnings=True)
    assert items_of(child)["WEIGHING"].due_on == (earlier.replace(day=1) + timedelta(days=32)).replace(day=1)
    assert_same_as_rebuild()
    visit_remove(by=cast["petugas"], visit=visit, reason="Salah anak, dicatat ulang")
    assert items_of(child)["WEIGHING"].due_on == child.birth_date.replace(day=1)
    assert_same_as_rebuild()


def test_a_dose_given_makes_the_next_one_due_a_month_later(home, cast, network):
    child = people.patient_register(by=cast["kader"], household=home, name="Ujang", sex="L",
                                    birth_date=TODAY - timedelta(days=70), confirm_warnings=True)
    visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["puskesmas"], date=TODAY,
                 package="balita", services=services("IMM_DPT1"), confirm_warnings=True)
    due = items_of(child)
    assert "IMM_DPT1" not in due
    assert due["IMM_DPT2"].due_on == TODAY + timedelta(days=28)
    assert_same_as_rebuild()


def test_a_corrected_birth_date_moves_every_date(home, cast):
    born = TODAY - timedelta(days=100)
    child = people.patient_register(by=cast["kader"], household=home, name="Asih", sex="P", birth_date=born,
                                    confirm_warnings=True)
    people.patient_update(by=cast["petugas"], patient=child, name="Asih", sex="P", birth_date=born - timedelta(10),
                          confirm_warnings=True)
    assert items_of(child)["IMM_DPT1"].due_on == born - timedelta(days=10) + timedelta(days=61)
    assert_same_as_rebuild()


def test_a_household_that_moves_takes_its_items_to_the_new_posyandu(home, cast, network):
    child = people.patient_register(by=cast["kader"], household=home, name="Asih", sex="P",
                                    birth_date=TODAY - timedelta(days=100), confirm_warnings=True)
    target = network["36.01"]["posyandu_pkm"]
    people.household_move(by=cast["petugas"], household=home, posyandu=target)
    assert set(DueItem.objects.filter(patient=child).values_list("posyandu_id", "desa_id")) == {
        (target.pk, target.region_id)}
    assert_same_as_rebuild()


def test_pregnancy_delivery_and_newborn(home, cast):
    mother = people.patient_register(by=cast["kader"], household=home, name="Neng", sex="P",
                                     birth_date=date(1996, 2, 2), confirm_warnings=True)
    people.pregnancy_register(by=cast["petugas"], patient=mother, expected_delivery_date=TODAY + timedelta(days=5),
                              last_menstrual_period=TODAY - timedelta(days=275))
    assert any(item.startswith("K") for item in items_of(mother))
    baby = people.newborn_register(by=cast["petugas"], mother=mother, name="Bayi Neng", sex="L", birth_date=TODAY)
    mother_items = items_of(mother)
    assert {"KF1", "KF2", "KF3", "KF4"} <= mother_items.keys()
    assert not {k for k in mother_items if k[0] == "K" and k[1].isdigit()}
    assert {"KN1", "KN2", "KN3", "IMM_HB0"} <= items_of(baby).keys()
    assert_same_as_rebuild()


def test_a_merged_duplicate_is_due_nothing(home, cast):
    kept = people.patient_register(by=cast["kader"], household=home, name="Rizki", sex="L",
                                   birth_date=TODAY - timedelta(days=200), confirm_warnings=True)
    duplicate = people.patient_register(by=cast["kader"], household=home, name="Rizky", sex="L",
                                        birth_date=TODAY - timedelta(days=200), confirm_warnings=True)
    patients_merge(by=cast["petugas"], kept=kept, duplicate=duplicate)
    assert not DueItem.objects.filter(patient=duplicate).exists()
    assert DueItem.objects.filter(patient=kept).exists()
    assert_same_as_rebuild()


def test_a_new_tb_case_makes_the_household_due_a_contact_screen(home, cast, network):
    case = people.patient_register(by=cast["kader"], household=home, name="Asep", sex="L",
                                   birth_date=date(1980, 6, 6), confirm_warnings=True)
    contact = people.patient_register(by=cast["kader"], household=home, name="Iyah", sex="P",
                                      birth_date=date(1985, 1, 1), confirm_warnings=True)
    visit_record(by=cast["petugas"], patient=case, facility=network["36.01"]["puskesmas"], date=TODAY,
                 package="tb", services=services("TB_TREATMENT"), confirm_warnings=True)
    assert items_of(contact)["TB_SCREENING"].due_on == TODAY
    assert "TB_SCREENING" not in items_of(case)
    assert_same_as_rebuild()


def test_a_rebuild_written_in_bulk_equals_the_upkeep(home, cast, network, monkeypatch):
    # A district's rebuild writes with COPY on PostgreSQL: the same rows.
    from followup import upkeep

    child = people.patient_register(by=cast["kader"], household=home, name="Rizki", sex="L",
                                    birth_date=TODAY - timedelta(days=400), confirm_warnings=True)
    visit_record(by=cast["kader"], patient=child, facility=network["36.01"]["posyandu_pustu"], date=TODAY,
                 package="balita", services=services("WEIGHING", "IMM_BCG"), measurements={"weight_kg": 9.5},
                 confirm_warnings=True)
    kept = snapshot()
    monkeypatch.setattr(upkeep, "COPY_FROM", 1)
    DueItem.objects.all().delete()
    rebuild()
    assert snapshot() == kept
