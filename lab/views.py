"""Lab pages, thin: load through selectors (out of area is a 404), validate
with a form, write through lab.services, redirect. A role that may not do a
thing gets 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from clusters.models import Visit
from facilities.models import FacilityType
from patients.models import Patient
from patients.services import NeedsConfirmation
from patients.signals import RecordAction, record_touched

from . import selectors, services
from .forms import CancelForm, RequestForm, ResultForm
from .models import LabRequest, Status
from .permissions import (
    can_enter_lab_results,
    can_enter_point_of_care,
    can_read_lab,
    can_request_at_lab,
    can_request_tests,
)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def worklist(request):
    if not can_read_lab(request.user):
        raise PermissionDenied
    # A district user picks one of its Puskesmas; a Puskesmas user has one lab.
    labs = list(selectors.labs_in_scope(request.user)) if request.user.scope_district_id else []
    chosen = next((lab for lab in labs if str(lab.pk) == request.GET.get("puskesmas", "")), None)
    work = selectors.worklist(user=request.user, lab=chosen)
    return render(request, "lab/worklist.html", {
        "work": work, "labs": labs, "chosen": chosen,
        "may_enter": can_enter_lab_results(request.user), "may_request": can_request_at_lab(request.user),
    })


def _request_page(request, *, patient, visit, form):
    return render(request, "lab/request_form.html", {"form": form, "patient": patient, "visit": visit})


@login_required
def request_from_visit(request, visit_pk: int):
    if not can_request_tests(request.user):
        raise PermissionDenied
    visit = get_object_or_404(Visit.objects.for_user(request.user).select_related("patient", "facility"),
                              pk=visit_pk)
    form = RequestForm(request.POST or None, package=visit.package)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                made = services.request_tests(by=request.user, patient=visit.patient, visit=visit,
                                              tests=list(form.cleaned_data["tests"]), note=form.cleaned_data["note"])
                record_touched(request, RecordAction.VISIT_UPDATE, visit.patient)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Sent to the laboratory: %(tests)s.") % {
                "tests": ", ".join(r.test.name for r in made)})
            return redirect("clusters:visit", visit.pk)
    return _request_page(request, patient=visit.patient, visit=visit, form=form)


@login_required
def request_at_lab(request, patient_pk: int):
    if not can_request_at_lab(request.user):
        raise PermissionDenied
    patient = get_object_or_404(Patient.objects.for_user(request.user).select_related("household__posyandu"),
                                pk=patient_pk)
    own = request.user.scope_facility
    facility = own if own is not None and own.type == FacilityType.PUSKESMAS else services.lab_of(
        patient.household.posyandu)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.request_tests(by=request.user, patient=patient, facility=facility,
                                       tests=list(form.cleaned_data["tests"]), note=form.cleaned_data["note"])
                record_touched(request, RecordAction.UPDATE, patient)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Request registered at the laboratory of %(lab)s.") % {"lab": facility.name})
            return redirect("lab:worklist")
    return _request_page(request, patient=patient, visit=None, form=form)


def _load(request, pk: int) -> LabRequest:
    try:
        return selectors.request_for(request.user, pk)
    except LabRequest.DoesNotExist:
        raise Http404 from None


def _entry_mode(user, lab_request: LabRequest) -> str | None:
    """"lab", "poc" (a point-of-care result at the requesting facility) or None."""
    if lab_request.status != Status.WAITING:
        return None
    if can_enter_lab_results(user):
        return "lab"
    if can_enter_point_of_care(user) and lab_request.test.point_of_care:
        return "poc"
    return None


@login_required
def request_detail(request, pk: int):
    if not can_read_lab(request.user):  # results are health data: not for kader
        raise PermissionDenied
    lab_request = _load(request, pk)
    mode = _entry_mode(request.user, lab_request)
    if request.method == "POST" and lab_request.status != Status.WAITING:
        messages.error(request, _("This request is no longer waiting: it has a result or was cancelled."))
        return redirect("lab:request", pk)
    if request.method == "POST" and mode is None:
        raise PermissionDenied
    warned = request.method == "POST" and "confirm" in request.POST
    form = ResultForm(request.POST or None, test=lab_request.test, warned=warned) if mode else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.enter_result(by=request.user, request=lab_request, value=data.get("value"),
                                      outcome=data.get("outcome", ""), point_of_care=mode == "poc",
                                      confirm_warnings=bool(data.get("confirm")))
                record_touched(request, RecordAction.VISIT_UPDATE, lab_request.patient)
        except NeedsConfirmation as exc:
            form = ResultForm(request.POST, test=lab_request.test, warned=True)
            form.is_valid()
            _add_errors(form, exc)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Result saved: %(test)s for %(name)s.") % {
                "test": lab_request.test.name, "name": lab_request.patient.name})
            if mode == "lab":
                return redirect("lab:worklist")
            return redirect("lab:request", pk)
    else:
        record_touched(request, RecordAction.VIEW, lab_request.patient)
    low, high = lab_request.test.range_for(lab_request.patient.sex)
    return render(request, "lab/request_detail.html", {
        "r": lab_request, "form": form, "mode": mode, "low": low, "high": high,
        "may_cancel": lab_request.status == Status.WAITING and (
            can_enter_lab_results(request.user) or can_request_tests(request.user)),
    })


@login_required
def cancel(request, pk: int):
    if not (can_enter_lab_results(request.user) or can_request_tests(request.user)):
        raise PermissionDenied
    lab_request = _load(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_request(by=request.user, request=lab_request, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Request cancelled."))
            return redirect("lab:request", pk)
    return render(request, "lab/cancel.html", {"r": lab_request, "form": form})
