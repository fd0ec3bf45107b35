"""Writes to the audit log: one INSERT for all the people one request touched."""

from ilp.auth import client_ip
from patients.models import Household, Patient

from .models import AuditEvent


def _posyandu_of(patients: list[Patient]) -> dict[int, int]:
    """Household → Posyandu, from the loaded households where the caller has
    them (every scoped read does), else in one query."""
    known, missing = {}, set()
    for p in patients:
        if Patient.household.is_cached(p):
            known[p.household_id] = p.household.posyandu_id
        else:
            missing.add(p.household_id)
    if missing:
        known.update(Household.objects.filter(pk__in=missing).values_list("pk", "posyandu_id"))
    return known


def record(*, request, action: str, patients) -> None:
    patients = list(patients)
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    ip = client_ip(request)
    path = request.path[:200]
    posyandu = _posyandu_of(patients)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                user=user if signed_in else None,
                username=user.get_username() if signed_in else "",
                patient_id=p.pk,
                posyandu_id=posyandu[p.household_id],
                action=action,
                ip_address=ip,
                path=path,
            )
            for p in patients
        ]
    )
