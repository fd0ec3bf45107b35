from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services
from .forms import (
    HouseholdForm,
    MemberFormSet,
    MergeForm,
    NewbornForm,
    PatientEditForm,
    PatientForm,
    PregnancyForm,
    SearchForm,
    apply_errors,
)
from .history import patient_history
from .life_stage import age_label
from .models import Household, Patient
from .motherhood import can_be_mother
from .panels import render_panels
from .permissions import can_merge, can_move_households, can_read_audit, can_register
from .selectors import household_detail, households_for, patient_search, patients_for, posyandu_choices
from .signals import RecordAction, record_touched

PAGE_SIZE = 25


def _require(check, user):
    if not check(user):
        raise PermissionDenied


def _patient_or_404(user, pk) -> Patient:
    try:
        return patients_for(user).get(pk=pk)
    except Patient.DoesNotExist:
        merged = Patient.objects.for_user(user).filter(pk=pk, merged_into__isnull=False).first()
        if merged is None:
            raise Http404 from None
        raise _Redirect(merged.merged_into_id) from None


class _Redirect(Exception):
    def __init__(self, pk):
        self.pk = pk


def _with_patient(view):
    def wrapper(request, pk, *args, **kwargs):
        try:
            patient = _patient_or_404(request.user, pk)
        except _Redirect as r:
            return redirect("patients:detail", r.pk)
        return view(request, patient, *args, **kwargs)

    wrapper.__name__ = view.__name__
    return login_required(wrapper)


@login_required
def search(request):
    posyandu = posyandu_choices(request.user)
    form = SearchForm(request.GET or None, posyandu_queryset=posyandu)
    filters = form.cleaned_data if form.is_valid() else {}
    qs, outside = patient_search(
        request.user,
        q=filters.get("q", ""),
        posyandu=getattr(filters.get("posyandu"), "pk", None),
        desa=filters.get("desa") or None,
        no_kk=filters.get("no_kk", ""),
        provisional=filters.get("provisional", False),
    )
    if form.is_bound and form.errors:
        qs = qs.none()  # the field says what to fix; listing everyone instead would mislead
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for p in page:
        p.age_text = age_label(p.birth_date, today)
        p.stage_list = p.stages(today, pregnant=bool(p.ongoing))
    return render(
        request,
        "patients/search.html",
        {
            "form": form,
            "page": page,
            "outside": outside,
            "can_register": can_register(request.user),
            "searched": bool(request.GET),
        },
    )


@login_required
def household_create(request):
    _require(can_register, request.user)
    posyandu = posyandu_choices(request.user)
    form = HouseholdForm(request.POST or None, posyandu_queryset=posyandu)
    formset = MemberFormSet(request.POST or None, prefix="m")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        members = [f.service_kwargs() for f in formset.forms if f.has_changed() and f.cleaned_data]
        data = form.cleaned_data
        try:
            with transaction.atomic():
                household = services.household_register(
                    by=request.user,
                    posyandu=data["posyandu"],
                    no_kk=data["no_kk"],
                    dusun=data["dusun"],
                    rw=data["rw"],
                    rt=data["rt"],
                    address=data["address"],
                    members=members,
                    submission_key=data["submission_key"],
                )
                record_touched(request, RecordAction.CREATE, *household.members.select_related("household"))
        except services.MemberErrors as exc:
            filled = [f for f in formset.forms if f.has_changed() and f.cleaned_data]
            for index, error in exc.by_index.items():
                apply_errors(filled[index], error)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Household saved with %(n)s members.") % {"n": household.members.count()})
            return redirect("patients:household", household.pk)
    return render(request, "patients/household_form.html", {"form": form, "formset": formset})


@login_required
def household_view(request, pk):
    try:
        household, members = household_detail(request.user, pk)
    except Household.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    for m in members:
        m.age_text = age_label(m.birth_date, today)
        m.stage_list = m.stages(today, pregnant=bool(m.ongoing))
    return render(
        request,
        "patients/household.html",
        {
            "household": household,
            "members": members,
            "can_register": can_register(request.user),
            "can_move": can_move_households(request.user),
        },
    )


