"""People are found by their household's No. KK, typed in any script's digits,
through its blind index; a No. KK that cannot be one is explained, not ignored."""

import lxml.html
import pytest

from patients.tests.factories import DIGITS, written_in

KK = "3601010101200001"  # the `people` fixture's household


def results(response) -> list[str]:
    page = lxml.html.fromstring(response.content.decode())
    return [a.text_content() for a in page.xpath("//table[@id='results']/tbody/tr/td[1]/a")]


@pytest.fixture
def kader(client, cast, people):
    client.force_login(cast["kader"])
    return client


@pytest.mark.parametrize("script", list(DIGITS))
def test_a_no_kk_in_other_digits_finds_the_household(kader, script):
    found = results(kader.get("/pasien/", {"no_kk": written_in(script, KK)}))
    assert sorted(found) == ["Muhammad Rizki", "Siti Rahmawati"]


def test_a_no_kk_with_spaces_finds_the_household(kader):
    assert len(results(kader.get("/pasien/", {"no_kk": "3601 0101 0120 0001"}))) == 2


def test_another_no_kk_finds_nobody(kader):
    assert results(kader.get("/pasien/", {"no_kk": "3601010101200009"})) == []


def test_a_no_kk_of_the_wrong_length_is_explained_and_lists_nobody(kader):
    response = kader.get("/pasien/", {"no_kk": "36010101012"})
    error = lxml.html.fromstring(response.content.decode()).get_element_by_id("id_no_kk_error").text_content()
    assert "No. KK harus tepat 16 digit." in error and results(response) == []
