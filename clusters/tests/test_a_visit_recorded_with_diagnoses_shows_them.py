"""A Puskesmas worker records a visit with ICD-10 codes typed in the form:
the visit keeps them in order (the first is the primary one) and its page,
and the person's page, show each by code and name, never the bare code."""

from datetime import date

from django.utils import timezone

from clusters.models import Diagnosis, Visit
from clusters.services import visit_record
from clusters.tests.conftest import services
from patients.tests.factories import PatientFactory

from .diagnosis_pages import page, post_visit, signed_in, words

HYPERTENSION = "I10 — Essential (primary) hypertension"
DIABETES = "E11.9 — Type 2 diabetes mellitus without complications"


def test_codes_typed_in_any_case_and_without_the_dot_are_saved_in_order(client, cast, network, family):
    signed_in(client, cast["petugas"])
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          systolic="150", diastolic="95", diagnoses="i10, E119")
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert [d.code for d in visit.diagnoses.order_by("visit_rows__position")] == ["I10", "E11.9"]


def test_the_visit_page_lists_the_diagnoses_by_code_and_name_primary_first(client, cast, network, family):
    signed_in(client, cast["petugas"])
    post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk, systolic="150",
               diastolic="95", diagnoses="I10 E11.9")
    tree = page(client, f"/kunjungan/{Visit.objects.get().pk}/")
    items = [words(li) for li in tree.get_element_by_id("diagnoses").findall(".//li")]
    assert items == [HYPERTENSION + " primary", DIABETES]


def test_the_persons_page_shows_the_diagnoses_of_each_visit(client, cast, network, family):
    father = family["father"]
    visit_record(by=cast["petugas"], patient=father, facility=network["36.01"]["puskesmas"],
                 date=timezone.localdate(), package="ptm", measurements={"systolic": 150, "diastolic": 95},
                 diagnoses=list(Diagnosis.objects.filter(code__in=["I10"])))
    signed_in(client, cast["petugas"])
    tree = page(client, f"/pasien/{father.pk}/")
    [item] = tree.get_element_by_id("visit-list").findall("li")
    [line] = item.find_class("diagnoses")
    assert HYPERTENSION in words(line)


def test_a_visit_with_only_a_diagnosis_is_saved(client, cast, network, family):
    signed_in(client, cast["petugas"])
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          diagnoses="J06.9")
    assert response.status_code == 302
    assert [d.code for d in Visit.objects.get().diagnoses.all()] == ["J06.9"]


def test_a_visit_without_diagnoses_shows_a_dash_at_a_puskesmas_and_nothing_at_a_posyandu(client, cast, network,
                                                                                       family):
    at_puskesmas = visit_record(by=cast["petugas"], patient=family["father"], facility=network["36.01"]["puskesmas"],
                                date=timezone.localdate(), package="ptm", services=services("PTM_SCREENING"))
    at_posyandu = visit_record(by=cast["kader"], patient=family["toddler"],
                               facility=network["36.01"]["posyandu_pustu"], date=timezone.localdate(),
                               package="balita", services=services("WEIGHING"), setting="posyandu")
    signed_in(client, cast["petugas"])
    assert words(page(client, f"/kunjungan/{at_puskesmas.pk}/").get_element_by_id("diagnoses")) == "—"
    assert not page(client, f"/kunjungan/{at_posyandu.pk}/").xpath("//*[@id='diagnoses']")


def test_saving_takes_as_many_queries_for_three_diagnoses_as_for_one(cast, network, family,
                                                                     django_assert_max_num_queries):
    def record(codes, patient):
        return visit_record(by=cast["petugas"], patient=patient, facility=network["36.01"]["puskesmas"],
                            date=timezone.localdate(), package="ptm", services=services("PTM_SCREENING"),
                            diagnoses=list(Diagnosis.objects.filter(code__in=codes)))

    men = [PatientFactory(household=family["household"], sex="L", birth_date=date(1970 + i, 1, 1)) for i in range(3)]
    record(["I10"], men[0])  # warms what a first save reads once
    with django_assert_max_num_queries(60) as one:
        record(["I10"], men[1])
    with django_assert_max_num_queries(len(one.captured_queries)):
        record(["I10", "E11.9", "J06.9"], men[2])
