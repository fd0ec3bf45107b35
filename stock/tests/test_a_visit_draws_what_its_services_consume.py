"""A service given at a visit draws what it consumes from the stock of the
facility where it was given (or the nearest above it that keeps the item),
in the visit's own transaction; taking the service off, or removing the
visit, puts the units back; a shortfall refuses the visit and writes
nothing; a facility that keeps no card of the item draws nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from clusters import services as visit_services
from clusters.models import PosyanduSession, Service, Visit
from clusters.session_rows import RowData, row_save
from patients.tests.factories import HouseholdFactory, PatientFactory, PregnancyFactory
from stock.dispensing import batches_given
from stock.models import Balance, Item, Kind, Movement

from .conftest import balance

pytestmark = pytest.mark.django_db


def child(posyandu, months, today):
    household = HouseholdFactory(posyandu=posyandu)
    return PatientFactory(household=household, sex="L", birth_date=today - timedelta(days=int(months * 30.5)))


def services(*codes):
    return list(Service.objects.filter(code__in=codes))


def test_iron_tablets_at_an_anc_visit_leave_the_puskesmas_shelf(cast, pkm, receive_at, today):
    ttd = Item.objects.get(code="TTD")
    receive_at(ttd, 100, expiry=today + timedelta(days=300))
    mother = PatientFactory(household=HouseholdFactory(posyandu=cast["kader_other"].scope_facility), sex="P",
                            birth_date=date(1996, 5, 5))
    PregnancyFactory(patient=mother, expected_delivery_date=today + timedelta(days=150))

    visit = visit_services.visit_record(by=cast["petugas"], patient=mother, facility=pkm, date=today, package="anc",
                                        services=services("ANC_K3", "TTD_BUMIL"))

    assert balance(pkm, item=ttd) == 70
    [line] = Movement.objects.filter(visit=visit)
    assert (line.kind, line.quantity, line.patient_id, line.facility_id) == (Kind.DISPENSE, -30, mother.pk, pkm.pk)


def test_a_vaccine_at_a_posyandu_session_is_drawn_from_the_pustu_box_with_its_batch(cast, network, receive_at,
                                                                                  today):
    posyandu, pustu = network["36.01"]["posyandu_pustu"], network["36.01"]["pustu"]
    penta = Item.objects.get(code="V-PENTA")
    receive_at(penta, 10, expiry=today + timedelta(days=90), number="PENTA-EARLY", facility=pustu, user=cast["pustu"])
    receive_at(penta, 50, expiry=today + timedelta(days=400), number="PENTA-LATE", facility=pustu, user=cast["pustu"])
    baby = child(posyandu, 3, today)
    session = PosyanduSession.objects.create(posyandu=posyandu, date=today, opened_by=cast["kader"])

    visit, _created = row_save(by=cast["kader"], session=session, patient=baby, row=RowData(
        measurements={"weight_kg": 6}, vitamin_a=False, immunisations=("IMM_DPT1",), confirm_warnings=True))

    assert balance(pustu, item=penta) == 59
    assert batches_given([visit.pk]) == {visit.pk: [(penta.name, "PENTA-EARLY")]}


def test_the_blue_or_the_red_vitamin_a_capsule_goes_by_age(cast, network, receive_at, today):
    posyandu = network["36.01"]["posyandu_pustu"]
    blue, red = Item.objects.get(code="VITA-100"), Item.objects.get(code="VITA-200")
    for item in (blue, red):
        receive_at(item, 20, expiry=today + timedelta(days=300), facility=posyandu, user=cast["pustu"])
    session = PosyanduSession.objects.create(posyandu=posyandu, date=today, opened_by=cast["kader"])

    for months in (8, 30):
        row_save(by=cast["kader"], session=session, patient=child(posyandu, months, today), row=RowData(
            measurements={}, vitamin_a=True, immunisations=(), confirm_warnings=True))

    assert (balance(posyandu, item=blue), balance(posyandu, item=red)) == (19, 19)


def test_a_shortfall_refuses_the_visit_and_writes_nothing(cast, network, receive_at, today):
    pustu = network["36.01"]["pustu"]
    mr = Item.objects.get(code="V-MR")
    receive_at(mr, 1, expiry=today + timedelta(days=300), facility=pustu, user=cast["pustu"])
    first, second = child(pustu, 10, today), child(pustu, 10, today)
    visit_services.visit_record(by=cast["pustu"], patient=first, facility=pustu, date=today, package="balita",
                                services=services("IMM_MR1"))

    with pytest.raises(ValidationError) as refused:
        visit_services.visit_record(by=cast["pustu"], patient=second, facility=pustu, date=today,
                                    package="balita", services=services("IMM_MR1"))

    assert mr.name in refused.value.messages[0] and pustu.name in refused.value.messages[0]
    assert not Visit.objects.filter(patient=second).exists()
    assert balance(pustu, item=mr) == 0


def test_an_expired_batch_is_not_given_at_a_visit(cast, network, receive_at, today):
    pustu = network["36.01"]["pustu"]
    bcg = Item.objects.get(code="V-BCG")
    receive_at(bcg, 20, expiry=today, facility=pustu, user=cast["pustu"], day=today - timedelta(days=30))

    with pytest.raises(ValidationError):
        visit_services.visit_record(by=cast["pustu"], patient=child(pustu, 1, today), facility=pustu, date=today,
                                    package="balita", services=services("IMM_BCG"))

    assert balance(pustu, item=bcg) == 20


def test_a_facility_that_keeps_no_card_of_the_item_draws_nothing(cast, network, today):
    pustu = network["36.01"]["pustu"]
    visit = visit_services.visit_record(by=cast["pustu"], patient=child(pustu, 10, today), facility=pustu,
                                        date=today, package="balita", services=services("IMM_MR1", "VIT_A"))

    assert Visit.objects.filter(pk=visit.pk).exists() and not Movement.objects.exists()


def test_taking_a_service_off_or_removing_the_visit_puts_the_units_back(cast, network, receive_at, today):
    pustu = network["36.01"]["pustu"]
    mr, syringe = Item.objects.get(code="V-MR"), Item.objects.get(code="ADS-05")
    red = Item.objects.get(code="VITA-200")
    for item in (mr, syringe, red):
        receive_at(item, 10, expiry=today + timedelta(days=300), facility=pustu, user=cast["pustu"])
    visit = visit_services.visit_record(by=cast["petugas"], patient=child(pustu, 13, today), facility=pustu,
                                        date=today, package="balita", services=services("IMM_MR2", "VIT_A"))
    assert [balance(pustu, item=i) for i in (mr, syringe, red)] == [9, 9, 9]

    visit_services.visit_update(by=cast["petugas"], visit=visit, date=today, services=services("VIT_A"),
                                measurements={}, setting=visit.setting)
    assert [balance(pustu, item=i) for i in (mr, syringe, red)] == [10, 10, 9]
    assert batches_given([visit.pk]) == {visit.pk: [(red.name, f"N-{today + timedelta(days=300):%Y%m%d}")]}

    visit_services.visit_remove(by=cast["petugas"], visit=visit, reason="salah orang, dicatat dua kali")
    assert [balance(pustu, item=i) for i in (mr, syringe, red)] == [10, 10, 10]
    # The card keeps every line; the balance is still their sum.
    for row in Balance.objects.all():
        assert row.quantity == Movement.objects.filter(facility=row.facility, batch=row.batch).aggregate(
            n=Sum("quantity"))["n"]
    assert Movement.objects.filter(kind=Kind.RETURN).count() == 3


def test_the_childs_record_shows_the_vaccine_batch_given(client, cast, network, receive_at, today):
    from lxml import html

    pustu = network["36.01"]["pustu"]
    penta = Item.objects.get(code="V-PENTA")
    receive_at(penta, 10, expiry=date(2031, 1, 31), number="PENTA-0425", facility=pustu, user=cast["pustu"])
    baby = child(network["36.01"]["posyandu_pustu"], 3, today)
    visit_services.visit_record(by=cast["pustu"], patient=baby, facility=pustu, date=today, package="balita",
                                services=services("IMM_DPT1"))

    client.force_login(cast["pustu"])
    page = html.fromstring(client.get(f"/pasien/{baby.pk}/").content)

    [section] = page.xpath("//section[@id='medicines-given']")
    text = " ".join(section.text_content().split())
    assert penta.name in text and "PENTA-0425" in text and "31-01-2031" in text and pustu.name in text
