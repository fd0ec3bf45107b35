"""A quick record made at the IGD (an unknown "Tn. X") waits to be merged
into the person's full record: the IGD register says how many wait and
links to them in the people search, the record's page says what to do and
gives its number, and once merged it waits no more."""

from django.urls import reverse

from patients.services import patients_merge

from .conftest import page_of


def waiting_link(client):
    return page_of(client.get(reverse("igd:register"))).xpath("//a[@id='quick-waiting']")


def test_a_quick_record_waits_on_the_register_and_in_the_search_until_merged(arrive, perawat, cast, people,
                                                                              client_of):
    quick = arrive().patient
    arrive(patient=people["son"])  # a registered person's arrival makes no quick record
    nurse, staff = client_of(perawat), client_of(cast["petugas"])

    [link] = waiting_link(nurse)
    assert link.text_content().startswith("1 ")
    listed = page_of(staff.get(link.get("href")))
    assert listed.xpath("//table[@id='results']/tbody/tr/td[1]/a/@href") == [
        reverse("patients:detail", args=[quick.pk])]
    assert listed.xpath("//input[@name='provisional']/@checked")

    hint = page_of(staff.get(reverse("patients:detail", args=[quick.pk]))).xpath(
        "string(//*[@id='quick-record-hint'])")
    assert str(quick.pk) in hint

    patients_merge(by=cast["petugas"], kept=people["son"], duplicate=quick)

    assert waiting_link(nurse) == []
    after = page_of(staff.get(link.get("href")))
    assert after.xpath("//table[@id='results']/tbody/tr/td[1]/a") == []


def test_a_full_record_has_no_quick_record_hint(people, cast, client_of):
    page = page_of(client_of(cast["petugas"]).get(reverse("patients:detail", args=[people["son"].pk])))
    assert page.xpath("//*[@id='quick-record-hint']") == []


def test_a_nik_searched_among_quick_records_is_not_called_someone_from_elsewhere(people, cast, client_of):
    page = page_of(client_of(cast["petugas"]).get(reverse("patients:search"),
                                                    {"q": people["mother"].nik, "provisional": "on"}))
    assert page.xpath("//*[@id='outside-matches']") == []
    assert page.xpath("//table[@id='results']/tbody/tr/td[1]/a") == []
