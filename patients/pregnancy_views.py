"""Correcting a pregnancy's HPHT and HPL, as read from the KIA book
(patients.services.pregnancy_correct)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import services
from .forms import DateInput, apply_errors
from .models import Pregnancy
from .permissions import can_register
from .signals import RecordAction, record_touched


class PregnancyCorrectForm(forms.Form):
    last_menstrual_period = forms.DateField(label=_lazy("First day of last period (HPHT)"), required=False,
                                            widget=DateInput())
    expected_delivery_date = forms.DateField(label=_lazy("Expected delivery date (HPL)"), widget=DateInput())


@login_required
def pregnancy_edit(request, pk):
    if not can_register(request.user):
        raise PermissionDenied
    pregnancy = get_object_or_404(Pregnancy.objects.for_user(request.user).select_related("patient"), pk=pk)
    patient = pregnancy.patient
    form = PregnancyCorrectForm(request.POST or None, initial={
        "last_menstrual_period": pregnancy.last_menstrual_period,
        "expected_delivery_date": pregnancy.expected_delivery_date,
    })
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.pregnancy_correct(by=request.user, pregnancy=pregnancy, **form.cleaned_data)
                record_touched(request, RecordAction.PREGNANCY_CORRECT, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pregnancy dates corrected."))
            return redirect("patients:detail", patient.pk)
    return render(request, "patients/simple_form.html", {
        "form": form, "patient": patient,
        "title": _("Correct the pregnancy dates of %(name)s") % {"name": patient.name},
    })
