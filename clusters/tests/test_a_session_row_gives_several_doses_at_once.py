"""At two, three and four months several doses are due together (DPT-HB-Hib,
OPV, PCV, RV): the kader ticks each on the child's card and saves once. A
dose saved earlier stays recorded, shown ticked and not sent again; a code
outside the schedule is refused naming the field, and nothing is saved."""

from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clusters.models import PosyanduSession, Visit
from clusters.tests.test_session_row_answers import save_row
from patients.tests.factories import PatientFactory


@pytest.fixture
def session(client, cast):
    client.force_login(cast["kader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return PosyanduSession.objects.create(posyandu=cast["kader"].scope_facility, date=timezone.localdate(),
                                          opened_by=cast["kader"])


@pytest.fixture
def two_months(family):
    return PatientFactory(household=family["household"], name="Raka", sex="L",
                          birth_date=timezone.localdate() - timedelta(days=65))


def doses(session, child):
    visit = Visit.objects.get(session=session, patient=child)
    return {s.code for s in visit.services.all() if s.code.startswith("IMM_")}


def card(client, session, child):
    url = reverse("clusters:session", args=[session.posyandu_id, session.date.isoformat()])
    page = lxml.html.fromstring(client.get(url).content)
    [form] = page.xpath(f"//form[@id='row-{child.pk}']")
    return {box.get("value"): (box.get("checked") is not None, box.get("disabled") is not None)
            for box in form.xpath(".//input[@name='immunisation']")}


def test_the_doses_due_together_are_saved_at_once(client, session, two_months):
    before = card(client, session, two_months)
    assert {"IMM_DPT1", "IMM_OPV2", "IMM_PCV1"} <= set(before)
    assert not any(checked for checked, _ in before.values())

    response = save_row(client, session, two_months, weight_kg="5,1",
                        immunisation=["IMM_DPT1", "IMM_OPV2", "IMM_PCV1"])

    assert response.status_code == 200, response.json()
    assert doses(session, two_months) == {"IMM_DPT1", "IMM_OPV2", "IMM_PCV1"}
    assert response.json()["values"]["immunisation"] == "IMM_DPT1 IMM_OPV2 IMM_PCV1"
    after = card(client, session, two_months)
    assert {code for code, state in after.items() if state == (True, True)} == {"IMM_DPT1", "IMM_OPV2", "IMM_PCV1"}


def test_a_dose_added_later_keeps_those_saved_before(client, session, two_months):
    save_row(client, session, two_months, weight_kg="5,1", immunisation=["IMM_DPT1"])
    again = save_row(client, session, two_months, weight_kg="5,1", immunisation=["IMM_OPV2"])

    assert again.status_code == 200
    assert doses(session, two_months) == {"IMM_DPT1", "IMM_OPV2"}


def test_a_saved_rows_values_posted_back_save_the_same_doses(client, session, two_months):
    values = save_row(client, session, two_months, weight_kg="5,1",
                      immunisation=["IMM_DPT1", "IMM_PCV1"]).json()["values"]
    again = save_row(client, session, two_months, **{k: v for k, v in values.items() if v})

    assert again.status_code == 200, again.json()
    assert doses(session, two_months) == {"IMM_DPT1", "IMM_PCV1"}


def test_a_code_outside_the_schedule_is_refused_naming_the_field(client, session, two_months):
    response = save_row(client, session, two_months, weight_kg="5,1", immunisation=["IMM_DPT1", "MR"])

    assert response.status_code == 400
    assert response.json()["errors"]["immunisation"] == ["Immunisation: MR is not a dose of the schedule."]
    assert not Visit.objects.filter(session=session).exists()
