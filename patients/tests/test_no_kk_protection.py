"""The No. KK is protected like the NIK: no clear value in any table (history
included), one household per number enforced by the database, and only the
last four digits on the pages that list households."""

import lxml.html
import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from patients import pii
from patients.models import Household
from patients.services import household_register
from patients.tests.factories import HouseholdFactory, written_in

KK = "3601012507190044"


def all_database_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


@pytest.fixture
def registered(cast, network):
    household = household_register(by=cast["kader"], posyandu=network["36.01"]["posyandu_pustu"], no_kk=KK,
                                   address="Kp. Sukamanah")
    household.address = "Kp. Sukamanah No. 3"
    household.save()  # a second history row
    return household


def test_a_registered_no_kk_is_nowhere_in_clear_history_included(registered):
    assert KK not in all_database_text()
    assert set(Household.history.filter(id=registered.pk).values_list("kk_masked", flat=True)) == {"••••0044"}


def test_the_no_kk_reads_back_whole_for_the_services(registered):
    assert Household.objects.get(pk=registered.pk).no_kk == KK


def test_a_kk_and_a_nik_with_the_same_digits_get_unrelated_indexes():
    assert pii.blind_index(KK, pii.KK) != pii.blind_index(KK, pii.NIK)


def test_the_database_refuses_a_second_household_with_the_same_no_kk(registered, network):
    twin = Household(posyandu=network["36.01"]["posyandu_b"], desa_id=network["36.01"]["posyandu_b"].region_id)
    twin.set_no_kk(KK)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_households_without_a_no_kk_are_not_twins(network):
    posyandu = network["36.01"]["posyandu_pustu"]
    HouseholdFactory(posyandu=posyandu)
    HouseholdFactory(posyandu=posyandu)
    assert Household.objects.filter(kk_index=None).count() == 2


def test_the_household_page_shows_the_no_kk_masked(client, cast, registered):
    client.force_login(cast["kader"])
    html = client.get(reverse("patients:household", args=[registered.pk])).content.decode()
    heading = lxml.html.fromstring(html).get_element_by_id("no-kk").text_content()
    assert "••••0044" in heading and KK not in html


def test_the_admin_lists_households_with_the_no_kk_masked_and_finds_them_by_it(client, cast, registered):
    client.force_login(cast["admin"])

    def listed(q):
        url = reverse("admin:patients_household_changelist")
        page = lxml.html.fromstring(client.get(url, {"q": q}).content.decode())
        return [row.text_content() for row in page.xpath("//table[@id='result_list']/tbody/tr")]

    [row] = listed(written_in("full-width", KK))
    assert "••••0044" in row and KK not in row
    assert listed("3601012507190045") == []


def test_the_admin_cannot_change_a_households_posyandu_or_desa(client, cast, registered, network):
    client.force_login(cast["admin"])
    url = reverse("admin:patients_household_change", args=[registered.pk])
    page = lxml.html.fromstring(client.get(url).content.decode())
    assert not page.xpath("//*[@name='posyandu' or @name='desa' or @name='kk_masked']")
    other = network["36.01"]["posyandu_b"]
    client.post(url, {"posyandu": other.pk, "desa": other.region_id, "dusun": "", "rw": "1", "rt": "2",
                      "address": "Kp. Sukamanah No. 4"})
    registered.refresh_from_db()
    assert registered.address == "Kp. Sukamanah No. 4" and registered.posyandu_id != other.pk


def test_the_admin_cannot_add_a_household_around_the_service(client, cast):
    client.force_login(cast["admin"])
    assert client.get(reverse("admin:patients_household_add")).status_code == 403


def test_the_persons_own_page_shows_the_whole_no_kk_beside_the_whole_nik(client, cast, registered):
    from datetime import date

    from patients.tests.factories import PatientFactory, nik_for

    person = PatientFactory(household=registered, name="Iis", birth_date=date(1980, 1, 1),
                            nik=nik_for(date(1980, 1, 1), "P", serial=44))
    client.force_login(cast["kader"])
    identity = lxml.html.fromstring(client.get(reverse("patients:detail", args=[person.pk])).content.decode())
    assert KK in identity.get_element_by_id("identity").text_content()
