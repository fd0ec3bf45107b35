"""The SATUSEHAT status page for Kepala Puskesmas and Dinkes: what is
queued, sent and failed, by age; the oldest unsent; the "gagal kirim" list
with the server's messages, to queue again once fixed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from facilities.typed import whole_number

from . import config, outbox
from .models import Operation, PatientLink
from .selectors import can_see_status, summary


@login_required
def status(request):
    if not can_see_status(request.user):
        raise PermissionDenied
    return render(request, "satusehat/status.html", {"enabled": config.enabled(), **summary(request.user)})


@login_required
@require_POST
def requeue(request):
    if not can_see_status(request.user):
        raise PermissionDenied
    ops = Operation.objects.for_user(request.user)
    operation, patient = (request.POST.get(k, "") for k in ("operation", "patient"))
    if any(v and whole_number(v, digits=18) is None for v in (operation, patient)):
        messages.error(request, _("Choose an operation or a person from the list."))
        return redirect("satusehat:status")
    if operation:
        ops = ops.filter(pk=operation)
    elif patient:
        people = PatientLink.objects.for_user(request.user).filter(patient_id=patient)
        for link in people:
            outbox.look_up_again(link.patient_id)
        messages.success(request, _("The person will be looked up again at the next sending."))
        return redirect("satusehat:status")
    count = outbox.requeue(ops)
    messages.success(request, ngettext("%(count)s operation queued again.", "%(count)s operations queued again.",
                                       count) % {"count": count})
    return redirect("satusehat:status")
