"""What saving a Posyandu row answers (the page's script relies on it): the
stored result, the values to refill, or errors that name their field."""

from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings
from django.utils import timezone

from clusters.models import Measurement, PosyanduSession, Visit
from patients.tests.factories import PatientFactory


@pytest.fixture
def session(client, cast, family):
    client.force_login(cast["kader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    posyandu = cast["kader"].scope_facility
    return PosyanduSession.objects.create(posyandu=posyandu, date=timezone.localdate(), opened_by=cast["kader"])


@pytest.fixture
def baby(family):
    """Eight months old."""
    return PatientFactory(household=family["household"], name="Dewi", sex="P",
                          birth_date=timezone.localdate() - timedelta(days=243))


def save_row(client, session, child, **data):
    return client.post(f"/kunjungan/sesi/{session.pk}/anak/{child.pk}/", data, HTTP_X_REQUESTED_WITH="fetch")


def test_a_saved_row_answers_with_the_result_and_the_values_to_refill(client, session, baby):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    response = save_row(client, session, baby, weight_kg="8,40", length_cm="69", measured_lying="lying",
                        vitamin_a="on")
    data = response.json()
    assert response.status_code == 200 and set(data) == {"ok", "visit", "result_html", "values"}
    assert data["ok"] is True and data["visit"] == Visit.objects.get(session=session).pk
    assert data["values"]["weight_kg"] == "8,4" and data["values"]["length_cm"] == "69"
    assert data["values"]["measured_lying"] == "lying" and data["values"]["vitamin_a"] == "on"
    fragment = lxml.html.fragment_fromstring(data["result_html"], create_parent="div")
    assert fragment.text_content().strip()


def test_a_row_posted_back_with_its_refilled_values_saves_again(client, session, baby):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    values = save_row(client, session, baby, weight_kg="8.4", measured_lying="lying").json()["values"]
    again = save_row(client, session, baby, **{k: v for k, v in values.items() if v})
    assert again.status_code == 200, again.json()
    assert str(Measurement.objects.get(visit__session=session).weight_kg) == "8.40"


def test_errors_name_their_field(client, session, baby):
    response = save_row(client, session, baby, weight_kg="x", length_cm="y", muac_cm="z")
    data = response.json()
    assert response.status_code == 400 and data["ok"] is False and data["needs_confirmation"] is False
    assert data["errors"] == {"weight_kg": ["Weight (kg): Enter a number."],
                              "length_cm": ["Length/height (cm): Enter a number."],
                              "muac_cm": ["LiLA (cm): Enter a number."]}
    assert not Visit.objects.exists()


def test_a_service_s_error_names_its_field_too(client, session, baby):
    data = save_row(client, session, baby, weight_kg="400").json()
    assert data["errors"]["weight_kg"][0].startswith("Weight (kg): Must be between")


def test_without_script_the_messages_name_their_field(client, session, baby):
    response = client.post(f"/kunjungan/sesi/{session.pk}/anak/{baby.pk}/", {"weight_kg": "x"}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert "Weight (kg): Enter a number." in texts


def test_an_empty_row_stores_nothing_and_says_so(client, session, baby):
    response = save_row(client, session, baby, measured_lying="lying", weight_kg="", confirm_warnings="")
    assert response.status_code == 400
    assert response.json() == {"ok": False, "empty": True,
                               "errors": {"__all__": ["Nothing entered for this child: nothing was saved."]}}
    assert not Visit.objects.exists() and not Measurement.objects.exists()


def test_a_saved_row_cleared_of_everything_is_refused_not_deleted(client, session, baby):
    save_row(client, session, baby, weight_kg="8.4")
    response = save_row(client, session, baby, measured_lying="lying")
    data = response.json()
    assert response.status_code == 400 and data["needs_confirmation"] is False and data["errors"]["__all__"]
    assert str(Measurement.objects.get(visit__session=session).weight_kg) == "8.40"


def test_a_vaccine_alone_is_something_entered(client, session, baby):
    assert save_row(client, session, baby, vitamin_a="on").status_code == 200
    assert Visit.objects.filter(session=session).count() == 1


def test_an_implausible_weight_needs_confirming_and_says_why(client, session, baby):
    response = save_row(client, session, baby, weight_kg="19")
    data = response.json()
    assert response.status_code == 400 and data["needs_confirmation"] is True
    assert all(m.startswith("Weight (kg): ") for m in data["errors"]["weight_kg"])
    assert "Weight-for-age z-score" in data["errors"]["weight_kg"][0]
    assert not Visit.objects.exists()
    confirmed = save_row(client, session, baby, weight_kg="19", confirm_warnings="on")
    assert confirmed.status_code == 200
    m = Measurement.objects.get(visit__session=session)
    assert str(m.weight_kg) == "19.00" and m.waz is None  # WHO: a flagged z-score is not kept


def test_the_session_page_gives_each_row_the_last_weight(client, session, baby, cast, network):
    from clusters.services import visit_record

    visit_record(by=cast["petugas"], patient=baby, facility=network["36.01"]["puskesmas"],
                 date=timezone.localdate() - timedelta(days=30), package="balita", measurements={"weight_kg": 8.1},
                 confirm_warnings=True)
    response = client.get(f"/kunjungan/posyandu/{session.posyandu_id}/{session.date.isoformat()}/")
    row = next(r for r in response.context["rows"] if r["child"] == baby)
    assert float(row["last_weight"]) == 8.1 and row["last_weight_date"] == timezone.localdate() - timedelta(days=30)
