"""When a measurement, a birth date or a sex changes, every derived value that
hangs on it is derived again in the same transaction: the visit's z-scores
and classes, and the growth code of the child's next weighing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusters.models import CoverageChange, Measurement, Recomputation, RecomputeCause, Service
from clusters.rederive import rederive_person
from clusters.services import visit_record, visit_remove, visit_update
from patients.services import patient_update, patients_merge
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.fixture
def kid(network):
    household = HouseholdFactory(posyandu=network["36.01"]["posyandu_pustu"])
    return PatientFactory(household=household, name="Anak 31", sex="L", birth_date=date(2025, 6, 10))


@pytest.fixture
def weigh(cast, network):
    def weigh(patient, day, kg, **more):
        return visit_record(by=cast["petugas"], patient=patient, facility=network["36.01"]["puskesmas"], date=day,
                            package="balita", services=list(Service.objects.filter(code="WEIGHING")),
                            measurements={"weight_kg": Decimal(kg), **more}, confirm_warnings=True)
    return weigh


def stored(visit):
    return Measurement.objects.get(visit=visit)


def correct_weight(visit, kg, by):
    return visit_update(by=by, visit=visit, date=visit.date, services=list(visit.services.all()),
                        measurements={"weight_kg": Decimal(kg)}, setting=visit.setting, confirm_warnings=True)


def test_correcting_a_weighing_rederives_the_next_months_growth_code(kid, weigh, cast):
    weigh(kid, date(2026, 9, 12), "9.0")
    october = weigh(kid, date(2026, 10, 10), "9.9")  # typed wrong: 9.1 was read
    november = weigh(kid, date(2026, 11, 9), "9.4")
    assert stored(november).growth_code == "T"

    correct_weight(october, "9.1", cast["petugas"])

    assert stored(november).growth_code == "N"
    review = Recomputation.objects.get(visit=november)
    assert review.cause == RecomputeCause.WEIGHING and "growth_code" in review.fields
    assert not Recomputation.objects.filter(visit=october).exists()  # the corrected visit itself is no recompute
    assert CoverageChange.objects.filter(patient=kid, month=date(2026, 11, 1), visit__isnull=True).exists()


def test_moving_a_weighing_to_another_month_rederives_the_weighings_around_it(kid, weigh, cast):
    weigh(kid, date(2026, 9, 12), "9.0")
    october = weigh(kid, date(2026, 10, 10), "9.3")
    november = weigh(kid, date(2026, 11, 9), "9.6")
    assert stored(november).growth_code == "N"

    visit_update(by=cast["petugas"], visit=october, date=date(2026, 8, 20), services=list(october.services.all()),
                 measurements={"weight_kg": Decimal("8.8")}, setting=october.setting, confirm_warnings=True)

    assert stored(november).growth_code == "O"  # no weighing in October any more


def test_removing_a_weighing_rederives_the_next_growth_code(kid, weigh, cast):
    weigh(kid, date(2026, 9, 12), "9.0")
    october = weigh(kid, date(2026, 10, 10), "9.3")
    november = weigh(kid, date(2026, 11, 9), "9.6")

    visit_remove(by=cast["petugas"], visit=october, reason="Diketik pada anak yang salah")

    assert stored(november).growth_code == "O"
    assert Recomputation.objects.get(visit=november).cause == RecomputeCause.REMOVAL


def test_a_weighing_entered_late_rederives_the_weighing_after_it(kid, weigh):
    weigh(kid, date(2026, 9, 12), "9.0")
    november = weigh(kid, date(2026, 11, 9), "9.4")
    assert stored(november).growth_code == "O"

    weigh(kid, date(2026, 10, 10), "9.1")

    assert stored(november).growth_code == "N"


def test_a_corrected_birth_date_rederives_age_and_z_scores(kid, weigh, cast):
    visit = weigh(kid, date(2026, 10, 10), "9.0", length_cm=Decimal("75"), measured_lying=True)
    before = stored(visit)

    patient_update(by=cast["petugas"], patient=kid, name=kid.name, sex=kid.sex, birth_date=date(2025, 3, 10))

    after = stored(visit)
    assert after.age_days == (date(2026, 10, 10) - date(2025, 3, 10)).days
    assert after.waz < before.waz and after.haz < before.haz
    assert Recomputation.objects.get(visit=visit).cause == RecomputeCause.BIRTH_DATE
    assert set(CoverageChange.objects.filter(patient=kid, visit__isnull=True).values_list("month", flat=True)) \
        >= {date(2026, 10, 1)}


def test_a_corrected_sex_rederives_z_scores(kid, weigh, cast):
    visit = weigh(kid, date(2026, 10, 10), "9.0")
    boy = stored(visit).waz

    patient_update(by=cast["petugas"], patient=kid, name=kid.name, sex="P", birth_date=kid.birth_date)

    assert stored(visit).waz > boy  # the same weight is heavier for a girl
    assert Recomputation.objects.get(visit=visit).cause == RecomputeCause.SEX


def test_a_birth_date_after_a_visit_is_refused_and_nothing_changes(kid, weigh, cast):
    visit = weigh(kid, date(2026, 1, 10), "7.0")
    with pytest.raises(ValidationError) as refused:
        patient_update(by=cast["petugas"], patient=kid, name=kid.name, sex=kid.sex, birth_date=date(2026, 2, 1))
    assert "birth_date" in refused.value.error_dict
    kid.refresh_from_db()
    assert kid.birth_date == date(2025, 6, 10)
    assert stored(visit).age_days == (date(2026, 1, 10) - date(2025, 6, 10)).days


def test_a_merge_rederives_the_kept_childs_growth_codes(kid, weigh, cast):
    twin = PatientFactory(household=kid.household, name="Anak 31", sex="L", birth_date=kid.birth_date)
    weigh(twin, date(2026, 10, 10), "9.1")
    november = weigh(kid, date(2026, 11, 9), "9.4")
    assert stored(november).growth_code == "B"

    patients_merge(by=cast["petugas"], kept=kid, duplicate=twin)

    assert stored(november).growth_code == "N"
    assert Recomputation.objects.get(visit=november).cause == RecomputeCause.MERGE


def test_what_the_services_store_is_what_a_fresh_derivation_gives(kid, weigh, cast):
    for day, kg in ((date(2026, 7, 1), "8.6"), (date(2026, 8, 3), "8.8"), (date(2026, 8, 25), "8.9"),
                    (date(2026, 10, 2), "9.4"), (date(2026, 11, 2), "9.3")):
        weigh(kid, day, kg, length_cm=Decimal("74.5"), measured_lying=True)
    assert rederive_person(kid, cause=RecomputeCause.WEIGHING) == set()
    assert not Recomputation.objects.exists()


def test_z_scores_past_whos_flags_are_listed_not_stored(kid, weigh):
    visit = weigh(kid, date(2026, 10, 10), "25.0")
    m = stored(visit)
    assert m.waz is None and "waz" in m.flagged_z.split(",")


def test_a_confirmed_implausible_value_is_kept_on_the_visit(kid, weigh):
    visit = weigh(kid, date(2026, 10, 10), "25.0")
    assert "weight_kg" in visit.confirmed


def test_the_visit_page_names_the_z_scores_past_whos_flags(kid, weigh, client, cast):
    from django.urls import reverse
    from lxml import html

    visit = weigh(kid, date(2026, 10, 10), "25.0")
    client.force_login(cast["petugas"])
    tree = html.fromstring(client.get(reverse("clusters:visit", args=[visit.pk])).content.decode())
    shown = tree.xpath('//dd[@data-field="flagged_z"]')[0].text_content()
    assert "BB/U" in shown
