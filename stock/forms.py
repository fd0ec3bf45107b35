"""Phone-first forms for the stock pages: whole quantities typed on a numeric
keypad, dates as date inputs, choices limited to what the user may pick."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility
from facilities.typed import whole_number
from facilities.widgets import FacilityChoiceField, FastSelect

from .models import Balance, Funding, Item, LossReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class QuantityField(forms.IntegerField):
    """A whole number of units, digits only (in any script). A dot or comma
    is refused rather than guessed: "1.000" is a thousand in Indonesian and
    one in English, and a unit has no fraction."""

    widget = forms.TextInput
    default_error_messages = {"invalid": _("Write a whole number of units, digits only.")}

    def __init__(self, *, min_value: int = 1, **kwargs):
        super().__init__(min_value=min_value, max_value=10_000_000, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        if (number := whole_number(value)) is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number



def _date_field(label=None):
    return forms.DateField(label=label or _("Date"), widget=DateInput(), initial=timezone.localdate)


class ItemChoiceField(forms.ModelChoiceField):
    widget = FastSelect

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_unit_display()})"


class BalanceChoiceField(forms.ModelChoiceField):
    """A batch on the shelf, as the worker reads it on the box."""

    widget = FastSelect

    def label_from_instance(self, obj):
        batch = obj.batch
        return (f"{batch.item.name} · {batch.number} · {batch.expiry:%d-%m-%Y} · {batch.get_funding_display()}"
                f" · {obj.quantity}")


class ReceiveForm(forms.Form):
    item = ItemChoiceField(label=_("Item"), queryset=Item.objects.filter(active=True))
    batch_number = forms.CharField(label=_("Batch number"), max_length=40)
    expiry = forms.DateField(label=_("Expiry date"), widget=DateInput())
    funding = forms.ChoiceField(label=_("Funding source"), choices=Funding.choices)
    quantity = QuantityField(label=_("Quantity (units)"))
    date = _date_field(_("Date received"))


class IssueForm(forms.Form):
    to_facility = FacilityChoiceField(label=_("To"), queryset=Facility.objects.none())
    item = ItemChoiceField(label=_("Item"), queryset=Item.objects.none())
    quantity = QuantityField(label=_("Quantity (units)"))
    balance = BalanceChoiceField(label=_("Batch"), queryset=Balance.objects.none(), required=False,
                                 help_text=_("Leave empty to take the earliest expiry first."))
    date = _date_field()

    def __init__(self, *args, facility: Facility, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_facility"].queryset = (
            Facility.objects.for_user(user).active().filter(puskesmas_id=facility.puskesmas_id)
            .exclude(pk=facility.pk).select_related("region").order_by("type", "name"))
        self.fields["item"].queryset = Item.objects.filter(
            batches__balances__facility=facility, batches__balances__quantity__gt=0).distinct()
        self.fields["balance"].queryset = (
            Balance.objects.for_user(user).filter(facility=facility, quantity__gt=0)
            .select_related("batch__item").order_by("batch__item__name", "batch__expiry"))

    def clean(self):
        data = super().clean()
        balance, item = data.get("balance"), data.get("item")
        if balance is not None and item is not None and balance.batch.item_id != item.pk:
            self.add_error("balance", _("Batch %(batch)s is not a batch of %(item)s.") % {
                "batch": balance.batch.number, "item": item.name})
        return data


class _BatchForm(forms.Form):
    balance = BalanceChoiceField(label=_("Batch"), queryset=Balance.objects.none())

    def __init__(self, *args, facility: Facility, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["balance"].queryset = (
            Balance.objects.for_user(user).filter(facility=facility, quantity__gt=0)
            .select_related("batch__item").order_by("batch__item__name", "batch__expiry"))


class LossForm(_BatchForm):
    quantity = QuantityField(label=_("Quantity lost (units)"))
    reason = forms.ChoiceField(label=_("Reason"), choices=LossReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    date = _date_field()


class CountForm(_BatchForm):
    counted = QuantityField(label=_("Counted on the shelf (units)"), min_value=0)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    date = _date_field(_("Date counted"))

    def __init__(self, *args, facility: Facility, user, **kwargs):
        super().__init__(*args, facility=facility, user=user, **kwargs)
        # Batches the ledger says are gone may still be found on the shelf.
        self.fields["balance"].queryset = (
            Balance.objects.for_user(user).filter(facility=facility)
            .select_related("batch__item").order_by("batch__item__name", "batch__expiry"))
