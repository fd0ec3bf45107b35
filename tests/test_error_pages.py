"""Errors get the app's own pages, in the user's language, whatever DEBUG's
default: never Django's debug page listing every URL."""

import pytest
from django.test import Client
from django.urls import path
from lxml import html

from ilp.urls import handler500 as handler500  # noqa: PLC0414 - this module is also a URLconf
from ilp.urls import urlpatterns as app_urls


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*app_urls, path("boom/", boom)]


def doc(response):
    return html.fromstring(response.content)


def assert_no_debug_page(response):
    text = response.content.decode()
    assert "URLconf" not in text and "Traceback" not in text and "DEBUG = True" not in text


@pytest.mark.parametrize("debug_override", [False, None])
def test_a_patient_outside_the_kaders_area_is_a_404_page_of_the_app_in_indonesian(
        client, cast, people, settings, debug_override):
    if debug_override is not None:
        settings.DEBUG = debug_override
    client.force_login(cast["kader_other"])
    response = client.get(f"/pasien/{people['mother'].pk}/")
    assert response.status_code == 404
    page = doc(response)
    assert page.get("lang") == "id"
    assert page.xpath("//main//h1") and page.xpath("//nav[@aria-label]")
    # The menu of the app, in Indonesian, is there; the list of URL patterns is not.
    assert "Jaringan fasilitas" in page.xpath("string(//nav)")
    assert_no_debug_page(response)


def test_an_unknown_address_is_the_same_404_page(client, cast, settings):
    settings.DEBUG = False
    client.force_login(cast["kader"])
    response = client.get("/tidak-ada/")
    assert response.status_code == 404 and doc(response).xpath("//main//h1")
    assert_no_debug_page(response)


def test_a_page_the_role_may_not_open_is_a_403_page_of_the_app(client, cast, settings):
    settings.DEBUG = False
    client.force_login(cast["kader"])
    response = client.get("/audit/")
    assert response.status_code == 403
    page = doc(response)
    assert page.get("lang") == "id" and page.xpath("//main//h1") and page.xpath("//main//a[@href='/']")
    assert_no_debug_page(response)


def test_the_error_pages_follow_the_language_chosen(client, cast, people, settings):
    settings.DEBUG = False
    client.force_login(cast["kader_other"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(f"/pasien/{people['mother'].pk}/")
    page = doc(response)
    assert page.get("lang") == "en" and page.xpath("string(//main//h1)") == "Page not found"


def test_a_bug_is_a_500_page_that_needs_no_database(cast, settings, django_assert_max_num_queries):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(cast["kader"])
    with django_assert_max_num_queries(3):  # the session and the user, read by middleware, not by the page
        response = client.get("/boom/")
    assert response.status_code == 500
    page = doc(response)
    assert page.get("lang") == "id" and page.xpath("//main/h1") and not page.xpath("//nav")
    assert_no_debug_page(response)


def test_a_request_for_an_unknown_host_is_a_400_page_of_the_app(client, db, settings):
    settings.DEBUG = False
    response = client.get("/masuk/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert doc(response).get("lang") == "id" and doc(response).xpath("//main/h1")


def test_a_form_sent_without_its_csrf_token_is_a_page_of_the_app(db, settings):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post("/masuk/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    page = doc(response)
    assert page.get("lang") == "id" and page.xpath("//main/h1")
    assert "CSRF verification failed" not in response.content.decode()
