"""The time from arrival to triage is kept with the arrival, shown on its
page, and summarised per Puskesmas as the month's median; a triage before
the arrival is refused, naming the field."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from facilities.models import Facility
from igd.models import Outcome, Triage
from igd.selectors import igd_month
from igd.services import arrival_close, arrival_register, arrival_triage

from .conftest import page_of


def test_the_arrival_page_shows_the_minutes_from_arrival_to_triage(perawat, arrive, client_of):
    arrival = arrive(minutes_ago=40)
    arrival = arrival_triage(by=perawat, arrival=arrival, level=Triage.YELLOW,
                             triaged_at=arrival.arrived_at + timedelta(minutes=12, seconds=30))
    assert arrival.minutes_to_triage == 12
    page = page_of(client_of(perawat).get(reverse("igd:arrival", args=[arrival.pk])))
    assert page.get_element_by_id("minutes-to-triage").get("data-minutes") == "12"


def test_a_triage_before_the_arrival_is_refused_naming_the_field(perawat, arrive, client_of):
    arrival = arrive(minutes_ago=30)
    with pytest.raises(ValidationError) as exc:
        arrival_triage(by=perawat, arrival=arrival, level=Triage.RED,
                       triaged_at=arrival.arrived_at - timedelta(minutes=5))
    assert "Waktu triase" in exc.value.message_dict["triaged_at"][0]
    early = timezone.localtime(arrival.arrived_at - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    response = client_of(perawat).post(reverse("igd:triage", args=[arrival.pk]),
                                       {"level": "merah", "triaged_at": early, "chief_complaint": "Nyeri dada"})
    assert response.status_code == 200
    page = page_of(response)
    assert "Waktu triase" in page.get_element_by_id("triage-errors").text_content()
    assert page.get_element_by_id("id_chief_complaint").get("value") == "Nyeri dada"  # kept as typed


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def test_the_month_summary_gives_the_median_minutes_to_triage_per_puskesmas(perawat, pkm, network):
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    other = network["36.01"]["puskesmas_b"]
    # Home Puskesmas: waits of 2, 10, 30 and 4 minutes (median 7), one not triaged.
    for day, wait, level in ((1, 2, Triage.RED), (3, 10, Triage.YELLOW), (9, 30, Triage.GREEN),
                             (20, 4, Triage.YELLOW)):
        a = arrival_register(by=perawat, facility=pkm, arrived_at=_at(last_month.replace(day=day), 8),
                             quick={"name": "Tn. X", "sex": "L", "age_years": 30})
        arrival_triage(by=perawat, arrival=a, level=level, triaged_at=a.arrived_at + timedelta(minutes=wait))
        arrival_close(by=perawat, arrival=a, outcome=Outcome.HOME if day != 9 else Outcome.REFERRED,
                      closed_at=a.arrived_at + timedelta(hours=1), referred_to="RSUD" if day == 9 else "")
    arrival_register(by=perawat, facility=pkm, arrived_at=_at(last_month.replace(day=21), 8),
                     quick={"name": "Ny. X", "sex": "P", "age_years": 30})
    # Arrivals of another month are not counted.
    arrival_register(by=perawat, facility=pkm, arrived_at=_at(last_month - timedelta(days=1), 8),
                     quick={"name": "Tn. Y", "sex": "L", "age_years": 30})

    rows = igd_month(facilities_qs=Facility.objects.filter(district_id="36.01"), month=last_month)
    by_pk = {r.facility_id: r for r in rows}
    home = by_pk[pkm.pk]
    assert home.arrivals == 5
    assert home.triage == {"merah": 1, "kuning": 2, "hijau": 1, "hitam": 0}
    assert home.untriaged == 1
    assert home.median_minutes_to_triage == 7
    assert home.outcomes == {"home": 3, "admitted": 0, "referred": 1, "died": 0}
    assert home.open == 1
    assert by_pk[other.pk].arrivals == 0 and by_pk[other.pk].median_minutes_to_triage is None
