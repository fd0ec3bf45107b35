import pytest
from django.conf import settings

from patients.models import Household, Patient
from patients.tests.factories import HouseholdFactory, PatientFactory


@pytest.mark.parametrize(
    "who, expected",
    [
        ("kader", {"Siti Rahmawati", "Muhammad Rizki"}),
        ("pustu", {"Siti Rahmawati", "Muhammad Rizki"}),
        ("kapus", {"Siti Rahmawati", "Muhammad Rizki"}),
        ("kader_other", set()),
        ("kapus_other", {"Euis Sumarni"}),
        ("dinkes", {"Siti Rahmawati", "Muhammad Rizki", "Euis Sumarni"}),
        ("dinkes_other", set()),
        ("no_scope", set()),
    ],
)
def test_each_user_sees_only_the_people_of_their_area(cast, people, who, expected):
    assert set(Patient.objects.for_user(cast[who]).values_list("name", flat=True)) == expected


def test_households_are_scoped_the_same_way(cast, people):
    assert list(Household.objects.for_user(cast["kapus_other"])) == [people["other_household"]]


def search(client, **params):
    return client.get("/pasien/", params).content.decode()


def test_search_by_exact_nik_finds_the_person(client, cast, people):
    client.force_login(cast["kader"])
    html = search(client, q=people["son"].nik)
    assert "Muhammad Rizki" in html and "Siti Rahmawati" not in html


def test_a_person_outside_the_scope_is_found_by_exact_nik_only_with_the_minimum(client, cast, people):
    client.force_login(cast["kader"])
    stranger = people["stranger"]
    assert f"/pasien/{stranger.pk}/" not in search(client, q="Euis Sumarni")
    html = search(client, q=stranger.nik)
    card = html.split('id="outside-matches"')[1].split("</div>")[0]
    assert "Euis Sumarni" in card and stranger.nik_masked in card
    assert stranger.nik not in card and f"/pasien/{stranger.pk}/" not in html
    assert people["other_household"].address not in html


def test_a_person_outside_the_scope_cannot_be_opened(client, cast, people):
    client.force_login(cast["kader"])
    assert client.get(f"/pasien/{people['stranger'].pk}/").status_code == 404
    assert client.get(f"/pasien/keluarga/{people['other_household'].pk}/").status_code == 404


def test_search_by_no_kk_posyandu_and_desa(client, cast, people, network):
    client.force_login(cast["dinkes"])
    assert "Euis Sumarni" in search(client, no_kk="3601020101200002")
    assert "Siti Rahmawati" not in search(client, no_kk="3601020101200002")
    html = search(client, posyandu=network["36.01"]["posyandu_pustu"].pk)
    assert "Siti Rahmawati" in html and "Euis" not in html
    html = search(client, desa=network["36.01"]["posyandu_b"].region_id)
    assert "Euis Sumarni" in html and "Siti" not in html


def test_search_by_part_of_a_name(client, cast, people):
    client.force_login(cast["kader"])
    assert "Siti Rahmawati" in search(client, q="rahma")


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="trigram search is PostgreSQL's")
def test_a_misspelt_name_is_still_found_on_postgresql(client, cast, people):
    client.force_login(cast["kader"])
    assert "Siti Rahmawati" in search(client, q="Siti Rahmawti")
    assert "Siti Rahmawati" in search(client, q="Rahmawaty")


def test_lists_show_the_nik_masked(client, cast, people):
    client.force_login(cast["kader"])
    html = search(client)
    assert people["mother"].nik_masked in html and people["mother"].nik not in html


def test_search_and_save_run_a_fixed_number_of_queries(client, cast, people, network, django_assert_max_num_queries):
    import uuid

    client.force_login(cast["kapus"])
    with django_assert_max_num_queries(12):
        client.get("/pasien/", {"q": "Warga"})
    for i in range(40):
        hh = HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"])
        PatientFactory(household=hh, name=f"Warga {i}")
    with django_assert_max_num_queries(12):
        assert "Warga 1" in client.get("/pasien/", {"q": "Warga"}).content.decode()
    url = f"/pasien/keluarga/{people['household'].pk}/anggota/baru/"
    # Saving also recomputes the household's due list (followup): up to five more.
    with django_assert_max_num_queries(26):
        response = client.post(
            url, {"submission_key": str(uuid.uuid4()), "name": "Baru", "sex": "L", "birth_date": "2000-01-01"}
        )
    assert response.status_code == 302
