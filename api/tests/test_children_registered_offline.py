"""A child registered offline carries a temporary id: the server makes one
child of it however often it is sent, and rows sent with the temporary id
land on that child."""

import uuid

import pytest

from clusters.models import Visit
from patients.models import Patient

pytestmark = pytest.mark.django_db


def child(posyandu_day, temp_id, key=None):
    return {"key": key or str(uuid.uuid4()), "temp_id": temp_id, "mother": posyandu_day["mother"].pk,
            "name": "Dara", "sex": "P", "birth_date": "2026-10-01"}


def test_a_child_and_her_row_sent_in_one_outbox_are_stored_once(kader_api, posyandu_day):
    session = posyandu_day["session"]
    outbox = {"items": [
        {"kind": "child", "session": session.pk, "data": child(posyandu_day, "tmp-1")},
        {"kind": "row", "session": session.pk,
         "data": {"key": str(uuid.uuid4()), "temp_id": "tmp-1", "weight_kg": "4,2"}},
    ]}
    first = kader_api.post("/api/v1/outbox/", outbox, format="json").json()["results"]
    assert [r["status"] for r in first] == [201, 200]
    dara = Patient.objects.get(name="Dara")
    assert first[0]["body"]["patient"] == dara.pk and first[1]["body"]["patient"] == dara.pk

    again = kader_api.post("/api/v1/outbox/", outbox, format="json").json()["results"]
    assert [r["body"]["replayed"] for r in again] == [True, True]
    assert Patient.objects.filter(name="Dara").count() == 1
    assert Visit.objects.filter(session=session, patient=dara).count() == 1


def test_the_same_temporary_id_under_a_new_key_is_still_one_child(kader_api, posyandu_day):
    url = f"/api/v1/sessions/{posyandu_day['session'].pk}/children/"
    first = kader_api.post(url, child(posyandu_day, "tmp-2"), format="json")
    second = kader_api.post(url, child(posyandu_day, "tmp-2"), format="json")
    assert first.status_code == 201 and second.json()["patient"] == first.json()["patient"]
    assert Patient.objects.filter(name="Dara").count() == 1


def test_a_row_for_an_unknown_temporary_id_is_refused_and_names_it(kader_api, posyandu_day):
    session = posyandu_day["session"]
    response = kader_api.post(f"/api/v1/sessions/{session.pk}/rows/",
                              {"key": str(uuid.uuid4()), "temp_id": "tmp-x", "weight_kg": "4"}, format="json")
    assert response.status_code == 404 and response.json()["errors"][0]["field"] == "temp_id"


def test_an_outbox_item_in_another_area_fails_alone(kader_api, posyandu_day, cast, network):
    from clusters.models import PosyanduSession

    elsewhere = PosyanduSession.objects.create(posyandu=cast["kader_other"].scope_facility,
                                               date=posyandu_day["session"].date, opened_by=cast["kader_other"])
    adit = posyandu_day["children"][0]
    outbox = {"items": [
        {"kind": "row", "session": elsewhere.pk, "data": {"key": str(uuid.uuid4()), "patient": adit.pk,
                                                          "weight_kg": "7"}},
        {"kind": "row", "session": posyandu_day["session"].pk,
         "data": {"key": str(uuid.uuid4()), "patient": adit.pk, "weight_kg": "7"}},
    ]}
    results = kader_api.post("/api/v1/outbox/", outbox, format="json").json()["results"]
    assert [r["status"] for r in results] == [404, 200]
