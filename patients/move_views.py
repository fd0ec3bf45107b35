"""Moving a household to another Posyandu: a family that moved house within
the district. The move is a correction of where its members count, for
every month of theirs (patients.services.household_move)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from facilities.models import Facility, FacilityType
from facilities.widgets import FacilityChoiceField

from . import services
from .forms import apply_errors
from .models import Household, Patient
from .permissions import can_move_households
from .signals import RecordAction, record_touched


class HouseholdMoveForm(forms.Form):
    posyandu = FacilityChoiceField(label=_lazy("New Posyandu"), queryset=None)

    def __init__(self, *args, destinations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posyandu"].queryset = destinations


def destinations_for(household: Household):
    # Where a family may move: any active Posyandu of its district, also one
    # outside the mover's own scope (the next village belongs to another
    # Pustu). Only names are shown; nothing of that area is read.
    return (Facility.objects.filter(type=FacilityType.POSYANDU, active=True,
                                    district_id=household.posyandu.district_id)
            .exclude(pk=household.posyandu_id).select_related("region").order_by("region__name", "name", "pk"))


@login_required
def household_move(request, pk):
    if not can_move_households(request.user):
        raise PermissionDenied
    household = get_object_or_404(Household.objects.for_user(request.user).select_related("posyandu", "desa"),
                                  pk=pk)
    form = HouseholdMoveForm(request.POST or None, destinations=destinations_for(household))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.household_move(by=request.user, household=household,
                                        posyandu=form.cleaned_data["posyandu"])
                members = list(Patient.objects.filter(household=household, merged_into__isnull=True))
                record_touched(request, RecordAction.HOUSEHOLD_MOVE, *members)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Household moved; its members now count at the new Posyandu."))
            if Household.objects.for_user(request.user).filter(pk=pk).exists():
                return redirect("patients:household", pk)
            return redirect("patients:search")
    return render(request, "patients/household_move.html", {"household": household, "form": form})
