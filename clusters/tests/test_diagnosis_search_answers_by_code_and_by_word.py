"""The visit form's picker asks clusters:diagnosis_search: signed-in users
only, at most 20 active diagnoses, by the start of a code (in any case, with
or without its dot) or by every word typed in WHO's English names."""

import pytest
from django.urls import reverse

from clusters.models import Diagnosis

URL = reverse("clusters:diagnosis_search")


@pytest.fixture
def ask(client, cast):
    client.force_login(cast["petugas"])

    def get(q):
        response = client.get(URL, {"q": q})
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        return response.json()["results"]

    return get


def test_anyone_not_signed_in_is_sent_to_log_in(client, db):
    response = client.get(URL, {"q": "I10"})
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_a_code_is_found_first_with_its_label(ask):
    first = ask("i10")[0]
    assert first == {"code": "I10", "name": "Essential (primary) hypertension",
                     "label": "I10 — Essential (primary) hypertension"}


def test_the_start_of_a_code_finds_at_most_twenty_codes_starting_so(ask):
    results = ask("a0")
    assert len(results) == 20 and all(r["code"].startswith("A0") for r in results)


def test_a_subcategory_typed_without_its_dot_is_found(ask):
    assert ask("A150")[0]["code"] == "A15.0"


def test_words_find_names_holding_every_word(ask):
    results = ask("essential hypertension")
    assert [r["code"] for r in results][:1] == ["I10"]
    assert all("essential" in r["name"].lower() and "hypertension" in r["name"].lower() for r in results)
    assert "I10" in {r["code"] for r in ask("Hypertension")}


def test_deactivated_codes_are_not_suggested(ask):
    Diagnosis.objects.filter(code="I10").update(active=False)
    assert "I10" not in {r["code"] for r in ask("I10")}


@pytest.mark.parametrize("q", ["", " ", "a", "\x00", "I10\x00", "%", "_", "'; --", "x" * 5000, "𝔘𝔫𝔦"])
def test_empty_odd_and_hostile_queries_answer_a_short_list(ask, q):
    assert len(ask(q)) <= 20
