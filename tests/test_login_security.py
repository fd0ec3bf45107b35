"""Login hardening: lockout, session timeouts, password rules, CSRF, cookies."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from ilp.middleware import LAST_SEEN, LOGGED_IN_AT

PASSWORD = "rahasia-uji-123"


def _fail(client, username, times):
    for _ in range(times):
        response = client.post("/masuk/", {"username": username, "password": "salah-sekali"})
    return response


def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client, cast, settings):
    username = cast["kader"].username
    assert _fail(client, username, settings.AXES_FAILURE_LIMIT - 1).status_code == 200
    response = _fail(client, username, 1)
    assert response.status_code == 429
    html = response.content.decode()
    assert "data-locked-out" in html and "15" in html
    # Even the right password is refused while the lock lasts.
    response = client.post("/masuk/", {"username": username, "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_a_lockout_holds_from_another_address_too(client, cast, settings):
    username = cast["kader"].username
    _fail(client, username, settings.AXES_FAILURE_LIMIT)
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert other.post("/masuk/", {"username": username, "password": PASSWORD}).status_code == 429


def test_a_lockout_does_not_touch_other_accounts(client, cast, settings):
    _fail(client, cast["kader"].username, settings.AXES_FAILURE_LIMIT)
    response = client.post("/masuk/", {"username": cast["kapus"].username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_successful_login_forgets_earlier_failures(client, cast, settings):
    username = cast["kader"].username
    _fail(client, username, settings.AXES_FAILURE_LIMIT - 1)
    assert client.post("/masuk/", {"username": username, "password": PASSWORD}).status_code == 302
    client.post("/keluar/")
    assert _fail(client, username, settings.AXES_FAILURE_LIMIT - 1).status_code == 200


def test_the_admin_login_is_locked_out_as_well(client, cast, settings):
    username = cast["dinkes"].username
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": username, "password": "salah"})
    assert response.status_code == 429


def test_the_lockout_message_says_how_long_in_the_chosen_language(client, cast, settings):
    client.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    response = _fail(client, cast["kader"].username, settings.AXES_FAILURE_LIMIT)
    assert "locked for 15 minutes" in response.content.decode()


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"seen": LAST_SEEN, "login": LOGGED_IN_AT}[key]] = now - ago
    session.save()


def test_an_idle_session_is_logged_out_with_a_message(client, cast, settings):
    client.post("/masuk/", {"username": cast["kader"].username, "password": PASSWORD})
    assert client.get("/").status_code == 200
    _age_session(client, seen=settings.SESSION_IDLE_TIMEOUT + 5)
    response = client.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/masuk/")
    assert "tanpa aktivitas" in response.content.decode() or "without activity" in response.content.decode()


def test_an_active_session_ends_after_the_absolute_limit(client, cast, settings):
    client.force_login(cast["kader"])
    client.get("/")
    _age_session(client, seen=10, login=settings.SESSION_COOKIE_AGE + 5)
    assert client.get("/").status_code == 302


def test_activity_keeps_a_session_alive(client, cast, settings):
    client.force_login(cast["kader"])
    _age_session(client, seen=settings.SESSION_IDLE_TIMEOUT - 60)
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN] >= int(time.time()) - 5


def test_a_burst_of_requests_does_not_rewrite_the_session(client, cast, django_assert_max_num_queries):
    client.force_login(cast["kader"])
    client.get("/")
    before = client.session[LAST_SEEN]
    client.get("/")
    assert client.session[LAST_SEEN] == before


@pytest.mark.parametrize(
    "password",
    ["pendek1", "1234567890123", "password1234", "qwertyuiop"],
)
def test_weak_passwords_are_refused(password, cast):
    with pytest.raises(ValidationError):
        validate_password(password, cast["kader"])


def test_a_password_like_the_username_is_refused(cast):
    user = cast["kader"]
    user.username = "sitirahmawati"
    with pytest.raises(ValidationError):
        validate_password("sitirahmawati1", user)


def test_a_long_unusual_password_is_accepted(cast):
    validate_password("kebun-kopi-di-pandeglang-7", cast["kader"])
