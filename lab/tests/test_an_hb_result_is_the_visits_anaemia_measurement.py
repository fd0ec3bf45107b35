"""An Hb test asked at an ANC visit and resulted at the lab is the visit's Hb:
the measurement equals the result and the anaemia flag follows, through the
visit's history and the coverage change log."""

from decimal import Decimal

from clusters.models import CoverageChange, Measurement
from lab import services
from lab.models import Flag, Status


def test_an_hb_result_at_the_lab_sets_the_visits_hb_and_anaemia_flag(cast, analyst, anc_visit, test_of):
    [request] = services.request_tests(by=cast["petugas"], patient=anc_visit.patient, visit=anc_visit,
                                       tests=[test_of("HB")])
    assert request.lab == anc_visit.facility and request.status == Status.WAITING
    CoverageChange.objects.all().delete()

    services.enter_result(by=analyst, request=request, value=Decimal("9.46"))

    request.refresh_from_db()
    measured = Measurement.objects.get(visit=anc_visit)
    assert measured.hb_g_dl == request.value == Decimal("9.5")
    assert measured.anaemia is True
    assert measured.gestational_age_weeks == 22 and measured.systolic == 110  # the rest kept
    assert request.flag == Flag.LOW and request.status == Status.DONE and request.resulted_at
    assert CoverageChange.objects.filter(patient=anc_visit.patient).exists()
    assert measured.history.count() >= 2


def test_a_normal_hb_for_a_pregnant_woman_clears_the_anaemia_flag(cast, analyst, anc_visit, test_of):
    [request] = services.request_tests(by=cast["petugas"], patient=anc_visit.patient, visit=anc_visit,
                                       tests=[test_of("HB")])
    services.enter_result(by=analyst, request=request, value=Decimal("12.4"))
    measured = Measurement.objects.get(visit=anc_visit)
    assert measured.hb_g_dl == Decimal("12.4") and measured.anaemia is False


def test_a_glucose_result_is_the_visits_glucose_with_its_fasting_state(cast, analyst, adult, pkm, today, test_of):
    from clusters.services import visit_record

    visit = visit_record(by=cast["petugas"], patient=adult, facility=pkm, date=today, package="ptm",
                         measurements={"systolic": 120, "diastolic": 80}, confirm_warnings=True)
    [request] = services.request_tests(by=cast["petugas"], patient=adult, visit=visit, tests=[test_of("GDP")])
    services.enter_result(by=analyst, request=request, value=Decimal("131"))
    measured = Measurement.objects.get(visit=visit)
    assert measured.glucose_mg_dl == 131 and measured.glucose_fasting is True
    assert measured.glucose_class == "diabetes"
