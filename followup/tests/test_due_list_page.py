from datetime import timedelta

import pytest
from django.urls import reverse
from lxml import html

from patients import services as people

pytestmark = pytest.mark.django_db


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("followup:due_list"), params)
    assert response.status_code == 200
    return html.fromstring(response.content)


def people_listed(doc) -> list[str]:
    return [li.get("data-patient") for li in doc.xpath("//li[@data-patient]")]


def person(doc, patient):
    found = doc.xpath(f"//li[@data-patient='{patient.pk}']")
    return found[0] if found else None


def item(li, code):
    found = li.xpath(f".//li[contains(concat(' ', @data-items, ' '), ' {code} ')]") if li is not None else []
    return found[0] if found else None


def test_the_kader_sees_her_posyandu_by_household_the_longest_overdue_first(client, cast, kader_area):
    doc = page(client, cast["kader"])
    households = doc.xpath("//li[@data-household]/@data-household")
    assert households[0] == str(kader_area["late"].pk)
    assert str(kader_area["stranger"].pk) not in people_listed(doc)
    weighing = item(person(doc, kader_area["overdue_child"]), "WEIGHING")
    assert "overdue" in weighing.get("class") and "text-danger" in weighing.get("class")
    assert "bulan" in weighing.text_content() or "month" in weighing.text_content()


def test_a_child_weighed_this_month_is_not_listed_for_weighing(client, cast, kader_area):
    doc = page(client, cast["kader"])
    assert item(person(doc, kader_area["weighed_child"]), "WEIGHING") is None


def test_filters_by_service_and_by_how_long_overdue(client, cast, kader_area):
    chronic = page(client, cast["kader"], rule="chronic")
    assert people_listed(chronic) == [str(kader_area["ht_patient"].pk)]
    long_overdue = page(client, cast["kader"], rule="weighing", overdue="30")
    assert people_listed(long_overdue) == [str(kader_area["overdue_child"].pk)]
    dusun = page(client, cast["kader"], dusun="sukamaju")
    assert people_listed(dusun) == [str(kader_area["ht_patient"].pk)]


def test_the_puskesmas_sees_its_whole_catchment_and_another_kader_does_not_see_hers(client, cast, kader_area):
    assert str(kader_area["stranger"].pk) in people_listed(page(client, cast["petugas"]))
    assert str(kader_area["overdue_child"].pk) not in people_listed(page(client, cast["kader_other"]))
    assert people_listed(page(client, cast["dinkes_other"])) == []


def test_the_list_runs_the_same_queries_whatever_the_number_of_households(client, cast, kader_area, today,
                                                                         django_assert_num_queries):
    client.force_login(cast["kader"])
    url = reverse("followup:due_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        hh = kader_area["household"](str(10 + n))
        people.patient_register(by=cast["kader"], household=hh, name=f"Anak {n}", sex="L",
                                birth_date=today - timedelta(days=200 + n), confirm_warnings=True)
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_list_downloads_as_a_spreadsheet_of_every_item(client, cast, kader_area):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(cast["kader"])
    response = client.get(reverse("followup:due_list"), {"format": "xlsx", "rule": "weighing"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Anak Terlambat"]


def test_the_kaders_home_page_counts_who_is_overdue_and_links_to_the_list(client, cast, kader_area):
    client.force_login(cast["kader"])
    doc = html.fromstring(client.get("/").content)
    card = doc.xpath("//a[@data-home='due']")[0]
    assert card.get("href") == reverse("followup:due_list")
    overdue = int(card.xpath(".//*[@data-home='overdue']/@data-people")[0])
    # The child not weighed for three months, the HT patient, and the child
    # weighed this month who has had none of her doses: not the other kader's.
    assert overdue == 3


def test_yearly_screenings_are_listed_only_when_asked_for(client, cast, kader_area):
    ht = kader_area["ht_patient"]  # never screened, and overdue for his monthly control
    everything = page(client, cast["kader"])
    assert item(person(everything, ht), "HT_CARE") is not None
    assert item(person(everything, ht), "LANSIA_SCREENING") is None
    asked = page(client, cast["kader"], rule="lansia")
    assert item(person(asked, ht), "LANSIA_SCREENING") is not None


def overdue_count(client, user):
    client.force_login(user)
    return html.fromstring(client.get("/").content).xpath("//a[@data-home='due']//*[@data-home='overdue']")[0]


def test_the_home_page_shows_the_overdue_in_red_when_there_are_some(client, cast, kader_area):
    assert "text-danger" in overdue_count(client, cast["kader"]).get("class", "")


def test_the_home_page_shows_no_one_overdue_without_alarm(client, cast):
    calm = overdue_count(client, cast["kader"])
    assert calm.get("data-people") == "0"
    assert "text-danger" not in calm.get("class", "")


def test_the_list_offers_its_download_and_print_only_when_someone_is_due(client, cast, kader_area):
    listed = page(client, cast["kader"])
    assert listed.xpath("//*[@id='export-xlsx']") and listed.xpath("//*[@id='print-list']")
    nobody = page(client, cast["dinkes_other"])
    assert nobody.xpath("//*[@id='due-count']")[0].text_content().strip().startswith("0")
    assert not nobody.xpath("//*[@id='export-xlsx']") and not nobody.xpath("//*[@id='print-list']")
    assert nobody.xpath("//a[contains(@href, 'rekap') or contains(@href, 'recap')]")
