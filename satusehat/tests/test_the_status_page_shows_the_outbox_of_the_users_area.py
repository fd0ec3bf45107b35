"""The status page shows a Kepala Puskesmas and the Dinkes what is queued,
sent and failed by age, the oldest unsent and the failed with the server's
message, within their area only; they can queue the failed again. The visit
page's block shows the visit's own status."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from satusehat import sender
from satusehat.models import Operation, Status

from .conftest import weighing

pytestmark = pytest.mark.urls("satusehat.tests.urls")


def page(user):
    client = Client()
    client.force_login(user)
    return client, client.get(reverse("satusehat:status"))


def test_the_status_page_shows_the_outbox_of_the_users_area(registered, cast, network, satusehat):
    satusehat.refuse["Observation"] = "Observation.code: kode tidak dikenal"
    visit = weighing(cast, registered["son"], network)
    sender.drain()
    weighing(cast, registered["son"], network, days_ago=1)
    Operation.objects.filter(status=Status.QUEUED).update(created_at=timezone.now() - timedelta(days=2))

    client, answer = page(cast["kapus"])
    html = answer.content.decode()
    assert answer.status_code == 200
    assert "kode tidak dikenal" in html and registered["son"].name in html
    table = answer.context["table"]
    assert {row["status"]: (row["total"], row["ages"]) for row in table} == {
        Status.QUEUED: (3, [0, 0, 1 * 3, 0]), Status.SENT: (1, [1, 0, 0, 0]), Status.FAILED: (2, [2, 0, 0, 0])}
    assert answer.context["oldest"].created_at < timezone.now() - timedelta(days=1)
    assert page(cast["dinkes"])[1].context["failed_total"] == 2

    assert page(cast["dinkes_other"])[1].context["failed_total"] == 0
    assert page(cast["kapus_other"])[1].context["failed_total"] == 0
    assert page(cast["kader"])[1].status_code == 403

    del satusehat.refuse["Observation"]
    client.post(reverse("satusehat:requeue"))
    assert Operation.objects.filter(status=Status.FAILED).count() == 0
    sender.drain(now=timezone.now() + timedelta(minutes=1))
    block = Template("{% load satusehat %}{% satusehat_status visit %}").render(Context({"visit": visit}))
    assert 'id="satusehat-status"' in block and "text-bg-success" in block


def test_another_area_cannot_queue_a_failed_operation_again(registered, cast, network, satusehat):
    satusehat.refuse["Encounter"] = "Encounter.period: wajib"
    weighing(cast, registered["son"], network)
    sender.drain()
    op = Operation.objects.filter(status=Status.FAILED, kind="Encounter").get()
    client = Client()
    client.force_login(cast["kapus_other"])
    client.post(reverse("satusehat:requeue"), {"operation": op.pk})
    op.refresh_from_db()
    assert op.status == Status.FAILED
