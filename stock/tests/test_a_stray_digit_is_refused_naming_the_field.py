"""A quantity or a vaccine's doses per vial with a character that only looks
like a digit ("²") is refused with a message naming the field or column,
never a server error; digits of other scripts still count."""

import pytest
from django import forms

from stock.catalogue import import_items
from stock.forms import QuantityField

HEADER = "code,name,unit,category,programme,essential,doses_per_vial,safety_stock_months,active\n"


class _Count(forms.Form):
    quantity = QuantityField()


@pytest.mark.parametrize("typed", ["²", "1²", "³0"])
def test_a_quantity_with_a_superscript_is_refused_on_its_field(typed):
    form = _Count({"quantity": typed})

    assert not form.is_valid()
    assert list(form.errors) == ["quantity"]


def test_a_quantity_in_arabic_indic_digits_counts():
    form = _Count({"quantity": "١٢"})

    assert form.is_valid() and form.cleaned_data["quantity"] == 12


def test_doses_per_vial_with_a_superscript_is_refused_on_its_row_and_column(db):
    report = import_items(text=HEADER + "V-UJI,Vaksin uji,dosis,vaksin,imunisasi,ya,1²,1,ya\n", dry_run=True)

    assert {(e.line, e.column) for e in report.errors} == {(2, "doses_per_vial")}
