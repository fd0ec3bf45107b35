import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.widgets import FastSelect
from patients.forms import DateInput, SubmissionKeyField

from . import thresholds as t
from .models import Setting

TB_SYMPTOM_LABELS = {
    "cough_2w": _("Cough for 2 weeks or more"), "cough_blood": _("Coughing blood"), "fever": _("Fever"),
    "night_sweats": _("Night sweats"), "weight_loss": _("Weight loss"), "breathless": _("Shortness of breath"),
    "lymph_nodes": _("Swollen lymph nodes"), "tb_contact": _("Household contact of a TB patient"),
}
SKILAS_LABELS = {
    "cognitive": _("Cognitive decline"), "mobility": _("Limited mobility"), "malnutrition": _("Malnutrition"),
    "vision": _("Vision problem"), "hearing": _("Hearing problem"), "depression": _("Symptoms of depression"),
}
POSITION_CHOICES = [("", _("Position")), ("lying", _("lying")), ("standing", _("standing"))]
FASTING_CHOICES = [("", "—"), ("fasting", _("fasting")), ("random", _("random (any time)"))]


def decimal(label, digits, places):
    return forms.DecimalField(label=label, required=False, max_digits=digits, decimal_places=places,
                              widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))


def integer(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1000,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


MEASUREMENT_FORM_FIELDS = {
    "weight_kg": lambda: decimal(_("Weight (kg)"), 5, 2),
    "length_cm": lambda: decimal(_("Length/height (cm)"), 4, 1),
    "measured_lying": lambda: forms.ChoiceField(label=_("Measured"), choices=POSITION_CHOICES, required=False),
    "head_cm": lambda: decimal(_("Head circumference (cm)"), 4, 1),
    "muac_cm": lambda: decimal(_("LiLA (cm)"), 4, 1),
    "waist_cm": lambda: decimal(_("Waist (cm)"), 4, 1),
    "systolic": lambda: integer(_("Systolic (mmHg)")),
    "diastolic": lambda: integer(_("Diastolic (mmHg)")),
    "glucose_mg_dl": lambda: integer(_("Blood glucose (mg/dL)")),
    "glucose_fasting": lambda: forms.ChoiceField(label=_("Glucose measured"), choices=FASTING_CHOICES,
                                                 required=False),
    "hb_g_dl": lambda: decimal(_("Hb (g/dL)"), 3, 1),
    "gestational_age_weeks": lambda: integer(_("Gestational age (weeks)")),
    "srq20": lambda: integer(_("SRQ-20 score (0–20)")),
    "puma": lambda: integer(_("PUMA score (0–9)")),
    "adl": lambda: integer(_("ADL/AKS score (0–20)")),
    "skilas_flags": lambda: forms.MultipleChoiceField(
        label=_("SKILAS findings"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k, SKILAS_LABELS[k]) for k in t.SKILAS_FLAGS]),
    "tb_symptoms": lambda: forms.MultipleChoiceField(
        label=_("TB symptoms"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(k, TB_SYMPTOM_LABELS[k]) for k in t.TB_SYMPTOMS]),
}


def measurement_values(cleaned: dict, fields) -> dict:
    """Form values → the service's measurement dict (positions and fasting as booleans)."""
    values = {}
    for field in fields:
        value = cleaned.get(field)
        if field == "measured_lying":
            value = {"lying": True, "standing": False}.get(value)
        elif field == "glucose_fasting":
            value = {"fasting": True, "random": False}.get(value)
        elif field in ("skilas_flags", "tb_symptoms"):
            value = list(value or [])
        values[field] = value
    return values


class VisitForm(forms.Form):
    date = forms.DateField(label=_("Visit date"), widget=DateInput())
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=None, widget=FastSelect)
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices)
    services = forms.MultipleChoiceField(label=_("Services given"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))
    confirm_warnings = forms.BooleanField(label=_("I have checked: save despite the warnings above"),
                                          required=False)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, package, services, facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.package = package
        self.service_objects = {str(s.pk): s for s in services}
        self.fields["services"].choices = [(str(s.pk), s.name) for s in services]
        self.fields["facility"].queryset = facilities
        only = list(facilities[:2])
        if len(only) == 1:
            self.initial.setdefault("facility", only[0].pk)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("submission_key", uuid.uuid4())
        self.measurement_fields = list(package.fields)
        for name in self.measurement_fields:
            self.fields[name] = MEASUREMENT_FORM_FIELDS[name]()

    def chosen_services(self):
        return [self.service_objects[pk] for pk in self.cleaned_data.get("services", [])]

    def measurements(self):
        return measurement_values(self.cleaned_data, self.measurement_fields)


class SessionRowForm(forms.Form):
    weight_kg = MEASUREMENT_FORM_FIELDS["weight_kg"]()
    length_cm = MEASUREMENT_FORM_FIELDS["length_cm"]()
    measured_lying = MEASUREMENT_FORM_FIELDS["measured_lying"]()
    muac_cm = MEASUREMENT_FORM_FIELDS["muac_cm"]()
    vitamin_a = forms.BooleanField(label=_("Vitamin A"), required=False)
    immunisation = forms.CharField(required=False, max_length=30)
    confirm_warnings = forms.BooleanField(required=False)

    def measurements(self):
        return measurement_values(self.cleaned_data, ["weight_kg", "length_cm", "measured_lying", "muac_cm"])


class SessionChildForm(forms.Form):
    mother = forms.IntegerField(label=_("Mother"))
    name = forms.CharField(label=_("Child's name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("L", _("Male")), ("P", _("Female"))])
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    nik = forms.CharField(label=_("NIK"), required=False, max_length=24)


class SessionPickForm(forms.Form):
    posyandu = forms.ModelChoiceField(label=_("Posyandu"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, posyandu_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posyandu"].queryset = posyandu_queryset
        self.initial.setdefault("date", timezone.localdate())
