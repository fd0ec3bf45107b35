"""The working diagnosis of an arrival is one active ICD-10 code, typed as
P-Care prints it or with its dot; an unknown code is named and nothing is
saved. An admission later takes it as its own."""

from django.urls import reverse

from .conftest import page_of


def test_a_code_typed_without_its_dot_is_saved_and_shown(perawat, arrive, client_of):
    arrival = arrive()
    client = client_of(perawat)
    response = client.post(reverse("igd:actions", args=[arrival.pk]),
                           {"actions": ["oxygen", "nebuliser"], "note": "Salbutamol 2,5 mg", "diagnosis_code": "j459"})
    assert response.status_code == 302
    arrival.refresh_from_db()
    assert (arrival.diagnosis.code, arrival.actions) == ("J45.9", ["oxygen", "nebuliser"])
    page = page_of(client.get(reverse("igd:arrival", args=[arrival.pk])))
    assert page.get_element_by_id("diagnosis").text_content().startswith("J45.9")


def test_an_unknown_code_is_named_and_the_actions_are_not_saved(perawat, arrive, client_of):
    arrival = arrive()
    response = client_of(perawat).post(reverse("igd:actions", args=[arrival.pk]),
                                       {"actions": ["oxygen"], "note": "O2 3 lpm", "diagnosis_code": "Q99.99"})
    assert response.status_code == 200
    page = page_of(response)
    assert "Q99.99" in page.get_element_by_id("actions-errors").text_content()
    assert page.get_element_by_id("id_note").text_content().strip() == "O2 3 lpm"
    arrival.refresh_from_db()
    assert arrival.actions == [] and arrival.diagnosis is None
