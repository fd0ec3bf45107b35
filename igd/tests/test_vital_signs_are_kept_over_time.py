"""The IGD measures again while it observes: every set of vital signs is
kept, the arrival shows the latest, and one entered late for an earlier
time joins the readings without replacing the latest."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from igd.services import arrival_vitals

from .conftest import page_of


def test_each_reading_is_kept_and_the_latest_is_shown(arrive, perawat, client_of):
    arrival = arrive(minutes_ago=90)
    now = timezone.now()
    arrival_vitals(by=perawat, arrival=arrival, measured_at=now - timedelta(minutes=60),
                   vitals={"systolic": 90, "diastolic": 60, "pulse": 130})
    arrival_vitals(by=perawat, arrival=arrival, measured_at=now - timedelta(minutes=10),
                   vitals={"systolic": 110, "diastolic": 70, "pulse": 96, "temperature_c": Decimal("37.8")})
    arrival_vitals(by=perawat, arrival=arrival, measured_at=now - timedelta(minutes=80),
                   vitals={"systolic": 80, "diastolic": 50})  # written late, measured first

    arrival.refresh_from_db()
    assert (arrival.systolic, arrival.pulse, arrival.vitals_at) == (110, 96, now - timedelta(minutes=10))
    assert arrival.readings.count() == 3

    page = page_of(client_of(perawat).get(reverse("igd:arrival", args=[arrival.pk])))
    latest = page.get_element_by_id("vitals").text_content()
    assert "110/70" in latest and "37,8" in latest
    readings = [li.text_content() for li in page.xpath("//ol[@id='vitals-readings']/li")]
    assert [("110/70" in r, "90/60" in r, "80/50" in r) for r in readings] == [
        (True, False, False), (False, True, False), (False, False, True)]


def test_one_reading_shows_no_separate_list(arrive, perawat, client_of):
    arrival = arrive(minutes_ago=30)
    arrival_vitals(by=perawat, arrival=arrival, measured_at=timezone.now(), vitals={"spo2": 97})
    page = page_of(client_of(perawat).get(reverse("igd:arrival", args=[arrival.pk])))
    assert "SpO2 97%" in page.get_element_by_id("vitals").text_content()
    assert not page.xpath("//ol[@id='vitals-readings']")
