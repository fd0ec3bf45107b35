"""The laboratory section of the patient page (registered in LabConfig.ready):
the person's latest requests and results."""

from facilities.scope import openable

from .models import LabRequest
from .permissions import can_read_lab, can_request_at_lab
from .selectors import patient_results


def results_panel(request, patient):
    if not can_read_lab(request.user):  # results are health data: not for kader
        return None
    results = patient_results(patient)
    may_request = can_request_at_lab(request.user)
    if not results and not may_request:
        return None
    # Records at a Puskesmas outside the user's scope are listed, unlinked.
    return "lab/_patient_panel.html", {"results": results, "patient": patient, "may_request": may_request,
                                       "openable": openable(request.user, LabRequest, results)}
