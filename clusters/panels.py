"""The visits section of the patient page (registered in ClustersConfig.ready)."""

import json

from django.utils import timezone

from patients.permissions import can_register

from . import anthropometry
from .labels import CLASS_LABELS, GROWTH_CODES
from .models import ImmunisationStatus
from .packages import packages_for
from .selectors import patient_visits, weight_points


def growth_chart_data(patient, points) -> str:
    curves = anthropometry.weight_for_age_curves(patient.sex)
    return json.dumps({"curves": curves, "points": points})


def visits_panel(request, patient):
    today = timezone.localdate()
    pregnant = bool(getattr(patient, "ongoing", None))
    visits = list(patient_visits(request.user, patient)[:50])
    under_five = (today - patient.birth_date).days < 1827
    chart = None
    if under_five:
        points = weight_points(patient)
        chart = growth_chart_data(patient, points) if points else None
    status = ImmunisationStatus.objects.filter(patient=patient).first() if under_five else None
    return "clusters/_patient_panel.html", {
        "visits": visits,
        "packages": packages_for(birth_date=patient.birth_date, sex=patient.sex, on=today, pregnant=pregnant)
        if can_register(request.user) else [],
        "chart": chart,
        "immunisation": status,
        "class_labels": CLASS_LABELS,
        "growth_codes": GROWTH_CODES,
    }
