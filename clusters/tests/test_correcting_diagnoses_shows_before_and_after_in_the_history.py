"""Correcting a visit's diagnoses is a correction like any other: the visit
keeps the new ones in their new order, its history shows them before → after
by code and name, and a removed visit's archive keeps the codes it had."""

from django.utils import timezone

from clusters.models import Diagnosis, Visit, VisitRemoval
from clusters.services import visit_record, visit_remove, visit_update
from clusters.tests.conftest import services

from .diagnosis_pages import page, signed_in, words

HYPERTENSION = "I10 — Essential (primary) hypertension"
DIABETES = "E11.9 — Type 2 diabetes mellitus without complications"


def diagnosed(*codes):
    found = {d.code: d for d in Diagnosis.objects.filter(code__in=codes)}
    return [found[c] for c in codes]


def record(cast, network, patient, *codes):
    return visit_record(by=cast["petugas"], patient=patient, facility=network["36.01"]["puskesmas"],
                        date=timezone.localdate(), package="ptm", services=services("PTM_SCREENING"),
                        diagnoses=diagnosed(*codes))


def correct(cast, visit, codes=None):
    return visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=services("PTM_SCREENING"),
                        measurements={}, setting=visit.setting,
                        diagnoses=None if codes is None else diagnosed(*codes))


def in_order(visit):
    return [d.code for d in visit.diagnoses.order_by("visit_rows__position")]


def test_the_form_shows_the_current_codes_and_a_correction_saves_the_new_ones(client, cast, network, family):
    visit = record(cast, network, family["father"], "I10")
    signed_in(client, cast["petugas"])
    tree = page(client, f"/kunjungan/{visit.pk}/ubah/")
    [field] = tree.xpath("//input[@name='diagnoses']")
    assert field.get("value") == "I10"
    assert words(tree.get_element_by_id("diagnosis-chosen")) == HYPERTENSION
    response = client.post(f"/kunjungan/{visit.pk}/ubah/", {
        "date": visit.date.isoformat(), "facility": visit.facility_id, "setting": "gedung",
        "services": [s.pk for s in services("PTM_SCREENING")], "diagnoses": "E11.9, I10"})
    assert response.status_code == 302
    assert in_order(visit) == ["E11.9", "I10"]


def test_the_history_shows_the_diagnoses_before_and_after_a_correction(client, cast, network, family):
    visit = record(cast, network, family["father"], "I10")
    correct(cast, visit, ["E11.9", "I10"])
    signed_in(client, cast["petugas"])
    tree = page(client, f"/kunjungan/{visit.pk}/riwayat/")
    changed, created = tree.get_element_by_id("history").findall("li")
    [line] = changed.xpath(".//li[@data-field='diagnoses']")
    assert words(line) == f"Diagnosis (ICD-10): {HYPERTENSION} → {DIABETES}; {HYPERTENSION}"
    [first] = created.xpath(".//li[@data-field='diagnoses']")
    assert words(first) == f"Diagnosis (ICD-10): {HYPERTENSION}"


def test_removing_every_diagnosis_shows_a_dash_after(client, cast, network, family):
    visit = record(cast, network, family["father"], "I10")
    correct(cast, visit, [])
    assert in_order(visit) == []
    signed_in(client, cast["petugas"])
    changed = page(client, f"/kunjungan/{visit.pk}/riwayat/").get_element_by_id("history").findall("li")[0]
    [line] = changed.xpath(".//li[@data-field='diagnoses']")
    assert words(line) == f"Diagnosis (ICD-10): {HYPERTENSION} → —"


def test_a_correction_that_leaves_the_diagnoses_out_keeps_them_and_shows_no_change(cast, network, family):
    from clusters.visit_history import visit_history

    visit = record(cast, network, family["father"], "I10", "E11.9")
    correct(cast, visit, None)
    correct(cast, visit, ["I10", "E11.9"])
    assert in_order(visit) == ["I10", "E11.9"]
    assert all(c.field != "diagnoses" for entry in visit_history(visit)[:-1] for c in entry.changes)


def test_a_deactivated_diagnosis_already_on_the_visit_may_stay(cast, network, family):
    visit = record(cast, network, family["father"], "J06.9")
    Diagnosis.objects.filter(code="J06.9").update(active=False)
    correct(cast, visit, ["I10", "J06.9"])
    assert in_order(visit) == ["I10", "J06.9"]


def test_a_removed_visit_keeps_its_codes_in_the_archive(cast, network, family):
    visit = record(cast, network, family["father"], "I10", "E11.9")
    visit_remove(by=cast["admin"], visit=visit, reason="Typed on the wrong person")
    assert not Visit.objects.exists()
    assert VisitRemoval.objects.get().snapshot["diagnoses"] == ["I10", "E11.9"]
