"""A session row written through the API: stored with the server's
z-scores, once per key, refused with errors that name their field, and never
applied over a change made on the server since the row was read."""

import uuid

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from api.writes import row_body
from clusters.models import Measurement, Visit

pytestmark = pytest.mark.django_db


def rows_url(session):
    return f"/api/v1/sessions/{session.pk}/rows/"


def post_row(client, session, child, **data):
    return client.post(rows_url(session), {"key": str(uuid.uuid4()), "patient": child.pk, **data}, format="json")


def test_a_row_is_stored_with_the_servers_z_scores(kader_api, posyandu_day):
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    response = post_row(kader_api, session, adit, weight_kg="7,6", length_cm="66,5", measured_lying="lying")
    assert response.status_code == 200, response.json()
    body = response.json()
    m = Measurement.objects.get(visit__session=session, visit__patient=adit)
    assert body["visit"] == m.visit_id and body["patient"] == adit.pk
    assert body["result"]["waz"] == str(m.waz) and body["result"]["haz"] == str(m.haz)
    assert body["result"]["growth_code"] == "B" and body["values"]["weight_kg"] == "7,6"
    assert body["version"]


def test_the_answer_is_the_row_as_the_server_reads_it_back(kader_api, posyandu_day):
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    for data in ({"weight_kg": "7,63", "length_cm": "66,4", "muac_cm": "13,1", "measured_lying": "lying",
                  "vitamin_a": True, "immunisation": "IMM_MR1"},
                 {"weight_kg": "7,63", "immunisations": ["IMM_DPT1", "IMM_OPV2", "IMM_PCV1"]},
                 {"weight_kg": "7,71", "base_version": None}, {"vitamin_a": True}):
        Visit.objects.filter(session=session, patient=adit).delete()
        response = post_row(kader_api, session, adit, **data)
        assert response.status_code == 200, response.json()
        body = response.json()
        body.pop("key")
        stored = Visit.objects.select_related("measurement").prefetch_related("services").get(pk=body["visit"])
        assert body == row_body(stored)
        assert stored.history.count() == 1 and {s.service.code for s in stored.history.get().services.all()} == {
            s.code for s in stored.services.all()}


def test_the_same_key_sent_twice_is_stored_once_and_answered_the_same(kader_api, posyandu_day):
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    data = {"key": str(uuid.uuid4()), "patient": adit.pk, "weight_kg": "7.6"}
    first = kader_api.post(rows_url(session), data, format="json").json()
    second = kader_api.post(rows_url(session), data, format="json").json()
    assert Visit.objects.filter(session=session, patient=adit).count() == 1
    assert second.pop("replayed") is True and second == first


def test_bad_values_are_refused_with_errors_naming_the_field_in_indonesian(kader_api, posyandu_day):
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    response = post_row(kader_api, session, adit, weight_kg="abc")
    assert response.status_code == 400
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert set(errors) == {"weight_kg"}
    assert errors["weight_kg"]["message"].startswith("Berat") and errors["weight_kg"]["code"] == "invalid"
    too_long = post_row(kader_api, session, adit, weight_kg="7", length_cm="400")
    assert [e["field"] for e in too_long.json()["errors"]] == ["length_cm"]
    assert not Visit.objects.filter(session=session).exists()


def test_a_value_to_confirm_is_refused_until_confirmed(kader_api, posyandu_day):
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    response = post_row(kader_api, session, adit, weight_kg="19")
    assert response.status_code == 400 and response.json()["needs_confirmation"] is True
    assert {e["code"] for e in response.json()["errors"]} == {"needs_confirmation"}
    confirmed = post_row(kader_api, session, adit, weight_kg="19", confirm_warnings=True)
    assert confirmed.status_code == 200


def test_a_row_changed_on_the_server_since_it_was_read_is_a_conflict(kader_api, posyandu_day):
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    roster = kader_api.get(f"/api/v1/sessions/{session.pk}/roster/").json()
    read = next(c for c in roster["children"] if c["id"] == adit.pk)
    assert read["row"] is None
    post_row(kader_api, session, adit, weight_kg="7,6")  # another kader, meanwhile

    offline = post_row(kader_api, session, adit, weight_kg="7,9", base_version=None)
    assert offline.status_code == 409
    body = offline.json()
    assert body["errors"][0]["code"] == "conflict" and body["server"]["values"]["weight_kg"] == "7,6"
    assert str(Measurement.objects.get(visit__session=session).weight_kg) == "7.60"

    chosen = post_row(kader_api, session, adit, weight_kg="7,9", base_version=body["server"]["version"])
    assert chosen.status_code == 200
    assert str(Measurement.objects.get(visit__session=session).weight_kg) == "7.90"


def test_another_posyandus_session_is_not_found(cast, posyandu_day):
    client = APIClient()
    client.force_authenticate(cast["kader_other"])
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    response = post_row(client, session, adit, weight_kg="7,6")
    assert response.status_code == 404 and response.json()["errors"][0]["code"] == "not_found"
    assert client.get(f"/api/v1/sessions/{session.pk}/roster/").status_code == 404


def test_a_token_authenticates_and_no_credentials_get_a_401(cast, posyandu_day):
    session = posyandu_day["session"]
    anonymous = APIClient().get(f"/api/v1/sessions/{session.pk}/roster/")
    assert anonymous.status_code == 401 and anonymous.json()["errors"][0]["code"] == "not_authenticated"
    token = Token.objects.create(user=cast["kader"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    roster = client.get(f"/api/v1/sessions/{session.pk}/roster/")
    assert roster.status_code == 200
    assert {c["name"] for c in roster.json()["children"]} == {"Adit", "Bunga", "Cahya"}


def test_a_token_client_gets_messages_in_the_language_it_asks_for(cast, posyandu_day):
    token = Token.objects.create(user=cast["kader"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="en")
    session, adit = posyandu_day["session"], posyandu_day["children"][0]
    response = post_row(client, session, adit, weight_kg="abc")
    assert response.json()["errors"][0]["message"] == "Weight (kg): Enter a number."
