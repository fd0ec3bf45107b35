"""Vital signs are typed on the numeric keypad with a comma or a point as the
decimal mark; an implausible value is refused with a message naming the
field, and everything typed stays in the form."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from .conftest import page_of


def _post(client, arrival, **values):
    data = {"vitals_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), **values}
    return client.post(reverse("igd:vitals", args=[arrival.pk]), data)


def test_a_temperature_with_a_decimal_comma_is_saved(perawat, arrive, client_of):
    arrival = arrive()
    response = _post(client_of(perawat), arrival, systolic="130", diastolic="85", temperature_c="38,5",
                     spo2="95", gcs="15")
    assert response.status_code == 302
    arrival.refresh_from_db()
    assert (arrival.systolic, arrival.temperature_c, arrival.spo2, arrival.gcs) == (130, Decimal("38.5"), 95, 15)


def test_an_implausible_value_is_named_and_what_was_typed_is_kept(perawat, arrive, client_of):
    arrival = arrive()
    response = _post(client_of(perawat), arrival, systolic="1200", pulse="88", temperature_c="36,8", spo2="abc")
    assert response.status_code == 200
    page = page_of(response)
    errors = page.get_element_by_id("vitals-errors").text_content()
    assert "Tekanan darah sistolik" in errors
    assert "SpO2" in errors
    assert page.get_element_by_id("id_pulse").get("value") == "88"
    assert page.get_element_by_id("id_temperature_c").get("value") == "36,8"
    arrival.refresh_from_db()
    assert arrival.vitals_at is None


def test_a_diastolic_above_the_systolic_is_refused(perawat, arrive, client_of):
    arrival = arrive()
    response = _post(client_of(perawat), arrival, systolic="80", diastolic="120")
    assert "Tekanan darah diastolik" in page_of(response).get_element_by_id("vitals-errors").text_content()


def test_the_vital_signs_use_the_numeric_keypad(perawat, arrive, client_of):
    page = page_of(client_of(perawat).get(reverse("igd:arrival", args=[arrive().pk])))
    for name in ("systolic", "diastolic", "pulse", "respiratory_rate", "spo2", "gcs"):
        assert page.get_element_by_id(f"id_{name}").get("inputmode") == "numeric"
    assert page.get_element_by_id("id_temperature_c").get("inputmode") == "decimal"
