"""The demo district's lab year follows its visits: every Hb and glucose
result is the visit's own value, every TB test has its result (positive for
the people then treated), results come after their requests, and recent
visits leave work waiting at the lab."""

from datetime import date

import pytest

from clusters.models import Measurement, Visit
from demo.lab import build_lab
from lab.models import LabRequest, Status

TODAY = date(2026, 11, 25)


@pytest.fixture
def lab_year(network):
    from demo.people import build_people
    from demo.visits import build_visits

    build_people("36.01", 600, seed=5, today=TODAY)
    build_visits("36.01", seed=5, today=TODAY)
    return build_lab("36.01", seed=5, today=TODAY)


def test_every_hb_and_glucose_result_is_the_visits_value(lab_year):
    assert lab_year.by_test["HB"] and lab_year.requests == LabRequest.objects.count()
    values = {v: (hb, glucose) for v, hb, glucose in Measurement.objects.values_list(
        "visit_id", "hb_g_dl", "glucose_mg_dl")}
    for visit_id, code, value in LabRequest.objects.filter(status=Status.DONE, test__feeds__gt="").values_list(
            "visit_id", "test__code", "value"):
        hb, glucose = values[visit_id]
        assert value == (hb if code == "HB" else glucose)


def test_every_tb_test_has_its_result_and_the_treated_were_positive(lab_year):
    treated = set(Visit.objects.filter(services__code="TB_TREATMENT").values_list("patient_id", flat=True))
    tb = LabRequest.objects.filter(test__tb_test=True)
    assert tb.exists() and not tb.exclude(status=Status.DONE).exists()
    for patient_id, flag in tb.values_list("patient_id", "flag"):
        assert (flag == "positive") == (patient_id in treated)


def test_results_come_after_their_requests_and_some_wait(lab_year):
    for asked, resulted in LabRequest.objects.filter(status=Status.DONE).values_list("requested_at", "resulted_at"):
        assert resulted >= asked
    assert lab_year.by_status[Status.WAITING] == LabRequest.objects.filter(status=Status.WAITING).count()


def test_seeding_again_replaces_the_year(lab_year):
    again = build_lab("36.01", seed=5, today=TODAY)
    assert again.requests == lab_year.requests == LabRequest.objects.count()
