"""Phone-first lab forms: tests ticked from the catalogue, a result typed on
the decimal keypad (a comma or a point as the decimal mark) or picked from
the test's outcomes. Every message names the test it is about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import LocalDecimalField

from .models import LabTest, Outcome, ResultType


class RequestForm(forms.Form):
    # Choices are the catalogue's ids as text: a posted id is matched
    # against them, never sent to the database as a number.
    tests = forms.MultipleChoiceField(label=_("Tests"), widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Tests: choose at least one test."),
                                                      "invalid_choice": _("Tests: choose from the list.")})
    note = forms.CharField(label=_("Note for the laboratory"), max_length=200, required=False)

    def __init__(self, *args, package: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        tests = list(LabTest.objects.filter(active=True))
        # The tests of the visit's package first (Hb at ANC, glucose at PTM...).
        tests.sort(key=lambda t: (package not in t.packages, t.order, t.code))
        self.catalogue = {str(t.pk): t for t in tests}
        self.fields["tests"].choices = [(str(t.pk), t.name) for t in tests]

    def clean_tests(self):
        return [self.catalogue[pk] for pk in self.cleaned_data["tests"]]


def _number_messages(label: str) -> dict:
    return {
        "required": _("%(test)s: write the result.") % {"test": label},
        "invalid": _("%(test)s: write a number, for example 11,5.") % {"test": label},
        "max_digits": _("%(test)s: the number is too long.") % {"test": label},
        "max_whole_digits": _("%(test)s: the number is too long.") % {"test": label},
        "max_decimal_places": _("%(test)s: too many digits after the decimal mark.") % {"test": label},
    }


class ResultForm(forms.Form):
    """The result of one request: a value or an outcome, by the test's type."""

    def __init__(self, *args, test: LabTest, warned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.test = test
        label = f"{test.name} ({test.unit})" if test.unit else test.name
        if test.result_type == ResultType.NUMBER:
            self.fields["value"] = LocalDecimalField(label=label, max_digits=7, decimal_places=test.decimal_places,
                                                     error_messages=_number_messages(test.name))
        else:
            labels = dict(Outcome.choices)
            self.fields["outcome"] = forms.ChoiceField(
                label=label, widget=forms.RadioSelect,
                choices=[(code, labels[code]) for code in test.outcomes if code in labels],
                error_messages={"required": _("%(test)s: choose the outcome.") % {"test": test.name},
                                "invalid_choice": _("%(test)s: choose one of the outcomes listed.") % {
                                    "test": test.name}})
        if warned:
            self.fields["confirm"] = forms.BooleanField(label=_("The value is right, save it"), required=False)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=120,
                             error_messages={"required": _("Reason for cancelling: say why.")})
