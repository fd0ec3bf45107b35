from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from patients.permissions import can_read_audit
from patients.selectors import patients_for

from .forms import AuditFilterForm
from .selectors import events_for

PAGE_SIZE = 50


@login_required
def log(request):
    if not can_read_audit(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    patient_pk = form.cleaned_data.get("pasien") if form.is_valid() else None
    patient = patients_for(request.user).filter(pk=patient_pk).first() if patient_pk else None
    page = Paginator(events_for(request.user, patient=patient_pk), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page, "patient": patient})