@login_required
def member_create(request, pk):
    _require(can_register, request.user)
    household = get_object_or_404(households_for(request.user), pk=pk)
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                patient = services.patient_register(
                    by=request.user,
                    household=household,
                    submission_key=form.cleaned_data["submission_key"],
                    **form.service_kwargs(),
                )
                record_touched(request, RecordAction.CREATE, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s registered.") % {"name": patient.name})
            return redirect("patients:detail", patient.pk)
    return render(
        request,
        "patients/person_form.html",
        {
            "form": form,
            "household": household,
            "title": _("Register a person in this household"),
        },
    )


@_with_patient
def patient_detail(request, patient):
    record_touched(request, RecordAction.VIEW, patient)
    today = timezone.localdate()
    return render(
        request,
        "patients/detail.html",
        {
            "patient": patient,
            "nik": patient.nik,
            "no_kk": patient.household.no_kk,  # whole, like the NIK: this page's reads are logged
            "age_text": age_label(patient.birth_date, today),
            "stages": patient.stages(today, pregnant=bool(patient.ongoing)),
            "pregnancies": patient.pregnancies.all(),
            "children": patient.children.filter(merged_into__isnull=True).order_by("birth_order"),
            "can_register": can_register(request.user),
            "can_bear_children": can_be_mother(patient.sex, patient.birth_date, today),
            "can_merge": can_merge(request.user),
            "can_read_audit": can_read_audit(request.user),
            "panels": render_panels(request, patient),
        },
    )


@_with_patient
def patient_edit(request, patient):
    _require(can_register, request.user)
    initial = {
        "nik": patient.nik or "",
        "name": patient.name,
        "sex": patient.sex,
        "birth_date": patient.birth_date,
        "bpjs_number": patient.bpjs_number,
        "phone": patient.phone,
    }
    form = PatientEditForm(request.POST or None, initial=initial)
    if request.method == "GET":
        record_touched(request, RecordAction.VIEW, patient)  # the form shows the whole NIK
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.patient_update(by=request.user, patient=patient, **form.service_kwargs())
                record_touched(request, RecordAction.UPDATE, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("patients:detail", patient.pk)
    return render(
        request,
        "patients/person_form.html",
        {
            "form": form,
            "patient": patient,
            "household": patient.household,
            "title": _("Correct this record"),
        },
    )


@_with_patient
def newborn_create(request, patient):
    _require(can_register, request.user)
    form = NewbornForm(request.POST or None, initial={"name": f"Bayi Ny. {patient.name}"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                baby = services.newborn_register(
                    by=request.user,
                    mother=patient,
                    name=data["name"],
                    sex=data["sex"],
                    birth_date=data["birth_date"],
                    submission_key=data["submission_key"],
                )
                record_touched(request, RecordAction.CREATE, baby)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Newborn registered through the mother."))
            return redirect("patients:detail", baby.pk)
    return render(
        request,
        "patients/simple_form.html",
        {
            "form": form,
            "patient": patient,
            "title": _("Register a newborn of %(name)s") % {"name": patient.name},
        },
    )


@_with_patient
def pregnancy_create(request, patient):
    _require(can_register, request.user)
    form = PregnancyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.pregnancy_register(by=request.user, patient=patient, **form.cleaned_data)
                record_touched(request, RecordAction.PREGNANCY, patient)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Pregnancy recorded."))
            return redirect("patients:detail", patient.pk)
    return render(
        request,
        "patients/simple_form.html",
        {
            "form": form,
            "patient": patient,
            "title": _("Record a pregnancy of %(name)s") % {"name": patient.name},
        },
    )


@_with_patient
def history(request, patient):
    record_touched(request, RecordAction.VIEW_HISTORY, patient)
    return render(request, "patients/history.html", {"patient": patient, "entries": patient_history(patient)})


@_with_patient
def merge(request, patient):
    _require(can_merge, request.user)
    form = MergeForm(request.POST or request.GET or None)
    duplicate = None
    if form.is_bound and form.is_valid():
        duplicate = patients_for(request.user).filter(pk=form.cleaned_data["duplicate"]).first()
        if duplicate is None:
            form.add_error("duplicate", _("No record with this number in your area."))
        elif request.method == "POST" and form.cleaned_data["confirm"]:
            try:
                with transaction.atomic():
                    services.patients_merge(by=request.user, kept=patient, duplicate=duplicate)
                    record_touched(request, RecordAction.MERGE, patient, duplicate)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Records merged; the duplicate now points here."))
                return redirect("patients:detail", patient.pk)
    return render(request, "patients/merge.html", {"patient": patient, "duplicate": duplicate, "form": form})
