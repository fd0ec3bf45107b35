import pytest
from django import forms
from django.test.html import parse_html

from facilities.models import Facility
from facilities.widgets import FastSelect


def html(text):
    return parse_html(str(text))


@pytest.mark.parametrize("value", [None, "", "b", 2])
def test_the_fast_select_renders_what_django_s_select_renders(value):
    choices = [("", "All"), ("a", "Cilaja & Sukamaju"), ("b", "<Sumur>"), (2, "Dua")]
    attrs = {"id": "id_x", "class": "form-select", "required": True}
    assert html(FastSelect(choices=choices).render("x", value, attrs)) == \
        html(forms.Select(choices=choices).render("x", value, attrs))


def test_a_model_choice_field_renders_the_same_with_the_fast_select(network):
    fast = forms.ModelChoiceField(queryset=Facility.objects.order_by("code"), widget=FastSelect, required=False)
    plain = forms.ModelChoiceField(queryset=Facility.objects.order_by("code"), required=False)
    chosen = Facility.objects.order_by("code")[2].pk
    attrs = {"id": "id_f"}
    assert html(fast.widget.render("f", chosen, attrs)) == html(plain.widget.render("f", chosen, attrs))
