from datetime import timedelta

import pytest
from django.urls import reverse
from lxml import html

from followup.models import DueItem, HomeVisit, PersonExit

pytestmark = pytest.mark.django_db


def form_page(client, user, household, **params):
    client.force_login(user)
    return client.get(reverse("followup:household", args=[household.pk]), params)


def post(client, household, key, **data):
    payload = {"date": data.pop("date"), "submission_key": key, **data}
    return client.post(reverse("followup:household", args=[household.pk]), payload)


def test_a_referred_child_shows_as_referred_on_the_due_list(client, cast, kader_area, today):
    household, child = kader_area["late"], kader_area["overdue_child"]
    doc = html.fromstring(form_page(client, cast["kader"], household, orang=child.pk).content)
    key = doc.xpath("//input[@name='submission_key']/@value")[0]
    assert "WEIGHING" in doc.xpath("//input[@name='reasons']/@value")
    response = post(client, household, key, date=today.isoformat(), patient=child.pk, reasons=["WEIGHING"],
                    findings=["looks_thin"], outcome="referred", referred_to="posyandu",
                    referred_on=(today + timedelta(days=7)).isoformat())
    assert response.status_code == 302
    visit = HomeVisit.objects.get()
    assert (visit.patient, visit.outcome, visit.reasons, visit.findings) == (child, "referred", ["WEIGHING"],
                                                                            ["looks_thin"])
    listed = html.fromstring(client.get(reverse("followup:due_list")).content)
    badge = listed.xpath(f"//li[@data-patient='{child.pk}']//span[contains(@class, 'referral-badge')]")
    assert len(badge) == 1
    assert post(client, household, key, date=today.isoformat(), patient=child.pk, outcome="referred",
                referred_to="posyandu", referred_on=today.isoformat()).status_code == 302
    assert HomeVisit.objects.count() == 1  # the same submission twice is stored once


def test_a_referral_without_a_date_is_refused_naming_the_field_and_keeping_what_was_typed(client, cast, kader_area,
                                                                                         today):
    household, child = kader_area["late"], kader_area["overdue_child"]
    client.force_login(cast["kader"])
    client.cookies.load({"django_language": "id"})
    response = post(client, household, "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d", date=today.isoformat(),
                    patient=child.pk, outcome="referred", referred_to="puskesmas", note="Anak lemas")
    assert response.status_code == 400
    doc = html.fromstring(response.content)
    errors = " ".join(doc.xpath("//*[contains(@class, 'invalid-feedback')]//text()"))
    assert "tanggal" in errors.lower()
    assert [t.strip() for t in doc.xpath("//textarea[@name='note']/text()")] == ["Anak lemas"]
    assert doc.xpath("//select[@name='referred_to']/option[@selected]/@value") == ["puskesmas"]
    assert not HomeVisit.objects.exists()


def test_a_person_who_died_leaves_every_list_and_dinkes_sees_the_exit(client, cast, kader_area, today):
    household, patient = kader_area["ht"], kader_area["ht_patient"]
    form_page(client, cast["kader"], household)
    response = post(client, household, "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed", date=today.isoformat(),
                    patient=patient.pk, outcome="died")
    assert response.status_code == 302
    assert not DueItem.objects.filter(patient=patient).exists()
    assert PersonExit.objects.get().reason == "died"
    client.force_login(cast["dinkes"])
    exits = html.fromstring(client.get(reverse("followup:exits")).content)
    assert [a.text for a in exits.xpath("//table[@id='exits']//a")] == [patient.name]
    client.force_login(cast["dinkes_other"])
    assert not html.fromstring(client.get(reverse("followup:exits")).content).xpath("//table[@id='exits']//a")


def test_a_household_outside_the_area_is_not_found(client, cast, kader_area):
    assert form_page(client, cast["kader_other"], kader_area["late"]).status_code == 404
    assert form_page(client, cast["dinkes"], kader_area["late"]).status_code == 403


def test_a_service_given_at_home_is_an_ordinary_visit_set_at_home(client, cast, kader_area):
    child = kader_area["overdue_child"]
    doc = html.fromstring(form_page(client, cast["kader"], kader_area["late"]).content)
    [serve] = doc.xpath(f"//li[@data-patient='{child.pk}']//a[contains(@class, 'serve-at-home')]/@href")
    patient_page = html.fromstring(client.get(serve).content)
    [balita] = [href for href in patient_page.xpath("//a/@href") if "/balita/baru/" in href]
    form = html.fromstring(client.get(balita).content)
    assert form.xpath("//*[@name='setting']//option[@selected]/@value | "
                      "//input[@name='setting'][@checked]/@value") == ["rumah"]
