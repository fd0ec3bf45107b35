"""A lost database answers a short 503 page (or JSON for the Posyandu
session's fetch), never a traceback, whatever DEBUG says. The real outage is
in tests/faults/test_postgres_restart.py; here the error is made up."""

from unittest import mock

from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from ilp.errors import server_error

FRIENDLY = "The database cannot be reached right now"


def test_a_view_that_loses_the_database_answers_503_even_in_debug(client, cast, settings):
    settings.DEBUG = True
    client.force_login(cast["petugas"])
    client.cookies["django_language"] = "en"  # the language switcher's cookie
    with mock.patch("patients.views.patient_search", side_effect=OperationalError("server closed the connection")):
        response = client.get("/pasien/?q=Siti")
    assert response.status_code == 503
    assert response["Retry-After"]
    body = response.content.decode()
    assert FRIENDLY in body
    assert "Traceback" not in body and "OperationalError" not in body


def test_the_posyandu_session_fetch_gets_the_same_answer_as_json(client, cast):
    client.force_login(cast["petugas"])
    with mock.patch("patients.views.patient_search", side_effect=InterfaceError("connection already closed")):
        response = client.get("/pasien/", headers={"x-requested-with": "fetch"})
    assert response.status_code == 503
    assert response.json()["ok"] is False


def test_a_database_error_outside_a_view_gets_the_503_page_and_any_other_error_the_500(db):
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        assert server_error(request).status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500
