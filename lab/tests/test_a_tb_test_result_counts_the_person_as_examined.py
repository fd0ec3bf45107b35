"""A TB test's result is the person's TB examination: TB_TEST joins the
visit that asked (or a TB visit at the Puskesmas when the asking facility
cannot give it), so the TB_EXAMINED figure counts the person after the
scheduled refresh. A negative TCM is an examination too; an invalid run is
not."""

from datetime import timedelta

import pytest

from clusters.models import Service, Visit
from clusters.services import visit_record
from lab import services
from lab.models import Flag, Outcome
from reports import engine
from reports.models import CoverageFact


@pytest.fixture
def presumptive(cast, adult, pkm, today):
    """A man with cough, screened for TB at the Puskesmas yesterday."""
    return visit_record(by=cast["petugas"], patient=adult, facility=pkm, date=today - timedelta(days=1),
                        package="tb", services=list(Service.objects.filter(code="TB_SCREENING")),
                        measurements={"tb_symptoms": ["cough_2w"]}, confirm_warnings=True)


def examined(person, year) -> int:
    return sum(CoverageFact.objects.filter(indicator="TB_EXAMINED", month__year=year,
                                           posyandu=person.household.posyandu).values_list("numerator", flat=True))


def codes(visit):
    return set(visit.services.values_list("code", flat=True))


def test_a_positive_tcm_adds_the_tb_test_and_the_figure_counts_the_person(cast, analyst, presumptive, test_of):
    year = presumptive.date.year
    engine.rebuild("36.01", year)
    assert examined(presumptive.patient, year) == 0
    [request] = services.request_tests(by=cast["petugas"], patient=presumptive.patient, visit=presumptive,
                                       tests=[test_of("TCM")])

    services.enter_result(by=analyst, request=request, outcome=Outcome.MTB_RIF_SENSITIVE)
    engine.refresh()

    request.refresh_from_db()
    assert request.flag == Flag.POSITIVE
    assert codes(presumptive) == {"TB_SCREENING", "TB_TEST"}
    assert examined(presumptive.patient, year) == 1


def test_a_negative_tcm_is_still_an_examination(cast, analyst, presumptive, test_of):
    [request] = services.request_tests(by=cast["petugas"], patient=presumptive.patient, visit=presumptive,
                                       tests=[test_of("TCM")])
    services.enter_result(by=analyst, request=request, outcome=Outcome.MTB_NOT_DETECTED)
    assert "TB_TEST" in codes(presumptive)
    request.refresh_from_db()
    assert request.flag == Flag.NORMAL


def test_an_invalid_run_is_no_examination(cast, analyst, presumptive, test_of):
    [request] = services.request_tests(by=cast["petugas"], patient=presumptive.patient, visit=presumptive,
                                       tests=[test_of("BTA")])
    services.enter_result(by=analyst, request=request, outcome=Outcome.INVALID)
    assert "TB_TEST" not in codes(presumptive)


def test_sputum_from_a_pustu_is_examined_at_its_puskesmas(cast, analyst, adult, network, pkm, today, test_of):
    pustu = network["36.01"]["pustu"]
    screened = visit_record(by=cast["pustu"], patient=adult, facility=pustu, date=today, package="tb",
                            services=list(Service.objects.filter(code="TB_SCREENING")),
                            measurements={"tb_symptoms": ["cough_2w"]}, confirm_warnings=True)
    [request] = services.request_tests(by=cast["pustu"], patient=adult, visit=screened, tests=[test_of("BTA")])
    assert request.lab == pkm

    services.enter_result(by=analyst, request=request, outcome=Outcome.AFB_2)

    examination = Visit.objects.get(patient=adult, facility=pkm)
    assert codes(examination) == {"TB_TEST"} and examination.package == "tb"
    assert codes(screened) == {"TB_SCREENING"}


def test_a_test_asked_at_the_lab_itself_gets_a_tb_visit(analyst, adult, pkm, test_of):
    [request] = services.request_tests(by=analyst, patient=adult, facility=pkm, tests=[test_of("TCM")])
    services.enter_result(by=analyst, request=request, outcome=Outcome.MTB_RIF_RESISTANT)
    request.refresh_from_db()
    assert request.visit is not None and codes(request.visit) == {"TB_TEST"}
