"""Odd input never ends in a server error: a far day on the register, a
non-ASCII digit as a person's id, a year-1 arrival time; and a closed
arrival takes no more triage, vital signs or actions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from igd.models import Outcome, Triage
from igd.services import arrival_actions, arrival_close, arrival_triage, arrival_vitals

from .conftest import page_of


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-13-01", "x"])
def test_a_far_or_malformed_day_shows_today(perawat, client_of, day):
    response = client_of(perawat).get(reverse("igd:register"), {"day": day})
    assert response.status_code == 200


@pytest.mark.parametrize("pk", ["²", "1²", "9" * 30])
def test_an_odd_person_id_is_not_found(perawat, client_of, pk):
    assert client_of(perawat).get(reverse("igd:arrival_new"), {"patient": pk}).status_code == 404


def test_a_year_one_arrival_time_is_refused_naming_the_field(perawat, client_of):
    response = client_of(perawat).post(reverse("igd:arrival_new"), {
        "arrived_at": "0001-01-01T00:00", "name": "Tn. X", "sex": "L", "age_years": "40"})
    assert response.status_code in (200, 400)
    assert "Waktu datang" in page_of(response).get_element_by_id("arrival-errors").text_content()


def test_a_closed_arrival_takes_no_more_triage_vitals_or_actions(perawat, arrive):
    arrival = arrive(minutes_ago=60)
    arrival_close(by=perawat, arrival=arrival, outcome=Outcome.HOME,
                  closed_at=arrival.arrived_at + timedelta(minutes=30))
    with pytest.raises(ValidationError):
        arrival_triage(by=perawat, arrival=arrival, level=Triage.GREEN,
                       triaged_at=arrival.arrived_at + timedelta(minutes=40))
    with pytest.raises(ValidationError):
        arrival_vitals(by=perawat, arrival=arrival, measured_at=arrival.arrived_at + timedelta(minutes=40),
                       vitals={"pulse": 80})
    with pytest.raises(ValidationError):
        arrival_actions(by=perawat, arrival=arrival, actions=["oxygen"])
