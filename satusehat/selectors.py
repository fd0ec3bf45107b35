"""What the status page and the visit page show of the outbox, scoped to the
user's area (Operation.objects.for_user)."""

from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Role, User

from .models import Operation, PatientLink, PractitionerLink, Status

# Age bands of the status page: (label, newer than).
AGES = [
    (_("under 1 hour"), timedelta(hours=1)),
    (_("1 to 24 hours"), timedelta(days=1)),
    (_("1 to 7 days"), timedelta(days=7)),
    (_("over 7 days"), None),
]
STATUS_ROLES = {Role.KEPALA_PUSKESMAS, Role.STAF_DINKES, Role.ADMIN}


def can_see_status(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in STATUS_ROLES)


def health_workers(user):
    """The users an admin may give a Practitioner id: those working at a
    facility of the admin's area (users are scoped by their facility)."""
    return (User.objects.filter(scope_facility__in=Facility.objects.for_user(user), is_active=True)
            .order_by("username"))


def practitioners(user_ids) -> dict[int, tuple[str, str]]:
    """{user id: (Practitioner id, full name)} of those of `user_ids` who have one."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    return {link.user_id: (link.ihs_id, link.user.get_full_name())
            for link in PractitionerLink.objects.filter(user_id__in=ids).select_related("user")}


def summary(user, now=None) -> dict:
    now = now or timezone.now()
    ops = Operation.objects.for_user(user)
    bands = {}
    lower = None
    for index, (_label, newer_than) in enumerate(AGES):
        q = Q()
        if newer_than is not None:
            q &= Q(created_at__gt=now - newer_than)
        if lower is not None:
            q &= Q(created_at__lte=now - lower)
        bands[f"a{index}"] = Count("id", filter=q)
        lower = newer_than
    rows = {row["status"]: row for row in ops.values("status").annotate(total=Count("id"), **bands)}
    table = []
    for status in Status:
        row = rows.get(status.value, {})
        table.append({"status": status, "label": status.label, "total": row.get("total", 0),
                      "ages": [row.get(f"a{i}", 0) for i in range(len(AGES))]})
    oldest = ops.filter(status=Status.QUEUED).aggregate(at=Min("created_at"))["at"]
    oldest_op = (ops.filter(status=Status.QUEUED, created_at=oldest).select_related("patient").order_by("id").first()
                 if oldest else None)
    return {
        "ages": [label for label, _newer in AGES], "table": table, "oldest": oldest_op,
        "failed": ops.filter(status=Status.FAILED).select_related("patient", "facility").order_by("-id")[:100],
        "failed_total": next(row["total"] for row in table if row["status"] == Status.FAILED),
        "not_found": PatientLink.objects.for_user(user).filter(status=PatientLink.Status.NOT_FOUND)
        .select_related("patient")[:100],
    }


def visit_status(visit_id: int) -> dict | None:
    """The visit's resources on SATUSEHAT: None when nothing was queued."""
    rows = list(Operation.objects.filter(visit_id=visit_id).order_by("id").values(
        "kind", "ident", "op", "status", "last_error", "sent_at", "resource_id"))
    if not rows:
        return None
    last = {}
    for row in rows:
        last[row["ident"]] = row
    resources = list(last.values())
    if any(r["status"] == Status.FAILED for r in resources):
        overall = Status.FAILED
    elif any(r["status"] == Status.QUEUED for r in resources):
        overall = Status.QUEUED
    else:
        overall = Status.SENT
    return {"status": overall, "label": Status(overall).label, "resources": resources}
