"""Adding a child from the Posyandu session: a refusal comes back on the same
page with the form open, each error next to its field and what was typed kept."""

from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings
from django.utils import timezone

from clusters.forms import SessionChildForm
from clusters.models import PosyanduSession
from patients.models import Patient


@pytest.fixture
def session(client, cast, family):
    client.force_login(cast["kader"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return PosyanduSession.objects.create(posyandu=cast["kader"].scope_facility, date=timezone.localdate(),
                                          opened_by=cast["kader"])


def add(client, session, **data):
    return client.post(f"/kunjungan/sesi/{session.pk}/anak-baru/", data)


def test_a_birth_date_in_the_future_keeps_everything_typed(client, session, family):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = add(client, session, mother=family["mother"].pk, name="Bayi Neng", sex="P",
                   birth_date=tomorrow.isoformat(), nik="")
    assert response.status_code == 400 and response.context["add_child_open"] is True
    form = response.context["child_form"]
    assert list(form.errors) == ["birth_date"] and form["name"].value() == "Bayi Neng"
    page = lxml.html.fromstring(response.content)
    assert page.xpath("//input[@name='name']/@value") == ["Bayi Neng"]
    assert page.xpath("//input[@name='birth_date']/@value") == [tomorrow.isoformat()]
    assert not Patient.objects.filter(name="Bayi Neng").exists()


def test_a_mother_from_elsewhere_is_an_error_on_the_mother(client, session, people):
    response = add(client, session, mother=people["stranger"].pk, name="Bayi", sex="L",
                   birth_date=(timezone.localdate() - timedelta(days=3)).isoformat())
    assert response.status_code == 400 and "mother" in response.context["child_form"].errors


def test_a_refusal_from_the_registration_stays_on_the_page(client, session, family):
    # The mother's own birth date is after the baby's: refused by the service.
    response = add(client, session, mother=family["mother"].pk, name="Bayi Lama", sex="L", birth_date="1990-01-01")
    assert response.status_code == 400 and response.context["child_form"].errors


def test_a_valid_child_is_added_and_the_page_reloads(client, session, family):
    response = add(client, session, mother=family["mother"].pk, name="Bayi Neng", sex="P",
                   birth_date=(timezone.localdate() - timedelta(days=10)).isoformat())
    assert response.status_code == 302 and Patient.objects.filter(name="Bayi Neng").exists()


def test_the_birth_date_box_does_not_offer_days_after_the_session():
    day = timezone.localdate() - timedelta(days=7)
    form = SessionChildForm(on=day)
    assert lxml.html.fragment_fromstring(str(form["birth_date"])).get("max") == day.isoformat()
