import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from facilities.widgets import FacilityChoiceField
from patients.forms import DateInput, SubmissionKeyField

from . import diagnoses as diagnoses_module
from . import thresholds as t
from .immunisation import SCHEDULE
from .labels import SKILAS_LABELS, TB_SYMPTOM_LABELS
from .models import Setting
from .numbers import input_value

POSITION_CHOICES = [("", _("Position")), ("lying", _("lying")), ("standing", _("standing"))]
FASTING_CHOICES = [("", "—"), ("fasting", _("fasting")), ("random", _("random (any time)"))]


def named(message: str, **names):
    """`message` (marked with gettext_noop) translated when shown, in the
    language of the request, with the names (lazy labels) filled in: a
    field's messages built at class definition stay in no one language."""
    return lazy(lambda: gettext(message) % {k: str(v) for k, v in names.items()}, str)()


class LocalDateTimeField(forms.DateTimeField):
    """A date and time from 2000 on (a far year is a typing slip, and
    year 1 cannot be stored in UTC)."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and not 2000 <= moment.year <= 2999:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class DecimalInput(forms.TextInput):
    """A text box, not type=number (browsers refuse "13,4" there), that opens
    the numeric keyboard and shows a stored value the way it is typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        return input_value(value)  # a bound form's text comes back as typed


class LocalDecimalField(forms.DecimalField):
    """A decimal number with a comma or a point as the decimal mark, in either
    language. A measurement never has thousands, so neither mark is read as a
    thousands separator ("13.4" in Indonesian is 13,4, not 134)."""

    widget = DecimalInput

    def __init__(self, **kwargs):
        kwargs["localize"] = False  # sanitize_separators would drop "." in Indonesian
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            text = "".join(value.split())
            if text.count(",") + text.count(".") > 1:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = text.replace(",", ".")
        return super().to_python(value)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no step/min/max: they belong to type=number


def decimal(label, digits, places):
    return LocalDecimalField(label=label, required=False, max_digits=digits, decimal_places=places)


