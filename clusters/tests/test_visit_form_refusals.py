"""The visit form refuses an empty visit and a service the person may not
receive, and says what to do."""

import uuid
from datetime import timedelta

import lxml.html
import pytest
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from clusters.forms import SessionRowForm
from clusters.models import Service, Visit
from clusters.services import visit_record
from patients.forms import apply_errors


def post_visit(client, patient, package, **data):
    payload = {"date": timezone.localdate().isoformat(), "setting": "gedung", "submission_key": str(uuid.uuid4())}
    payload.update(data)
    return client.post(f"/kunjungan/pasien/{patient.pk}/{package}/baru/", payload)


def alerts(response) -> str:
    page = lxml.html.fromstring(response.content)
    return " ".join(e.text_content() for e in page.xpath("//*[contains(@class, 'alert-danger')]"))


@pytest.fixture
def petugas(client, cast):
    client.force_login(cast["petugas"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_a_visit_with_no_service_and_no_measurement_is_refused_saying_what_to_fill(petugas, family, network):
    response = post_visit(petugas, family["toddler"], "balita", facility=network["36.01"]["puskesmas"].pk,
                          measured_lying="lying")
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "fill in at least one measurement or tick a service" in alerts(response)


def test_a_visit_with_only_a_service_is_saved(petugas, family, network):
    weighing = Service.objects.get(code="WEIGHING")
    response = post_visit(petugas, family["toddler"], "balita", facility=network["36.01"]["puskesmas"].pk,
                          services=[weighing.pk])
    assert response.status_code == 302 and Visit.objects.count() == 1


def test_a_service_not_for_this_person_is_refused_by_name(cast, family, network):
    service = Service.objects.get(code="WEIGHING")
    service.sex = "P"
    service.save()
    with pytest.raises(ValidationError) as exc:
        visit_record(by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
                     date=timezone.localdate(), package="balita", services=[service])
    assert any(service.name in m and m.startswith("Not for this person") for m in exc.value.message_dict["services"])


def test_a_service_outside_its_age_limits_is_refused(cast, family, network):
    service = Service.objects.get(code="WEIGHING")
    service.max_age_months = 6
    service.save()
    with pytest.raises(ValidationError) as exc:
        visit_record(by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
                     date=timezone.localdate(), package="balita", services=[service])
    assert "services" in exc.value.message_dict


def test_a_service_s_error_on_a_key_the_form_lacks_is_shown_above_it_with_its_name():
    form = SessionRowForm({})
    form.is_valid()
    apply_errors(form, ValidationError({"package": ["Unknown package."], "weight_kg": ["Too heavy."],
                                        NON_FIELD_ERRORS: ["Whole entry."]}), labels={"package": "Package"})
    assert form.non_field_errors() == ["Package: Unknown package.", "Whole entry."]
    assert form.errors["weight_kg"] == ["Too heavy."]  # shown next to its field


def test_warnings_in_the_visit_form_show_the_confirmation_box(petugas, family, network):
    baby = family["toddler"]
    baby.birth_date = timezone.localdate() - timedelta(days=243)
    baby.save()
    response = post_visit(petugas, baby, "balita", facility=network["36.01"]["puskesmas"].pk, weight_kg="19")
    page = lxml.html.fromstring(response.content)
    assert response.status_code == 200 and page.xpath("//input[@name='confirm_warnings']")
    assert "Weight-for-age z-score" in page.text_content() and not Visit.objects.exists()
