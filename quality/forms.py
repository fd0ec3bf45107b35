from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ItemKind


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(choices=ItemKind.choices, widget=forms.HiddenInput)
    item = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)
