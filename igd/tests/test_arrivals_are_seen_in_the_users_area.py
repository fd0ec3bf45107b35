"""Every arrival is read through for_user: a Puskesmas sees its own IGD,
Dinkes its district (read only), out of area is a 404, a role that may not is
refused (403). The register runs a fixed number of queries."""

from django.urls import reverse

from facilities.models import Role
from facilities.tests.factories import UserFactory
from igd.models import Arrival

from .conftest import page_of


def test_each_user_sees_the_arrivals_of_their_area(cast, perawat, network, arrive):
    home = arrive()
    away = arrive(facility=network["36.02"]["puskesmas"])
    other_pkm = arrive(facility=network["36.01"]["puskesmas_b"])
    assert set(Arrival.objects.for_user(perawat)) == {home}
    assert set(Arrival.objects.for_user(cast["dinkes"])) == {home, other_pkm}
    assert set(Arrival.objects.for_user(cast["kapus_other"])) == {other_pkm}
    assert set(Arrival.objects.for_user(cast["dinkes_other"])) == {away}
    assert not Arrival.objects.for_user(cast["kader"]).exists()


def test_out_of_area_is_404_and_a_kader_is_refused(cast, network, arrive, client_of):
    arrival = arrive()
    assert client_of(cast["kapus_other"]).get(reverse("igd:arrival", args=[arrival.pk])).status_code == 404
    assert client_of(cast["kader"]).get(reverse("igd:arrival", args=[arrival.pk])).status_code == 403
    assert client_of(cast["kader"]).get(reverse("igd:register")).status_code == 403


def test_dinkes_and_the_head_of_the_puskesmas_read_but_do_not_write(cast, arrive, client_of):
    arrival = arrive()
    for user in (cast["dinkes"], cast["kapus"]):
        client = client_of(user)
        page = page_of(client.get(reverse("igd:arrival", args=[arrival.pk])))
        assert page.xpath("//form[@id='triage-form']") == []
        assert client.post(reverse("igd:triage", args=[arrival.pk]), {}).status_code == 403
        assert client.get(reverse("igd:arrival_new")).status_code == 403


def test_the_register_runs_a_fixed_number_of_queries(perawat, arrive, client_of, django_assert_max_num_queries):
    client = client_of(perawat)
    arrive()
    client.get(reverse("igd:register"))  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("igd:register"))
    for minutes in range(10, 30):
        arrive(minutes_ago=minutes)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("igd:register"))
    assert len(page_of(response).xpath("//ul[@id='open-arrivals']/li[@data-arrival]")) == 21


def test_the_menu_shows_the_igd_to_the_nurse_first_and_not_to_a_kader(cast, perawat, client_of):
    nurse_menu = page_of(client_of(perawat).get(reverse("home"))).xpath("//nav//a/@href")
    assert reverse("igd:register") in nurse_menu
    kader_menu = page_of(client_of(cast["kader"]).get(reverse("home"))).xpath("//nav//a/@href")
    assert reverse("igd:register") not in kader_menu
    assert UserFactory(role=Role.PERAWAT_IGD, scope_facility=perawat.scope_facility).role == Role.PERAWAT_IGD
