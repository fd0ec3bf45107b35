"""Phone-first ward forms: a date and time as the phone's picker gives it
or typed the Indonesian way (31-12-2026 14.30), vital signs on the numeric
keypad (a comma or a point as the decimal mark), and every message naming
its field."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from clusters.forms import LocalDateTimeField, LocalDecimalField
from clusters.forms import named as _named

from .models import Outcome

# The phone's picker (ISO) first, then the ways a date and time are written here.
DATETIME_FORMATS = [
    "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
    "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M", "%d-%m-%Y %H.%M", "%d/%m/%Y %H.%M", "%d-%m-%Y, %H.%M",
    "%d/%m/%Y, %H.%M",
]
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def datetime_field(label, required=True):
    return LocalDateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput(), localize=False,
        error_messages={"required": _named(gettext_noop("%(field)s: write the date and time."), field=label),
                        "invalid": _named(gettext_noop("%(field)s: write a date and time, for example 31-12-2026 "
                                                       "14.30."), field=label)})


def vital(label, low, high):
    return forms.IntegerField(
        label=label, required=False, min_value=low, max_value=high,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _named(gettext_noop("%(field)s: write a whole number."), field=label),
                        "min_value": _named(gettext_noop("%(field)s: at least %(n)s."), field=label, n=low),
                        "max_value": _named(gettext_noop("%(field)s: at most %(n)s."), field=label, n=high)})


def outcome_field(required=True):
    return forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect,
                             required=required,
                             error_messages={"required": _("Outcome: choose one."),
                                             "invalid_choice": _("Outcome: choose one of the outcomes listed.")})


def referred_to_field():
    return forms.CharField(label=_("Referred to (hospital)"), max_length=120, required=False,
                           error_messages={"max_length": _("Referred to: at most 120 characters.")})


def delivered_on_field():
    """Checked against the stay by the service."""
    return forms.DateField(label=_("Delivered on"), required=False, input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           error_messages={"invalid": _("Delivered on: write a date, for example 31-12-2026.")})


def _now_field_value():
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class AdmitForm(forms.Form):
    bed = forms.ChoiceField(label=_("Bed"), error_messages={"required": _("Bed: choose a free bed."),
                                                            "invalid_choice": _("Bed: choose a bed from the list.")})
    admitted_at = datetime_field(_("Admitted at"))
    diagnoses = forms.CharField(label=_("Diagnosis (ICD-10)"), max_length=60,
                                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
                                error_messages={"required": _("Diagnosis: write an ICD-10 code, e.g. A09."),
                                                "max_length": _("Diagnosis: write one ICD-10 code.")})
    delivery = forms.BooleanField(label=_("Admitted for a normal delivery"), required=False)
    note = forms.CharField(label=_("Referred from / note"), max_length=200, required=False,
                           error_messages={"max_length": _("Note: at most 200 characters.")})
    # A stay that has already ended, entered from the ward book afterwards.
    ended = forms.BooleanField(label=_("The patient has already gone home: record the whole stay"), required=False)
    discharged_at = datetime_field(_("Discharged at"), required=False)
    outcome = outcome_field(required=False)
    referred_to = referred_to_field()
    delivered_on = delivered_on_field()

    def __init__(self, *args, beds=(), **kwargs):
        kwargs["initial"] = {"admitted_at": _now_field_value(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.beds = {str(b.pk): b for b in beds}
        # Outside an f-string, where makemessages would not find it.
        occupied = _("occupied")
        self.fields["bed"].choices = [("", "—")] + [
            (str(b.pk), f"{b.facility.name} · {b.label}" + (f" ({occupied})" if b.occupied else ""))
            for b in beds]

    def clean_bed(self):
        return self.beds[self.cleaned_data["bed"]]

    def clean(self):
        data = super().clean()
        if data.get("ended"):
            if data.get("discharged_at") is None and "discharged_at" not in self.errors:
                self.add_error("discharged_at", _("Discharged at: write the date and time the stay ended."))
            if not data.get("outcome") and "outcome" not in self.errors:
                self.add_error("outcome", _("Outcome: choose one."))
        return data

    def clean_diagnoses(self):
        from clusters.diagnoses import split_codes

        codes = split_codes(self.cleaned_data["diagnoses"].replace("\x00", ""))
        if not codes:
            raise forms.ValidationError(_("Diagnosis: write an ICD-10 code, e.g. A09."))
        if len(codes) > 1:
            raise forms.ValidationError(_("Diagnosis: write one ICD-10 code, the main reason for the admission."))
        return codes[0]


class NoteForm(forms.Form):
    written_at = datetime_field(_("Time"))
    text = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Note: write what was seen and done."),
                                           "max_length": _("Note: at most 2000 characters.")})
    systolic = vital(_("Systolic (mmHg)"), 40, 300)
    diastolic = vital(_("Diastolic (mmHg)"), 20, 200)
    pulse = vital(_("Pulse (/min)"), 20, 250)
    temperature = LocalDecimalField(label=_("Temperature (°C)"), required=False, max_digits=3, decimal_places=1,
                                    min_value=30, max_value=45,
                                    error_messages={"invalid": _("Temperature: write a number, for example 37,5."),
                                                    "max_digits": _("Temperature: between 30 and 45."),
                                                    "max_whole_digits": _("Temperature: between 30 and 45."),
                                                    "max_decimal_places": _("Temperature: one digit after the "
                                                                            "decimal mark."),
                                                    "min_value": _("Temperature: between 30 and 45."),
                                                    "max_value": _("Temperature: between 30 and 45.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"written_at": _now_field_value()})
        super().__init__(*args, **kwargs)

    def clean_text(self):
        text = self.cleaned_data["text"].replace("\x00", "").strip()
        if not text:
            raise forms.ValidationError(_("Note: write what was seen and done."))
        return text


class DischargeForm(forms.Form):
    discharged_at = datetime_field(_("Discharged at"))
    outcome = outcome_field()
    referred_to = referred_to_field()
    delivered_on = delivered_on_field()

    def __init__(self, *args, delivery: bool = False, **kwargs):
        kwargs.setdefault("initial", {"discharged_at": _now_field_value()})
        super().__init__(*args, **kwargs)
        if not delivery:
            del self.fields["delivered_on"]

    def clean_referred_to(self):
        return self.cleaned_data["referred_to"].replace("\x00", "").strip()
