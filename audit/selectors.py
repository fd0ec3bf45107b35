from .models import AuditEvent


def events_for(user, *, patient: int | None = None):
    qs = AuditEvent.objects.for_user(user).select_related("patient", "posyandu").order_by("-at", "-pk")
    if patient is not None:
        qs = qs.filter(patient_id=patient)
    return qs
