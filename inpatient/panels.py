"""The inpatient section of the patient page (registered in
InpatientConfig.ready): the person's admissions."""

from facilities.scope import openable

from .models import Admission
from .permissions import can_read_ward, can_write_ward
from .selectors import patient_admissions


def admissions_panel(request, patient):
    if not can_read_ward(request.user):  # health data of the ward: not for kader
        return None
    admissions = patient_admissions(patient)
    may_admit = can_write_ward(request.user)
    if not admissions and not may_admit:
        return None
    # Records at a Puskesmas outside the user's scope are listed, unlinked.
    return "inpatient/_patient_panel.html", {"admissions": admissions, "patient": patient, "may_admit": may_admit,
                                             "openable": openable(request.user, Admission, admissions)}
