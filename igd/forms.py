"""Phone-first IGD forms: times on the device's date-time picker, vital signs
on the numeric keypad (a comma or a point as the decimal mark). Every message
names its field; the service checks the same again."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from clusters.forms import LocalDateTimeField, LocalDecimalField
from clusters.forms import named as _named
from patients.models import Sex

from .models import VITALS, Action, Outcome, Triage
from .services import check_vitals


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class TimeField(LocalDateTimeField):
    """A date and time from 2000 on, on the device's date-time picker."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *, label, **kwargs):
        super().__init__(label=label, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
                         error_messages={
                             "required": _named(gettext_noop("%(field)s: write the date and time."), field=label),
                             "invalid": _named(gettext_noop("%(field)s: write a date and time, e.g. 04-12-2026 "
                                                            "14:30."), field=label)},
                         **kwargs)


def _int(label, *, required=False, max_value=None, min_value=None):
    return forms.IntegerField(
        label=label, required=required, min_value=min_value, max_value=max_value,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"invalid": _named(gettext_noop("%(field)s: write a whole number."), field=label),
                        "required": _named(gettext_noop("%(field)s: write it."), field=label),
                        "min_value": _named(gettext_noop("%(field)s: the number is too small."), field=label),
                        "max_value": _named(gettext_noop("%(field)s: the number is too large."), field=label)})


class ArrivalForm(forms.Form):
    """A new arrival: a picked person (patient id in the URL) or the quick
    registration fields."""

    arrived_at = TimeField(label=_("Arrival time"))
    chief_complaint = forms.CharField(label=_("Chief complaint"), max_length=200, required=False,
                                      error_messages={"max_length": _("Chief complaint: write at most 200 "
                                                                      "characters.")})
    name = forms.CharField(label=_("Name (\"Tn. X\" if not known)"), max_length=120, required=False,
                           error_messages={"max_length": _("Name: write at most 120 characters.")})
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect,
                            error_messages={"invalid_choice": _("Sex: choose male or female.")})
    age_years = _int(_("Approximate age (years)"), min_value=0, max_value=120)
    birth_date = forms.DateField(label=_("Birth date, if known"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                 input_formats=["%Y-%m-%d", "%d-%m-%Y"],
                                 error_messages={"invalid": _("Birth date: write a date, e.g. 31-12-1980.")})
    nik = forms.CharField(label=_("NIK, if known"), max_length=16, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
                          error_messages={"max_length": _("NIK: 16 digits.")})
    puskesmas = forms.ChoiceField(label=_("Puskesmas"), required=False,
                                  error_messages={"invalid_choice": _("Puskesmas: choose from the list.")})

    def __init__(self, *args, patient=None, puskesmas_choices=None, **kwargs):
        kwargs.setdefault("initial", {"arrived_at": _now_local()})
        super().__init__(*args, **kwargs)
        self.patient = patient
        if patient is not None:
            for name in ("name", "sex", "age_years", "birth_date", "nik"):
                del self.fields[name]
        if puskesmas_choices is None:
            del self.fields["puskesmas"]
        else:
            self.fields["puskesmas"].required = True
            self.fields["puskesmas"].error_messages["required"] = _("Puskesmas: choose one.")
            self.fields["puskesmas"].choices = [("", "—"), *[(str(f.pk), f.name) for f in puskesmas_choices]]
            self.puskesmas_by_pk = {str(f.pk): f for f in puskesmas_choices}

    def clean(self):
        data = super().clean()
        if self.patient is None:
            if not (data.get("name") or "").strip() and "name" not in self.errors:
                self.add_error("name", _("Name: write the name, or \"Tn. X\" / \"Ny. X\" if not known."))
            if not data.get("sex") and "sex" not in self.errors:
                self.add_error("sex", _("Sex: choose male or female."))
            if data.get("age_years") is None and data.get("birth_date") is None and not (
                    {"age_years", "birth_date"} & set(self.errors)):
                self.add_error("age_years", _("Approximate age (years): write an estimate, or the birth date."))
        return data

    def quick(self) -> dict | None:
        if self.patient is not None:
            return None
        d = self.cleaned_data
        return {"name": d["name"], "sex": d["sex"], "birth_date": d.get("birth_date"),
                "age_years": d.get("age_years"), "nik": d.get("nik") or None}


class TriageForm(forms.Form):
    level = forms.ChoiceField(label=_("Triage level"), choices=Triage.choices, widget=forms.RadioSelect,
                              error_messages={"required": _("Triage level: choose one of the four levels."),
                                              "invalid_choice": _("Triage level: choose one of the four levels.")})
    triaged_at = TimeField(label=_("Triage time"))
    chief_complaint = forms.CharField(label=_("Chief complaint"), max_length=200, required=False,
                                      error_messages={"max_length": _("Chief complaint: write at most 200 "
                                                                      "characters.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"triaged_at": _now_local()})
        super().__init__(*args, **kwargs)


class VitalsForm(forms.Form):
    vitals_at = TimeField(label=_("Time measured"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"vitals_at": _now_local()})
        super().__init__(*args, **kwargs)
        for name, (label, _low, _high) in VITALS.items():
            if name == "temperature_c":
                self.fields[name] = LocalDecimalField(
                    label=label, required=False, max_digits=3, decimal_places=1,
                    error_messages={"invalid": _("%(field)s: write a number, for example 37,5.") % {"field": label},
                                    "max_digits": _("%(field)s: the number is too long.") % {"field": label},
                                    "max_whole_digits": _("%(field)s: the number is too long.") % {"field": label},
                                    "max_decimal_places": _("%(field)s: one digit after the decimal mark.")
                                    % {"field": label}})
            else:
                self.fields[name] = _int(label)

    def clean(self):
        data = super().clean()
        # The ranges, with the type errors, in one answer (the service checks them again).
        for name, errors in check_vitals({k: data.get(k) for k in VITALS}).items():
            if name not in self.errors:
                self.add_error(name, errors)
        return data

    def vitals(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in VITALS}


class ActionsForm(forms.Form):
    actions = forms.MultipleChoiceField(label=_("Actions taken"), choices=Action.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        error_messages={"invalid_choice": _("Actions taken: choose from the list.")})
    note = forms.CharField(label=_("Actions, details (medicines, doses, procedures)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"max_length": _("Actions, details: write at most 2000 characters.")})
    diagnosis_code = forms.CharField(
        label=_("Working diagnosis (ICD-10)"), required=False, max_length=12,
        help_text=_("One ICD-10 code, e.g. J45.9 or S06.0."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"max_length": _("Working diagnosis (ICD-10): one code, e.g. J45.9.")})


class CloseForm(forms.Form):
    # "Admitted" is set by the ward's admission (inpatient.services.admission_open).
    outcome = forms.ChoiceField(label=_("Outcome"), widget=forms.RadioSelect,
                                choices=[(v, label) for v, label in Outcome.choices if v != Outcome.ADMITTED],
                                error_messages={"required": _("Outcome: choose one."),
                                                "invalid_choice": _("Outcome: choose one of the outcomes.")})
    closed_at = TimeField(label=_("Outcome time"))
    referred_to = forms.CharField(label=_("Referred to (hospital)"), max_length=120, required=False,
                                  error_messages={"max_length": _("Referred to: write at most 120 characters.")})
    note = forms.CharField(label=_("Note"), max_length=200, required=False,
                           error_messages={"max_length": _("Note: write at most 200 characters.")})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closed_at": _now_local()})
        super().__init__(*args, **kwargs)
