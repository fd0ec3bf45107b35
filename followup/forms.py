import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Outcome, ReferredTo, Rule

OVERDUE_CHOICES = [("", _("Due and overdue")), ("0", _("Overdue only")), ("30", _("Overdue more than 1 month")),
                   ("90", _("Overdue more than 3 months"))]

# What a kader checks at a home visit, kept short (the guideline's per-stage
# checklists), grouped by who it is about.
FINDINGS = [
    (_("Pregnancy and after birth"), [
        ("kia_book", _("KIA book at home")),
        ("pregnancy_danger", _("Danger signs of pregnancy or after birth")),
        ("iron_tablets", _("Takes iron tablets")),
        ("newborn_danger", _("Danger signs in the newborn")),
        ("exclusive_breastfeeding", _("Exclusive breastfeeding")),
    ]),
    (_("Under-fives"), [
        ("looks_thin", _("Looks thin or not growing")),
        ("sick_child", _("Diarrhoea, cough or fever")),
        ("immunisation_incomplete", _("Immunisation incomplete in the KIA book")),
    ]),
    (_("Adults and elderly"), [
        ("takes_medicine", _("Takes medicine regularly")),
        ("complaints", _("Complaints or danger signs")),
        ("needs_help_daily", _("Needs help with daily activities")),
    ]),
    (_("Household"), [
        ("cough_two_weeks", _("Someone coughing for 2 weeks or more")),
        ("smoking_indoors", _("Smoking inside the house")),
        ("clean_water_toilet", _("Clean water and a healthy toilet")),
    ]),
]
FINDING_CODES = {code for _group, items in FINDINGS for code, _label in items}


class DueFilterForm(forms.Form):
    posyandu = forms.ModelChoiceField(label=_("Posyandu"), queryset=None, required=False,
                                      empty_label=_("All Posyandu"))
    desa = forms.ChoiceField(label=_("Desa/kelurahan"), required=False)
    rule = forms.ChoiceField(label=_("Service"), required=False, choices=[("", _("All services")), *Rule.choices])
    dusun = forms.CharField(label=_("Dusun"), required=False, max_length=80)
    rw = forms.CharField(label=_("RW"), required=False, max_length=3,
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    overdue = forms.ChoiceField(label=_("Overdue"), required=False, choices=OVERDUE_CHOICES)

    def __init__(self, *args, posyandu_queryset, desa_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posyandu"].queryset = posyandu_queryset
        self.fields["desa"].choices = [("", _("All desa")), *desa_choices]
        # Plain Bootstrap classes: the list page renders these fields itself
        # (crispy's per-field templates were a good part of its time).
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


class HomeVisitForm(forms.Form):
    date = forms.DateField(label=_("Visit date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    patient = forms.TypedChoiceField(label=_("Person visited"), coerce=int, required=False, empty_value=None)
    reasons = forms.MultipleChoiceField(label=_("Reason"), required=False, widget=forms.CheckboxSelectMultiple)
    reason_note = forms.CharField(label=_("Other reason"), required=False, max_length=200)
    findings = forms.MultipleChoiceField(label=_("What was found"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    referred_to = forms.ChoiceField(label=_("Referred to"), required=False,
                                    choices=[("", "—"), *ReferredTo.choices])
    referred_on = forms.DateField(label=_("Come on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    follow_up_on = forms.DateField(label=_("Follow-up date"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        kwargs["initial"].setdefault("submission_key", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["patient"].choices = [("", _("The whole household")),
                                          *[(m.patient.pk, m.patient.name) for m in members]]
        reasons = {}
        for m in members:
            for item in m.items:
                reasons.setdefault(item.item, item.label)
        self.fields["reasons"].choices = list(reasons.items())
        self.fields["findings"].choices = [(code, label) for _g, items in FINDINGS for code, label in items]
