"""A phone that lost the server's answer sends its outbox again, or two of
its retries race: ten rows, a child registered offline (a temp_id) and that
child's row are stored once, and every sending gets the same answers (only
`replayed` tells the copies from the first)."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from api.models import Submission
from clusters import services
from clusters.models import Visit
from patients.models import Patient
from patients.tests.factories import HouseholdFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 4
BABY = "Bayi Outbox"


@pytest.fixture
def sync(cast):
    """A kader's session with ten children under five and their mother, and
    the outbox the kader's phone built offline."""
    kader = cast["kader"]
    posyandu = kader.scope_facility
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=posyandu)
    mother = PatientFactory(household=household, name="Ibu Wati", sex="P", birth_date=today - timedelta(days=29 * 365))
    children = [PatientFactory(household=household, name=f"Balita {i}", sex="LP"[i % 2], mother=mother,
                               birth_date=today - timedelta(days=200 + 100 * i)) for i in range(10)]
    session = services.session_open(by=kader, posyandu=posyandu, day=today)

    def kg(child):  # a plausible weight for the age, typed with a decimal comma
        months = (today - child.birth_date).days / 30.4
        return f"{6 + months * 0.25:.1f}".replace(".", ",")

    items = [{"kind": "row", "session": session.pk,
              "data": {"key": str(uuid.uuid4()), "patient": c.pk, "weight_kg": kg(c), "base_version": None}}
             for c in children]
    items.append({"kind": "child", "session": session.pk, "data": {
        "key": str(uuid.uuid4()), "temp_id": "tmp-bayi-1", "mother": mother.pk, "name": BABY, "sex": "P",
        "birth_date": (today - timedelta(days=40)).isoformat()}})
    items.append({"kind": "row", "session": session.pk, "data": {
        "key": str(uuid.uuid4()), "temp_id": "tmp-bayi-1", "weight_kg": "4,6", "base_version": None}})
    return {"session": session, "children": children, "outbox": {"items": items},
            "token": Token.objects.create(user=kader).key}


def _send(sync) -> list[dict]:
    client = Client(HTTP_AUTHORIZATION=f"Token {sync['token']}")
    response = client.post("/api/v1/outbox/", sync["outbox"], content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _without_replayed(results):
    return [(r["key"], r["status"], {k: v for k, v in r["body"].items() if k != "replayed"}) for r in results]


def _stored_once(sync):
    session = sync["session"]
    baby = Patient.objects.get(name=BABY)  # one child, not two
    visits = list(Visit.objects.filter(session=session).values_list("patient_id", flat=True))
    assert sorted(visits) == sorted([c.pk for c in sync["children"]] + [baby.pk])  # one visit each
    keys = {item["data"]["key"] for item in sync["outbox"]["items"]}
    assert Submission.objects.filter(key__in=keys).count() == len(keys)
    assert Submission.objects.get(temp_id="tmp-bayi-1").patient_id == baby.pk
    return baby


def test_an_outbox_sent_twice_is_stored_once_and_answered_the_same(sync):
    first = _send(sync)
    assert [r["status"] for r in first] == [200] * 10 + [201, 200], first
    assert not any(r["body"].get("replayed") for r in first)
    again = _send(sync)
    assert all(r["body"].get("replayed") is True for r in again)
    assert _without_replayed(again) == _without_replayed(first)
    baby = _stored_once(sync)
    assert first[10]["body"]["patient"] == first[11]["body"]["patient"] == baby.pk


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite lets one writer in at a time (IMMEDIATE "
                    "transactions), so sendings cannot race; the race is PostgreSQL's")
def test_an_outbox_sent_from_several_threads_at_once_is_stored_once_and_answered_the_same(sync):
    barrier = threading.Barrier(THREADS)
    answers, failures = [], []

    def send():
        try:
            barrier.wait(30)
            answers.append(_send(sync))
        except BaseException as exc:  # reported below, with the thread's traceback
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not failures, failures
    assert len(answers) == THREADS

    first = _without_replayed(answers[0])
    assert [status for _key, status, _body in first] == [200] * 10 + [201, 200], answers[0]
    assert all(_without_replayed(a) == first for a in answers)
    for i in range(len(first)):  # each item written by one sending, replayed to the others
        assert sum(not a[i]["body"].get("replayed") for a in answers) == 1
    _stored_once(sync)
