"""The visit page shows every stored measurement and derived value with a
translated label and unit, and never a raw catalogue code, class or status."""

from decimal import Decimal

import lxml.html
from django.conf import settings
from django.utils import timezone

from clusters import labels
from clusters.models import Measurement
from clusters.services import visit_record, visit_update
from clusters.tests.conftest import services

RAW_CODES = {"WEIGHING", "VIT_A", "ANC_K5", "TTD_BUMIL", "PTM_SCREENING", "obese_1", "obese_2", "independent",
             "prediabetes_", "severely_underweight", "risk_of_overweight", "gedung", "posyandu", "anc", "ptm",
             "balita", "lansia", "True", "False", "None", "N", "T", "O", "B", "cough_2w", "mobility"}


def record(by, patient, facility, package, codes, **measurements):
    return visit_record(by=by, patient=patient, facility=facility, date=timezone.localdate(), package=package,
                        services=services(*codes), measurements=measurements, confirm_warnings=True)


def page(client, user, visit, suffix=""):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/kunjungan/{visit.pk}/{suffix}")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def shown(tree, section):
    """{label: value} of a definition list of the page."""
    dl = tree.get_element_by_id(section)
    return {dt.text_content().strip(): dd.text_content().strip()
            for dt, dd in zip(dl.findall("dt"), dl.findall("dd"), strict=True)}


def texts(tree):
    return {node.text_content().strip() for node in tree.iter() if isinstance(node.tag, str)}


def test_an_anc_visit_page_shows_hb_and_gestational_age(client, cast, network, pregnant):
    visit = record(cast["petugas"], pregnant, network["36.01"]["puskesmas"], "anc", ["ANC_K5", "TTD_BUMIL"],
                   gestational_age_weeks=30, hb_g_dl=Decimal("10.5"), weight_kg=Decimal("60.25"),
                   muac_cm=Decimal("22"), systolic=120, diastolic=80, tb_symptoms=["cough_2w"])
    tree = page(client, cast["petugas"], visit)
    measured, derived = shown(tree, "measured"), shown(tree, "derived")
    assert measured["Hb"] == "10.5 g/dL"
    assert measured["Gestational age"] == "30 weeks"
    assert measured["Weight"] == "60.25 kg"
    assert measured["TB symptoms"] == "Cough for 2 weeks or more"
    assert derived["Anaemia"] == "Yes" and derived["Chronic energy deficiency (KEK)"] == "Yes"
    assert derived["Presumptive TB"] == "Yes" and derived["Hypertension"] == "No"
    services_shown = tree.get_element_by_id("services").text_content()
    assert "Tablet tambah darah ibu hamil" in services_shown and "TTD_BUMIL" not in services_shown
    assert not texts(tree) & RAW_CODES


def test_an_adult_visit_page_shows_class_labels_not_codes(client, cast, network, family):
    visit = record(cast["petugas"], family["father"], network["36.01"]["puskesmas"], "ptm", ["PTM_SCREENING"],
                   weight_kg=Decimal("80"), length_cm=Decimal("165"), waist_cm=Decimal("95"), systolic=130,
                   diastolic=85, glucose_mg_dl=150, glucose_fasting=False, srq20=7, puma=7)
    tree = page(client, cast["petugas"], visit)
    derived = shown(tree, "derived")
    assert visit.measurement.bmi_class == "obese_1"
    assert derived["BMI"].startswith("29.4 kg/m²") and derived["BMI"].endswith("obese I")
    assert derived["Blood glucose result"] == "prediabetes"
    assert derived["Central obesity"] == "Yes"
    assert "obese_1" not in tree.text_content()
    assert not texts(tree) & RAW_CODES


def test_a_child_visit_page_shows_z_scores_classes_and_the_growth_code(client, cast, network, family):
    visit = record(cast["kader"], family["toddler"], network["36.01"]["posyandu_pustu"], "balita", ["WEIGHING"],
                   weight_kg=Decimal("9.4"), length_cm=Decimal("75"), measured_lying=True, oedema=False)
    tree = page(client, cast["kader"], visit)
    measured, derived = shown(tree, "measured"), shown(tree, "derived")
    assert measured["Measured"] == "lying" and measured["Bilateral pitting oedema"] == "No"
    assert derived["Growth code"] == "B: first weighing (baru)"
    m = visit.measurement
    assert "Weight-for-age z-score (BB/U)" in derived and str(labels.WEIGHT_FOR_AGE_LABELS[
        m.weight_for_age_class]) in derived["Weight-for-age z-score (BB/U)"]
    assert not texts(tree) & RAW_CODES


def test_every_stored_measurement_field_has_a_label():
    stored = {f.name for f in Measurement._meta.concrete_fields} - {"visit", "age_days"}
    assert stored <= set(labels.MEASURED) | set(labels.DERIVED) | labels.SHOWN_BESIDE


def test_the_history_page_names_the_removed_service(client, cast, network, family):
    visit = record(cast["petugas"], family["toddler"], network["36.01"]["puskesmas"], "balita",
                   ["WEIGHING", "VIT_A"], weight_kg=Decimal("9.4"))
    visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=services("WEIGHING"),
                 measurements={"weight_kg": Decimal("9.6")}, setting=visit.setting, note="", confirm_warnings=True)
    tree = page(client, cast["petugas"], visit, "riwayat/")
    entries = tree.get_element_by_id("history").findall("li")
    assert [e.get("data-kind") for e in entries] == ["changed", "created"]
    changed = {li.get("data-field"): li.text_content() for li in entries[0].iter("li") if li.get("data-field")}
    assert "removed Vitamin A (Februari dan Agustus)" in " ".join(changed["services"].split())
    assert "9.4 → 9.6" in changed["weight_kg"]
    assert "Saved without changes" not in tree.text_content()
