"""The IGD section of the patient page (registered in IgdConfig.ready): the
person's arrivals, latest first."""

from facilities.scope import openable

from .models import Arrival
from .permissions import can_read_igd, can_write_igd
from .selectors import patient_arrivals


def arrivals_panel(request, patient):
    if not can_read_igd(request.user):  # health data: not for kader
        return None
    arrivals = patient_arrivals(patient)
    may_write = can_write_igd(request.user)
    if not arrivals and not may_write:
        return None
    # Records at a Puskesmas outside the user's scope are listed, unlinked.
    return "igd/_patient_panel.html", {"arrivals": arrivals, "patient": patient, "may_write": may_write,
                                       "openable": openable(request.user, Arrival, arrivals)}