def integer(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1000,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


MEASUREMENT_FORM_FIELDS = {
    "weight_kg": lambda: decimal(_("Weight (kg)"), 5, 2),
    "length_cm": lambda: decimal(_("Length/height (cm)"), 4, 1),
    "measured_lying": lambda: forms.ChoiceField(label=_("Measured"), choices=POSITION_CHOICES, required=False),
    "head_cm": lambda: decimal(_("Head circumference (cm)"), 4, 1),
    "muac_cm": lambda: decimal(_("LiLA (cm)"), 4, 1),
    "oedema": lambda: forms.BooleanField(label=_("Oedema (both feet)"), required=False),
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
        elif field == "oedema":
            value = True if value else None  # an unticked box records nothing
        values[field] = value
    return values


# Qualifiers of another value: on their own they are no measurement.
QUALIFIERS = ("measured_lying", "glucose_fasting")


def has_measurement(values: dict) -> bool:
    return any(v not in (None, "", []) for k, v in values.items() if k not in QUALIFIERS)


DIAGNOSIS_LABEL = _("Diagnosis (ICD-10)")


def diagnosis_field():
    """ICD-10 codes typed as text (one or more, the primary first), so the
    form works without JavaScript; static/js/diagnosis-picker.js adds
    suggestions from clusters:diagnosis_search."""
    return forms.CharField(
        label=DIAGNOSIS_LABEL, required=False, max_length=300,
        help_text=_("ICD-10 codes, the main diagnosis first, separated by commas (e.g. I10, E11.9)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


# Labels of the keys a service may put errors on that are not fields of the form.
SERVICE_FIELD_LABELS = {
    "date": _("Visit date"), "facility": _("Facility"), "services": _("Services given"), "package": _("Package"),
    "diagnoses": DIAGNOSIS_LABEL,
    "oedema": _("Oedema (both feet)"), "birth_date": _("Birth date"),
    **{name: make().label for name, make in MEASUREMENT_FORM_FIELDS.items()},
}


def field_label(form: forms.Form | None, field: str) -> str:
    if form is not None and field in form.fields and form.fields[field].label:
        return str(form.fields[field].label)
    return str(SERVICE_FIELD_LABELS.get(field, ""))


def labelled_errors(errors: dict, form: forms.Form | None = None) -> dict[str, list[str]]:
    """{field: ["Label: message"]}: each message names its field (on a phone the
    field may be off screen); errors about the whole entry stay as they are."""
    out = {}
    for field, messages in errors.items():
        label = "" if field == "__all__" else field_label(form, field)
        texts = [m["message"] if isinstance(m, dict) else str(m) for m in messages]
        out[field] = [f"{label}: {text}" if label else text for text in texts]
    return out


class VisitForm(forms.Form):
    date = forms.DateField(label=_("Visit date"), widget=DateInput())
    facility = FacilityChoiceField(label=_("Facility"), queryset=None)
    setting = forms.ChoiceField(label=_("Setting"), choices=Setting.choices)
    services = forms.MultipleChoiceField(label=_("Services given"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))
    confirm_warnings = forms.BooleanField(label=_("I have checked: save despite the warnings above"),
                                          required=False)
    submission_key = SubmissionKeyField()

    def __init__(self, *args, package, services, facilities, diagnoses=False, current_diagnoses=(), **kwargs):
        """`diagnoses`: ask for ICD-10 diagnoses (a Puskesmas or Pustu visit);
        `current_diagnoses`: those of the visit being corrected, in order
        (they stay accepted once deactivated)."""
        super().__init__(*args, **kwargs)
        self.package = package
        self.current_diagnoses = list(current_diagnoses)
        self.known_diagnoses = self.current_diagnoses  # shown by name under the field
        if diagnoses:
            self.fields["diagnoses"] = diagnosis_field()
            self.initial.setdefault("diagnoses", ", ".join(d.code for d in self.current_diagnoses))
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

    @property
    def asks_diagnoses(self) -> bool:
        return "diagnoses" in self.fields

    def clean_diagnoses(self):
        tokens = diagnoses_module.split_codes(self.cleaned_data["diagnoses"])
        if len(tokens) > diagnoses_module.MAX_PER_VISIT:
            raise ValidationError(_("At most %(n)s diagnoses per visit.") % {"n": diagnoses_module.MAX_PER_VISIT})
        found, unknown = diagnoses_module.resolve(tokens, kept=[d.code for d in self.current_diagnoses])
        self.known_diagnoses = found
        if unknown:
            raise ValidationError(_("Unknown ICD-10 code: %(codes)s. Type a code such as I10, or pick one from the "
                                    "list.") % {"codes": ", ".join(unknown)}, code="unknown")
        return found

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("services") and not has_measurement(self.measurements()) and not (
                cleaned.get("diagnoses")):
            raise ValidationError(_("Nothing to save: fill in at least one measurement or tick a service given."),
                                  code="empty")
        return cleaned

    def chosen_services(self):
        return [self.service_objects[pk] for pk in self.cleaned_data.get("services", [])]

    def chosen_diagnoses(self):
        """The diagnoses given, in order; None when the form does not ask for
        them or they are those of the visit being corrected (unchanged)."""
        if "diagnoses" not in self.fields:
            return None
        chosen = self.cleaned_data.get("diagnoses") or []
        return None if chosen == self.current_diagnoses else chosen

    def measurements(self):
        return measurement_values(self.cleaned_data, self.measurement_fields)


class DosesField(forms.MultipleChoiceField):
    """Immunisation codes, one per value or several separated by spaces (as a
    saved row's values give them back); a blank value (the "none today" of
    clients that send one dose) is none."""

    def to_python(self, value):
        return list(dict.fromkeys(code for item in super().to_python(value) for code in item.split()))


class SessionRowForm(forms.Form):
    weight_kg = MEASUREMENT_FORM_FIELDS["weight_kg"]()
    length_cm = MEASUREMENT_FORM_FIELDS["length_cm"]()
    measured_lying = MEASUREMENT_FORM_FIELDS["measured_lying"]()
    muac_cm = MEASUREMENT_FORM_FIELDS["muac_cm"]()
    oedema = MEASUREMENT_FORM_FIELDS["oedema"]()
    vitamin_a = forms.BooleanField(label=_("Vitamin A"), required=False)
    immunisation = DosesField(
        label=_("Immunisation"), required=False, choices=[(code, code) for code, *_ in SCHEDULE],
        error_messages={"invalid_choice": _("%(value)s is not a dose of the schedule.")})
    confirm_warnings = forms.BooleanField(required=False)

    MEASUREMENTS = ["weight_kg", "length_cm", "measured_lying", "muac_cm", "oedema"]

    def measurements(self):
        return measurement_values(self.cleaned_data, self.MEASUREMENTS)

    def clean_immunisation(self):
        return tuple(self.cleaned_data["immunisation"])

    def is_empty(self) -> bool:
        """Nothing typed or ticked (the position select always has a value)."""
        data = self.cleaned_data
        return not (has_measurement(self.measurements()) or data.get("vitamin_a") or data.get("immunisation"))


class SessionChildForm(forms.Form):
    mother = forms.TypedChoiceField(label=_("Mother"), coerce=int)
    name = forms.CharField(label=_("Child's name"), max_length=120,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("L", _("Male")), ("P", _("Female"))])
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    nik = forms.CharField(label=_("NIK (if any)"), required=False, max_length=24,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))

    def __init__(self, *args, mothers=(), on=None, **kwargs):
        """mothers: the women of the Posyandu to choose from; on: the session's date."""
        super().__init__(*args, **kwargs)
        self.on = on or timezone.localdate()
        self.fields["mother"].choices = [("", "—")] + [(m.pk, m.name) for m in mothers]
        self.fields["birth_date"].widget.attrs["max"] = self.on.isoformat()
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("id", f"id_child_{name}")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name or any(ord(c) < 32 for c in name):
            raise ValidationError(_("Write the child's name."))
        return name

    def clean_birth_date(self):
        born = self.cleaned_data["birth_date"]
        if born > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        if born > self.on:
            raise ValidationError(_("The child was born after this session's day."))
        return born


class SessionPickForm(forms.Form):
    posyandu = FacilityChoiceField(label=_("Posyandu"), queryset=None)
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, posyandu_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posyandu"].queryset = posyandu_queryset
        self.initial.setdefault("date", timezone.localdate())


class VisitRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this visit removed?"), max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: typed on the wrong child, or entered twice. Kept with the removal."),
    )
