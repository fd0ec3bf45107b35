"""A code that is not in the ICD-10 list (or no longer in use) is refused
with a message naming the field and the code, nothing is saved, and the form
comes back with everything typed. Diagnoses belong to Puskesmas and Pustu
visits: a kader's form does not ask for them and a Posyandu visit refuses them."""

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusters.models import Diagnosis, Visit
from clusters.services import visit_record

from .diagnosis_pages import post_visit, signed_in


def alerts(response) -> str:
    tree = lxml.html.fromstring(response.content)
    return " ".join(" ".join(e.text_content().split()) for e in tree.find_class("alert-danger"))


def typed(response, name) -> str:
    [field] = lxml.html.fromstring(response.content).xpath(f"//input[@name='{name}']")
    return field.get("value")


def test_an_unknown_code_is_named_with_the_field_and_what_was_typed_stays(client, cast, network, family):
    signed_in(client, cast["petugas"])
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          systolic="150", diastolic="95", diagnoses="I10, X99.9 hipertensi")
    assert response.status_code == 200 and not Visit.objects.exists()
    message = alerts(response)
    assert "Diagnosis (ICD-10): Unknown ICD-10 code: X99.9, hipertensi." in message
    assert typed(response, "diagnoses") == "I10, X99.9 hipertensi"
    assert typed(response, "systolic") == "150"


def test_a_deactivated_code_is_refused_on_a_new_visit(client, cast, network, family):
    Diagnosis.objects.filter(code="J06.9").update(active=False)
    signed_in(client, cast["petugas"])
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          diagnoses="J06.9")
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "J06.9" in alerts(response)


def test_more_than_ten_codes_are_refused(client, cast, network, family):
    codes = list(Diagnosis.objects.filter(code__startswith="I1").values_list("code", flat=True)[:11])
    signed_in(client, cast["petugas"])
    response = post_visit(client, family["father"], "ptm", facility=network["36.01"]["puskesmas"].pk,
                          diagnoses=", ".join(codes))
    assert response.status_code == 200 and not Visit.objects.exists()
    assert "At most 10 diagnoses per visit." in alerts(response)


def test_a_kaders_visit_form_does_not_ask_for_a_diagnosis(client, cast, family):
    signed_in(client, cast["kader"])
    response = client.get(f"/kunjungan/pasien/{family['toddler'].pk}/balita/baru/")
    tree = lxml.html.fromstring(response.content)
    assert response.status_code == 200 and not tree.xpath("//input[@name='diagnoses']")
    assert not tree.xpath("//script[contains(@src, 'diagnosis-picker')]")


def test_a_diagnosis_at_a_posyandu_is_refused_by_the_service(cast, network, family):
    with pytest.raises(ValidationError) as refused:
        visit_record(by=cast["kader"], patient=family["toddler"], facility=network["36.01"]["posyandu_pustu"],
                     date=timezone.localdate(), package="balita", measurements={"weight_kg": 10},
                     diagnoses=list(Diagnosis.objects.filter(code="J06.9")), setting="posyandu")
    assert refused.value.message_dict["diagnoses"] == ["Diagnoses are recorded at a Puskesmas or a Pustu."]
    assert not Visit.objects.exists()
