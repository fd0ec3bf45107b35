"""API tokens: an admin issues one in the Django admin, it authenticates API
requests, and once the admin deletes it the same token is refused (401 in
the one error shape). A district admin handles only their district's users'
tokens."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from facilities.models import Role
from facilities.tests.factories import UserFactory

URL = "/api/v1/pws/facts/"
ADMIN = "/admin/authtoken/tokenproxy/"


def api(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(URL)


@pytest.fixture
def admin_district(cast):
    return UserFactory(role=Role.ADMIN, scope_district_id="36.01", is_staff=True)


@pytest.mark.parametrize("who", ["admin", "admin_district"])
def test_a_token_an_admin_issues_works_until_the_admin_deletes_it(who, cast, admin_district):
    admin = Client()
    admin.force_login(admin_district if who == "admin_district" else cast["admin"])
    user = cast["dinkes"]

    assert admin.get(f"{ADMIN}add/").status_code == 200
    response = admin.post(f"{ADMIN}add/", {"user": user.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    key = Token.objects.get(user=user).key
    assert key in admin.get(ADMIN).content.decode()
    assert api(key).status_code == 200

    assert admin.get(f"{ADMIN}{user.pk}/delete/").status_code == 200
    assert admin.post(f"{ADMIN}{user.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(key=key).exists()

    response = api(key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    [error] = response.json()["errors"]
    assert error["field"] is None and error["code"] == "not_authenticated" and error["message"]
    assert set(response.json()) == {"errors"}


def test_a_district_admin_handles_only_their_districts_tokens(cast, network, admin_district):
    home, away = Token.objects.create(user=cast["kapus"]), Token.objects.create(user=cast["dinkes_other"])
    admin = Client()
    admin.force_login(admin_district)
    listed = admin.get(ADMIN).content.decode()
    assert home.key in listed and away.key not in listed
    # Another district's token is as good as missing: not shown, not deleted.
    assert admin.get(f"{ADMIN}{cast['dinkes_other'].pk}/change/")["Location"] == "/admin/"
    assert admin.post(f"{ADMIN}{cast['dinkes_other'].pk}/delete/", {"post": "yes"})["Location"] == "/admin/"
    assert Token.objects.filter(key=away.key).exists()
    # Nor issued for another district's user.
    other = UserFactory(role=Role.KADER, scope_facility=network["36.02"]["posyandu_pustu"])
    response = admin.post(f"{ADMIN}add/", {"user": other.pk})
    assert response.status_code == 200 and not Token.objects.filter(user=other).exists()
    assert admin.post(f"{ADMIN}add/", {"user": cast["kapus_other"].pk}).status_code == 302

def test_staff_without_the_permission_cannot_open_the_tokens(cast):
    dinkes = Client()
    dinkes.force_login(cast["dinkes"])
    assert dinkes.get(ADMIN).status_code == 403
    assert dinkes.post(f"{ADMIN}add/", {"user": cast["kader"].pk}).status_code == 403
    assert not Token.objects.exists()


def test_a_token_of_a_deactivated_user_is_refused(cast):
    token = Token.objects.create(user=cast["kapus"])
    assert api(token.key).status_code == 200
    cast["kapus"].is_active = False
    cast["kapus"].save()
    assert api(token.key).status_code == 401
