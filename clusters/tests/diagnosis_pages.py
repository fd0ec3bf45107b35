"""Posting the visit form and reading pages, for the diagnosis tests."""

import uuid

import lxml.html
from django.conf import settings
from django.utils import timezone


def signed_in(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_visit(client, patient, package, **data):
    payload = {"date": timezone.localdate().isoformat(), "setting": "gedung", "submission_key": str(uuid.uuid4())}
    payload.update(data)
    return client.post(f"/kunjungan/pasien/{patient.pk}/{package}/baru/", payload)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def words(node) -> str:
    return " ".join(node.text_content().split())
