import uuid
from collections.abc import Mapping

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.widgets import FacilityChoiceField, FastSelect

from .models import Sex, phone_validator, rt_rw_validator
from .nik import BPJS_NUMBER, KK_NUMBER, NIK_NUMBER, Number, digits_problem, normalise


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_errors(form: forms.Form, exc: ValidationError, labels: Mapping[str, str] | None = None):
    """Put a service's errors next to the fields they concern. An error on a
    key the form has no field for goes above the form, named by `labels`
    (key -> label) when it has one there. Warnings that need confirming also
    reveal the confirmation box."""
    from .services import NeedsConfirmation

    if isinstance(exc, NeedsConfirmation):
        form.needs_confirmation = True
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if field in form.fields:
                form.add_error(field, errors)
                continue
            label = (labels or {}).get(field)
            messages = ValidationError(errors).messages
            form.add_error(None, [f"{label}: {m}" for m in messages] if label else messages)
    else:
        form.add_error(None, exc.messages)


class NumberField(forms.CharField):
    """A number typed in any script's digits (Arabic-Indic, full-width...), with
    spaces, dots or dashes: cleaned to ASCII digits before any validator sees
    it; when `number` is given, exactly its digits, with a message naming it."""

    def __init__(self, *, number: Number | None = None, **kwargs):
        self.number = number
        if number:
            kwargs.setdefault("max_length", number.length + 8)  # room for separators as typed
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        return normalise(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value and self.number and (problem := digits_problem(value, self.number)):
            raise ValidationError(problem, code="digits")


class SubmissionKeyField(forms.UUIDField):
    """A hidden field the user never sees, so it must never carry an error
    they cannot read: a value that is not a UUID counts as no key (the form
    then saves like any first submission)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class SubmissionKeyMixin(forms.Form):
    """A key generated when the form is shown: a double click or a retried
    request carries the same key and gets the record the first one made."""

    submission_key = SubmissionKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class PersonForm(forms.Form):
    nik = NumberField(
        label=_("NIK"), number=NIK_NUMBER, required=False, help_text=_("16 digits; leave empty if not known yet.")
    )
    name = forms.CharField(label=_("Full name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    bpjs_number = NumberField(label=_("BPJS number"), number=BPJS_NUMBER, required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20, validators=[phone_validator])
    confirm_warnings = forms.BooleanField(label=_("I have checked: save despite the warnings above"), required=False)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if any(ord(c) < 32 for c in name):
            raise ValidationError(_("The name contains characters that cannot be printed."))
        if not name:
            raise ValidationError(_("Name is required."))
        return name

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            k: data.get(k) for k in ("nik", "name", "sex", "birth_date", "bpjs_number", "phone", "confirm_warnings")
        }


class PatientForm(SubmissionKeyMixin, PersonForm):
    pass


class PatientEditForm(PersonForm):
    pass


class MemberForm(PersonForm):
    """One row of the household registration; an untouched row is skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False


# absolute_max: without it a tampered m-TOTAL_FORMS makes the server build and
# render 1,020 member forms (seconds of CPU per request).
MemberFormSet = forms.formset_factory(MemberForm, extra=4, max_num=20, absolute_max=20, validate_max=True)


class HouseholdForm(SubmissionKeyMixin, forms.Form):
    posyandu = FacilityChoiceField(label=_("Posyandu"), queryset=None)
    no_kk = NumberField(label=_("No. KK"), number=KK_NUMBER, required=False, help_text=_("16 digits, if known."))
    dusun = forms.CharField(label=_("Dusun"), required=False, max_length=80)
    rw = NumberField(label=_("RW"), required=False, max_length=3, validators=[rt_rw_validator])
    rt = NumberField(label=_("RT"), required=False, max_length=3, validators=[rt_rw_validator])
    address = forms.CharField(label=_("Street address"), required=False, max_length=200)

    def __init__(self, *args, posyandu_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posyandu"].queryset = posyandu_queryset
        if posyandu_queryset is not None and len(posyandu_queryset) == 1:
            self.initial.setdefault("posyandu", posyandu_queryset[0].pk)

    def clean_no_kk(self):
        # Uniqueness is checked by the service, which first recognises a
        # resubmission of the same form (same submission key).
        return self.cleaned_data.get("no_kk") or None


class NewbornForm(SubmissionKeyMixin, forms.Form):
    name = forms.CharField(
        label=_("Baby's name"), max_length=120, help_text=_("Write 'Bayi Ny. <mother's name>' if not named yet.")
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())


class PregnancyForm(forms.Form):
    last_menstrual_period = forms.DateField(
        label=_("First day of last period (HPHT)"), required=False, widget=DateInput()
    )
    expected_delivery_date = forms.DateField(
        label=_("Expected delivery date (HPL)"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to compute from HPHT (+280 days)."),
    )

    def clean(self):
        cleaned = super().clean()
        lmp, edd = cleaned.get("last_menstrual_period"), cleaned.get("expected_delivery_date")
        today = timezone.localdate()
        if lmp and not (today - timezone.timedelta(days=320) <= lmp <= today):
            raise ValidationError({"last_menstrual_period": _("The last period must be within the past 10 months.")})
        if not edd and lmp:
            cleaned["expected_delivery_date"] = lmp + timezone.timedelta(days=280)
        elif not edd and not self.errors:
            raise ValidationError(_("Fill in HPHT or HPL."))
        return cleaned


class MergeForm(forms.Form):
    duplicate = forms.IntegerField(label=_("Record number of the duplicate"), min_value=1)
    confirm = forms.BooleanField(label=_("I have checked that both records are the same person"), required=False)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Name or NIK"), required=False, max_length=100)
    no_kk = NumberField(label=_("No. KK"), number=KK_NUMBER, required=False)
    posyandu = FacilityChoiceField(label=_("Posyandu"), queryset=None, required=False)
    desa = forms.ChoiceField(label=_("Desa/kelurahan"), required=False, widget=FastSelect)
    provisional = forms.BooleanField(label=_("Quick records not yet merged"), required=False)

    def __init__(self, *args, posyandu_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posyandu"].queryset = posyandu_queryset
        self.fields["posyandu"].empty_label = _("All")
        desa = sorted({(f.region_id, f.region.name) for f in posyandu_queryset}, key=lambda d: d[1])
        self.fields["desa"].choices = [("", _("All"))] + desa
        self.helper = FormHelper()
        self.helper.form_tag = False
