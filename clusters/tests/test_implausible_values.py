"""Values that are possible but unlikely are saved only once the health worker
confirms them, with the reason shown; values outside the plausible range are
refused."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from clusters.measurements import check_ranges, growth_warnings, weight_change_warnings
from clusters.models import Service, Visit
from clusters.services import visit_record
from patients.services import NeedsConfirmation
from patients.tests.factories import PatientFactory

BORN = date(2025, 1, 1)


def test_19_kg_at_8_months_is_flagged_by_its_weight_for_age():
    with translation.override("en"):
        warnings = growth_warnings({"weight_kg": Decimal("19")}, sex="L", birth_date=BORN, on=date(2025, 9, 1))
    assert list(warnings) == ["weight_kg"] and "Weight-for-age z-score" in warnings["weight_kg"][0]


def test_an_ordinary_child_raises_no_growth_warning():
    values = {"weight_kg": Decimal("8.5"), "length_cm": Decimal("70"), "measured_lying": True}
    assert growth_warnings(values, sex="L", birth_date=BORN, on=date(2025, 9, 1)) == {}


def test_a_length_far_beyond_the_age_is_flagged_on_the_length():
    warnings = growth_warnings({"length_cm": Decimal("105")}, sex="P", birth_date=BORN, on=date(2025, 9, 1))
    assert "length_cm" in warnings


@pytest.mark.parametrize("before, now, days, flagged", [
    ("8.0", "8.9", 30, False),  # a big but possible monthly gain
    ("8.0", "9.5", 30, True),  # 1.5 kg in a month at 8 months
    ("8.0", "9.5", 61, False),  # the same over two months
    ("4.0", "5.5", 30, False),  # first months: up to 1.6 kg
    ("8.0", "6.0", 200, True),  # a loss of a quarter of the weight
    ("8.0", "7.5", 30, False),
])
def test_a_weight_change_beyond_what_the_time_allows_is_flagged(before, now, days, flagged):
    on = date(2025, 9, 1) if Decimal(before) > 5 else date(2025, 2, 15)
    warnings = weight_change_warnings(Decimal(now), (on - timedelta(days=days), Decimal(before)),
                                      birth_date=BORN, on=on)
    assert bool(warnings) is flagged


@pytest.mark.parametrize("values, field", [
    ({"systolic": 230, "diastolic": 100}, "systolic"),
    ({"glucose_mg_dl": 550, "glucose_fasting": False}, "glucose_mg_dl"),
])
def test_blood_pressure_and_glucose_near_the_edges_are_warnings(values, field):
    errors, warnings = check_ranges(values, years=40)
    assert not errors and field in warnings


def test_a_warning_shows_the_number_the_indonesian_way():
    with translation.override("id"):
        _errors, warnings = check_ranges({"weight_kg": Decimal("1.2")}, years=0)
    assert "1,2" in warnings["weight_kg"][0]


def record(patient, facility, by, day, weight, confirm=False):
    return visit_record(by=by, patient=patient, facility=facility, date=day, package="balita",
                        services=list(Service.objects.filter(code="WEIGHING")),
                        measurements={"weight_kg": Decimal(weight)}, confirm_warnings=confirm)


def test_a_visit_with_a_jump_since_the_last_weighing_waits_for_confirmation(cast, family, network):
    today = timezone.localdate()
    child = PatientFactory(household=family["household"], sex="L", birth_date=today - timedelta(days=300))
    facility = network["36.01"]["puskesmas"]
    record(child, facility, cast["petugas"], today - timedelta(days=30), "8.5")
    with pytest.raises(NeedsConfirmation) as exc:
        record(child, facility, cast["petugas"], today, "10.5")
    assert "weight_kg" in exc.value.message_dict and Visit.objects.count() == 1
    record(child, facility, cast["petugas"], today, "10.5", confirm=True)
    assert Visit.objects.count() == 2


def test_a_value_outside_the_plausible_range_is_refused_even_when_confirmed(cast, family, network):
    with pytest.raises(ValidationError) as exc:
        record(family["toddler"], network["36.01"]["puskesmas"], cast["petugas"], timezone.localdate(), "45",
               confirm=True)
    assert not isinstance(exc.value, NeedsConfirmation) and "weight_kg" in exc.value.message_dict
