"""The demo's inpatient year: the Puskesmas rawat inap has its beds, each
of its PERSALINAN visits is a delivery admission naming that visit (so the
delivery still counts once), a bed never holds two people at once, and the
month's BOR is a rate a ward can have."""

from datetime import date

import pytest

from clusters.models import Visit
from demo.inpatient import BEDS, build_inpatient
from facilities.models import Facility
from inpatient.models import Admission, Bed, DailyNote
from inpatient.selectors import ward_month

TODAY = date(2026, 11, 25)


@pytest.fixture
def ward_year(network):
    from demo.people import build_people
    from demo.visits import build_visits

    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    build_people("36.01", 600, seed=5, today=TODAY)
    build_visits("36.01", seed=5, today=TODAY)
    visits_before = Visit.objects.count()
    return pkm, visits_before, build_inpatient("36.01", seed=5, today=TODAY)


def test_the_ward_has_beds_admissions_deliveries_and_notes(ward_year):
    pkm, visits_before, result = ward_year
    assert Bed.objects.filter(facility=pkm).count() == BEDS
    assert result.admissions == Admission.objects.count() > 50
    assert result.notes == DailyNote.objects.count() > 0
    assert Visit.objects.count() == visits_before  # no visit added: deliveries are the demo's own


def test_every_delivery_admission_names_its_persalinan_visit_once(ward_year):
    pkm = ward_year[0]
    deliveries = Admission.objects.filter(delivery=True)
    persalinan = set(Visit.objects.filter(facility=pkm, services__code="PERSALINAN").values_list("pk", flat=True))
    named = list(deliveries.values_list("delivery_visit_id", flat=True))
    assert named and len(named) == len(set(named)) and set(named) <= persalinan


def test_a_bed_never_holds_two_people_at_once(ward_year):
    stays: dict[int, list] = {}
    for bed, start, end in Admission.objects.values_list("bed_id", "admitted_at", "discharged_at"):
        stays.setdefault(bed, []).append((start, end))
    for spans in stays.values():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end is not None and end <= start


def test_a_months_bor_is_a_rate_a_ward_can_have(ward_year):
    [figures] = ward_month(facilities_qs=Facility.objects.all(), month=date(2026, 6, 1))
    assert 0 < figures.bor <= 100 and figures.alos >= 1


def test_every_admitted_igd_arrival_has_its_admission_at_its_outcome_time(network):
    from demo.igd import build_igd
    from demo.people import build_people
    from igd.models import Arrival, Outcome

    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    build_people("36.01", 300, seed=6, today=TODAY)
    build_igd("36.01", seed=6, today=TODAY)
    build_inpatient("36.01", seed=6, today=TODAY)
    admitted = Arrival.objects.filter(outcome=Outcome.ADMITTED)
    assert admitted.count() > 10
    pairs = {a.arrival_id: a for a in Admission.objects.filter(arrival__isnull=False)}
    assert set(pairs) == set(admitted.values_list("pk", flat=True))
    for arrival in admitted:
        admission = pairs[arrival.pk]
        assert (admission.patient_id, admission.facility_id, admission.admitted_at) == (
            arrival.patient_id, arrival.facility_id, arrival.closed_at)


def test_a_person_admitted_from_two_igds_at_once_lies_in_one_bed(network, people, cast):
    """Two wards' IGDs admitting the same person an hour apart (a small
    district's Puskesmas share its people): the later finds them in a bed
    and is referred, so no person lies in two beds at once."""
    from datetime import datetime, timedelta

    from django.utils import timezone

    from igd.models import Arrival, Outcome

    home, other = network["36.01"]["puskesmas"], network["36.01"]["puskesmas_b"]
    Facility.objects.filter(pk__in=[home.pk, other.pk]).update(inpatient=True)
    person, today = people["son"], timezone.localdate()
    at = timezone.make_aware(datetime.combine(today - timedelta(days=2), datetime.min.time())) + timedelta(hours=10)
    arrivals = [Arrival.objects.create(patient=person, facility=ward, district_id="36.01", arrived_at=at + lag,
                                       outcome=Outcome.ADMITTED, closed_at=at + lag + timedelta(minutes=30),
                                       created_by=cast["petugas"])
                for ward, lag in ((home, timedelta(0)), (other, timedelta(hours=1)))]

    build_inpatient("36.01", seed=5, today=today)

    spans = sorted(Admission.objects.filter(patient=person).values_list("admitted_at", "discharged_at"))
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end is not None and end <= start
    assert Arrival.objects.get(pk=arrivals[1].pk).outcome == Outcome.REFERRED
