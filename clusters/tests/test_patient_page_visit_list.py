"""The visits on a person's page are listed in words (package, services and
classes by their labels, never their codes), stacked rather than in a wide
table so a phone shows them without scrolling sideways."""

from decimal import Decimal

import lxml.html
from django.conf import settings
from django.utils import timezone

from clusters.services import visit_record
from clusters.tests.conftest import services

RAW_CODES = {"WEIGHING", "VIT_A", "IMM_BCG", "PTM_SCREENING", "balita", "ptm", "obese_1", "normal_weight", "N",
             "B", "T", "O", "severely_underweight", "underweight"}


def patient_page(client, user, patient):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/pasien/{patient.pk}/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def texts(node):
    return {n.text_content().strip() for n in node.iter() if isinstance(n.tag, str)}


def test_a_childs_visits_show_the_package_services_and_growth_in_words(client, cast, network, family):
    visit_record(by=cast["kader"], patient=family["toddler"], facility=network["36.01"]["posyandu_pustu"],
                 date=timezone.localdate(), package="balita", services=services("WEIGHING", "VIT_A"),
                 measurements={"weight_kg": Decimal("9.40"), "length_cm": Decimal("75")}, setting="posyandu")
    tree = patient_page(client, cast["kader"], family["toddler"])
    visits = tree.get_element_by_id("visit-list")
    [item] = visits.findall("li")
    text = " ".join(item.text_content().split())
    assert "Under-five growth and immunisation" in text
    assert "Penimbangan dan pengukuran balita, Vitamin A (Februari dan Agustus)" in text
    assert "9.4 kg" in text and "B: first weighing (baru)" in text
    assert not texts(visits) & RAW_CODES
    assert not tree.xpath("//section[@id='visits']//table")


def test_an_adults_visit_shows_the_bmi_class_label(client, cast, network, family):
    visit_record(by=cast["petugas"], patient=family["father"], facility=network["36.01"]["puskesmas"],
                 date=timezone.localdate(), package="ptm", services=services("PTM_SCREENING"),
                 measurements={"weight_kg": Decimal("80"), "length_cm": Decimal("165"), "systolic": 150,
                               "diastolic": 95})
    tree = patient_page(client, cast["petugas"], family["father"])
    visits = tree.get_element_by_id("visit-list")
    text = " ".join(visits.text_content().split())
    assert "BMI 29.4 (obese I)" in text and "hypertension" in text
    assert "obese_1" not in text and not texts(visits) & RAW_CODES


def test_the_immunisations_due_are_named_not_coded(client, cast, network, family):
    visit_record(by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
                 date=timezone.localdate(), package="balita", services=services("IMM_BCG"), confirm_warnings=True)
    tree = patient_page(client, cast["petugas"], family["toddler"])
    due = tree.get_element_by_id("immunisation").text_content()
    assert "IMM_" not in due and "polio tetes (OPV) 1" in due


def test_the_immunisations_due_do_not_repeat_the_word_immunisation(client, cast, network, family):
    visit_record(by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
                 date=timezone.localdate(), package="balita", services=services("IMM_BCG"), confirm_warnings=True)
    tree = patient_page(client, cast["petugas"], family["toddler"])
    due = tree.xpath("//p[@id='immunisation']/span[contains(@class, 'text-muted')]")[0].text_content()
    names = [name.strip() for name in due.split(":", 1)[1].split(",")]
    assert "polio tetes (OPV) 1" in names and "BCG" not in names
    assert not [name for name in names if name.startswith("Imunisasi")]
