"""Lists show a NIK as its last four digits with the birth date beside it:
enough to tell apart the people of one district, whose NIKs all begin alike."""

import lxml.html
import pytest
from django.urls import reverse


def row_of(html: str, table_xpath: str, name: str):
    page = lxml.html.fromstring(html)
    [row] = page.xpath(f"{table_xpath}/tbody/tr[td[1]/a[normalize-space()='{name}']]")
    return [td.text_content().strip() for td in row.xpath("td")]


@pytest.fixture
def kader(client, cast):
    client.force_login(cast["kader"])
    return client


def test_the_search_list_shows_the_last_four_digits_and_the_birth_date(kader, people):
    mother = people["mother"]
    cells = row_of(kader.get(reverse("patients:search")).content.decode(), "//table[@id='results']", "Siti Rahmawati")
    assert "••••" + mother.nik[-4:] in cells[1] and "12-03-1994" in cells[1]
    assert mother.nik[:4] not in cells[1]


def test_the_household_list_shows_the_last_four_digits_and_the_birth_date(kader, people):
    son = people["son"]
    html = kader.get(reverse("patients:household", args=[people["household"].pk])).content.decode()
    cells = row_of(html, "//table", "Muhammad Rizki")
    assert "••••" + son.nik[-4:] in cells[1] and "01-07-2023" in cells[1]
    assert son.nik not in html


def test_a_newborn_without_nik_still_shows_the_birth_date(kader, people):
    from datetime import date

    from patients.tests.factories import PatientFactory

    PatientFactory(household=people["household"], name="Bayi Ny. Siti", sex="L", birth_date=date(2026, 1, 2),
                   mother=people["mother"], birth_order=1)
    cells = row_of(kader.get(reverse("patients:search")).content.decode(), "//table[@id='results']", "Bayi Ny. Siti")
    assert "—" in cells[1] and "02-01-2026" in cells[1]
