"""Decimals are typed with a comma or a point, in either language, and a form
refilled from the database saves again unchanged."""

from decimal import Decimal

import lxml.html
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from clusters.forms import LocalDecimalField, SessionRowForm
from clusters.models import Service, Visit
from clusters.services import visit_record


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("typed", ["13,4", "13.4", " 13,4 ", "13,40"])
def test_a_weight_is_read_with_either_decimal_mark_in_either_language(language, typed):
    with translation.override(language):
        form = SessionRowForm({"weight_kg": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["weight_kg"] == Decimal("13.4")


@pytest.mark.parametrize("typed", ["1.234,5", "13,4,1", "13..4", "abc", "NaN", "Infinity"])
def test_a_number_with_two_marks_or_no_number_is_refused(typed):
    form = SessionRowForm({"weight_kg": typed})
    assert not form.is_valid() and "weight_kg" in form.errors


def test_a_local_decimal_field_keeps_its_digit_limits():
    field = LocalDecimalField(max_digits=4, decimal_places=1, required=False)
    assert field.clean("76,5") == Decimal("76.5")
    with pytest.raises(ValidationError):
        field.clean("76,55")


def test_a_decimal_field_is_a_text_box_that_opens_the_numeric_keyboard():
    with translation.override("id"):
        form = SessionRowForm(initial={"weight_kg": Decimal("13.40")})
        widget = lxml.html.fragment_fromstring(str(form["weight_kg"]))
    assert widget.get("type") == "text" and widget.get("inputmode") == "decimal"
    assert widget.get("autocomplete") == "off" and widget.get("value") == "13,4"


def test_typed_text_is_shown_again_as_typed():
    form = SessionRowForm({"weight_kg": "13,4x"})
    assert lxml.html.fragment_fromstring(str(form["weight_kg"])).get("value") == "13,4x"


def test_the_app_never_groups_thousands_in_numbers():
    # With grouping on, Django would read "13.4" as 134 in Indonesian.
    assert not getattr(settings, "USE_THOUSAND_SEPARATOR", False)


def form_data(html: bytes) -> dict:
    """Every field of the page's form, as the browser would post it untouched."""
    form = lxml.html.fromstring(html).xpath("//form[.//input[@name='submission_key']]")[0]
    data: dict = {}
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name:
            continue
        if element.tag == "select":
            chosen = [o.get("value") for o in element.xpath(".//option[@selected]")]
            if chosen:
                data.setdefault(name, []).extend(chosen)
        elif element.tag == "textarea":
            data[name] = element.text or ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.get("checked") is not None:
                data.setdefault(name, []).append(element.get("value", "on"))
        else:
            data[name] = element.get("value", "")
    return data


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_visit_form_refilled_from_the_database_saves_again_unchanged(client, cast, family, network, language):
    visit = visit_record(
        by=cast["petugas"], patient=family["toddler"], facility=network["36.01"]["puskesmas"],
        date=timezone.localdate(), package="balita", services=list(Service.objects.filter(code="WEIGHING")),
        measurements={"weight_kg": Decimal("9.60"), "length_cm": Decimal("76.0"), "measured_lying": True,
                      "head_cm": Decimal("45.5"), "muac_cm": Decimal("14.0")},
    )
    client.force_login(cast["petugas"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = f"/kunjungan/{visit.pk}/ubah/"
    data = form_data(client.get(url).content)
    expected = {"id": ("9,6", "76", "45,5"), "en": ("9.6", "76", "45.5")}[language]
    assert (data["weight_kg"], data["length_cm"], data["head_cm"]) == expected
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    m = Visit.objects.get(pk=visit.pk).measurement
    assert (m.weight_kg, m.length_cm, m.head_cm, m.muac_cm, m.measured_lying) == (
        Decimal("9.60"), Decimal("76.0"), Decimal("45.5"), Decimal("14.0"), True)
