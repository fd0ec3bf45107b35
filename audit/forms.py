from django import forms
from django.utils.translation import gettext_lazy as _


class AuditFilterForm(forms.Form):
    pasien = forms.IntegerField(label=_("Record number"), required=False, min_value=1, max_value=2**63 - 1)
