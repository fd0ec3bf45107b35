"""Twenty tasks that need a token at the same moment (none stored, or the
stored one expired) ask the platform for one once: they wait on the token
row's lock and find the token the first stored."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from satusehat import client
from satusehat.models import AccessToken

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="needs PostgreSQL's row locks across connections (the "
                       "test database of SQLite is in memory, shared-cache, where waiting writers fail at once)"),
]
TASKS = 20


def _twenty_at_once(call):
    start = threading.Barrier(TASKS)
    answers, errors = [], []

    def task():
        try:
            start.wait()
            answers.append(call())
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=task) for _ in range(TASKS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    return answers


def test_the_token_is_renewed_once_under_20_concurrent_tasks(satusehat):
    satusehat.register(nik="3601010101900001")

    def look_up():
        api = client.Client()
        try:
            return api.search("Patient", "https://fhir.kemkes.go.id/id/nik", "3601010101900001")[0]["id"]
        finally:
            api.close()

    assert len(set(_twenty_at_once(look_up))) == 1
    assert satusehat.token_requests == 1

    # Expired on the platform's side: every task meets a 401, one renews.
    satusehat.expire_tokens()
    assert len(_twenty_at_once(look_up)) == TASKS
    assert satusehat.token_requests == 2
    assert AccessToken.objects.count() == 1
