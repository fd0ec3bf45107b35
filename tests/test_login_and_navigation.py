import pytest


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/fasilitas/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_the_login_page_speaks_indonesian_by_default(client, db):
    html = client.get("/masuk/").content.decode()
    assert 'lang="id"' in html and "Masuk ke ILP" in html


def test_a_user_logs_in_and_out(client, cast):
    response = client.post("/masuk/", {"username": cast["kader"].username, "password": "rahasia-uji-123"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/keluar/")
    assert client.get("/").status_code == 302


def test_a_wrong_password_is_refused_with_a_clear_message(client, cast):
    response = client.post("/masuk/", {"username": cast["kader"].username, "password": "salah"})
    assert response.status_code == 200
    assert "nama pengguna dan sandi yang benar" in response.content.decode().lower()


@pytest.mark.parametrize("who, sees_admin", [("kader", False), ("kapus", False), ("dinkes", True), ("admin", True)])
def test_the_menu_shows_each_role_only_what_it_may_use(client, cast, who, sees_admin):
    client.force_login(cast[who])
    html = client.get("/").content.decode()
    assert "Jaringan fasilitas" in html
    assert ('href="/admin/"' in html) is sees_admin


def test_the_home_page_counts_the_facilities_in_scope(client, cast):
    client.force_login(cast["kapus"])
    html = client.get("/").content.decode()
    assert 'data-count="puskesmas">1<' in html and 'data-count="pustu">1<' in html
    assert 'data-count="posyandu">2<' in html


def test_english_can_be_chosen(client, cast):
    client.force_login(cast["kader"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html and "Facility network" in html and "Log out" in html


def test_static_assets_are_served_locally_not_from_a_cdn(client, cast):
    client.force_login(cast["kader"])
    html = client.get("/").content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(client, db):
    html = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in html and "Masuk ke ILP" in html
