"""BOR and ALOS of a month against a hand count: three beds in March 2026,
four stays.

  A  27 Feb 10:00 – 3 Mar      stay 4, in March 1–2 Mar         2 patient-days
  B  10 Mar 08:00 – 10 Mar 20:00  stay 1 (same day)             1
  C  20 Mar – 5 Apr            not discharged in March, 20–31  12
  D  30 Mar – 31 Mar           stay 1                           1

Patient-days 16; BOR = 16 / (3 × 31) × 100 = 17.2 %; ALOS = (4 + 1 + 1) / 3
= 2.0 days; admitted in March 3 (B, C, D), discharged 3 (A, B, D)."""

from datetime import date
from decimal import Decimal

import pytest

from facilities.models import Facility
from inpatient import services
from inpatient.models import Outcome
from inpatient.selectors import ward_month


def stay(nurse, patient, bed, at, start, end, outcome=Outcome.RECOVERED):
    admission = services.admission_open(by=nurse, patient=patient, facility=bed.facility, bed=bed,
                                        admitted_at=at(*start), diagnosis_code="A09")
    return services.admission_discharge(by=nurse, admission=admission, discharged_at=at(*end), outcome=outcome)


@pytest.fixture
def march(nurse, beds, people, at):
    son, mother = people["son"], people["mother"]
    stay(nurse, son, beds[0], at, (date(2026, 2, 27), 10), (date(2026, 3, 3), 9))
    stay(nurse, son, beds[1], at, (date(2026, 3, 10), 8), (date(2026, 3, 10), 20))
    stay(nurse, mother, beds[1], at, (date(2026, 3, 20), 8), (date(2026, 4, 5), 9), Outcome.DIED)
    stay(nurse, son, beds[0], at, (date(2026, 3, 30), 8), (date(2026, 3, 31), 9))


def test_the_ward_of_march_matches_the_hand_count(march, ward, django_assert_num_queries):
    with django_assert_num_queries(3):
        [figures] = ward_month(facilities_qs=Facility.objects.all(), month=date(2026, 3, 15))
    assert (figures.facility_id, figures.beds, figures.days) == (ward.pk, 3, 31)
    assert figures.patient_days == 16
    assert figures.bor == Decimal("17.2")
    assert figures.alos == Decimal("2.0")
    assert (figures.admissions, figures.discharges, figures.deaths) == (3, 3, 0)


def test_april_counts_the_death_and_the_rest_of_its_stay(march):
    [figures] = ward_month(facilities_qs=Facility.objects.all(), month=date(2026, 4, 1))
    assert (figures.patient_days, figures.discharges, figures.deaths) == (4, 1, 1)
    assert figures.alos == Decimal("16.0")  # 20 Mar to 5 Apr


def test_a_ward_without_discharges_or_beds_has_no_figure_rather_than_zero(ward, network):
    [figures] = ward_month(facilities_qs=Facility.objects.all(), month=date(2026, 3, 1))
    assert figures.beds == 0 and figures.bor is None and figures.alos is None


def test_only_puskesmas_rawat_inap_are_listed(march, network):
    assert [f.facility_name for f in ward_month(facilities_qs=Facility.objects.all(), month=date(2026, 3, 1))] == [
        network["36.01"]["puskesmas"].name]
