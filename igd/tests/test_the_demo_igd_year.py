"""The demo district's IGD year: every Puskesmas has arrivals all year with
the four triage levels, triage and outcome after arrival, a few people
registered on arrival, and seeding again replaces the year."""

from datetime import date

import pytest

from demo.igd import build_igd
from facilities.models import Facility, FacilityType
from igd.models import Arrival, Outcome, Triage
from igd.selectors import igd_month

TODAY = date(2026, 11, 25)


@pytest.fixture
def igd_year(network):
    from demo.people import build_people

    build_people("36.01", 300, seed=5, today=TODAY)
    return build_igd("36.01", seed=5, today=TODAY)


def test_every_puskesmas_has_a_year_of_arrivals_with_the_four_levels(igd_year):
    assert igd_year.arrivals == Arrival.objects.count() > 0
    pkms = Facility.objects.filter(district_id="36.01", type=FacilityType.PUSKESMAS)
    assert set(Arrival.objects.values_list("facility_id", flat=True).distinct()) == set(pkms.values_list(
        "pk", flat=True))
    assert set(Arrival.objects.values_list("triage", flat=True).distinct()) >= set(Triage.values)
    assert not Arrival.objects.filter(outcome=Outcome.ADMITTED, facility__inpatient=False).exists()


def test_times_follow_the_arrival_and_some_were_registered_on_arrival(igd_year):
    for arrived, triaged, closed in Arrival.objects.values_list("arrived_at", "triaged_at", "closed_at"):
        assert triaged is None or triaged >= arrived
        assert closed is None or closed >= triaged
    quick = Arrival.objects.filter(quick_registered=True)
    assert igd_year.quick == quick.count() > 0
    assert all(a.patient.provisional for a in quick.select_related("patient"))


def test_the_month_summary_reads_the_demo(igd_year):
    rows = igd_month(facilities_qs=Facility.objects.filter(district_id="36.01"), month=date(2026, 10, 1))
    assert all(r.arrivals > 0 and r.median_minutes_to_triage is not None for r in rows)


def test_seeding_again_replaces_the_year(igd_year):
    again = build_igd("36.01", seed=5, today=TODAY)
    assert again.arrivals == igd_year.arrivals == Arrival.objects.count()
    assert again.quick == Arrival.objects.filter(quick_registered=True).count()
