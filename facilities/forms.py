from django import forms
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class FacilityImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: code, name, type, inpatient, parent_code, region_code, sub_area, active, catchment."),
    )
    dry_run = forms.BooleanField(label=_("Dry run only (save nothing)"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("File too large (at most 5 MB)."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "latin-1"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if "\x00" in text:
            raise forms.ValidationError(_("This file is not a text CSV."))
        self.cleaned_data["text"] = text
        return upload

    def clean(self):
        cleaned = super().clean()
        if "text" in self.cleaned_data:
            cleaned["text"] = self.cleaned_data["text"]
        return cleaned


class FacilityFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import FacilityType

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + list(FacilityType.choices)
