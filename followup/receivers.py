from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.signals import session_roster
from patients.signals import people_changed

from . import selectors
from .upkeep import mark_stale, recompute_people


@receiver(people_changed)
def keep_due_items_current(sender, patient_ids, **kwargs):
    """Embedded (tasks in-process): in the writer's transaction. With a
    Celery worker: the households are marked in the transaction and
    recomputed by a task queued after the commit (beat drains what a lost
    message left), which kept a visit save's time as it was."""
    if not settings.DUE_UPKEEP_AFTER_COMMIT:
        recompute_people(patient_ids)
        return
    mark_stale(patient_ids)
    transaction.on_commit(_queue_drain, robust=True)


QUEUED = "ilp:due-drain-queued"


def _queue_drain():
    """At most one drain waiting: saves within its countdown join it."""
    from .tasks import drain_due

    countdown = settings.DUE_DRAIN_COUNTDOWN_SECONDS
    # Outlives the countdown: should the message be lost, saves queue again after it.
    if cache.add(QUEUED, 1, timeout=countdown + 60):
        try:
            drain_due.apply_async(countdown=countdown, retry=False)
        except Exception:
            cache.delete(QUEUED)
            raise


@dataclass
class RosterNote:
    items: list  # (label, overdue)
    referral: str = ""


@receiver(session_roster)
def due_today(sender, user, day, patient_ids, **kwargs):
    """What each child of a session is due for on its day, and whether a home
    visit referred them here. Three queries."""
    notes: dict[int, RosterNote] = {}
    names = selectors.labels()
    for row in (selectors.listed(user, on=day).filter(patient_id__in=patient_ids)
                .order_by("overdue_on")):
        note = notes.setdefault(row.patient_id, RosterNote([]))
        note.items.append((names.get(row.item, row.item), row.overdue_on <= day))
    for visit in selectors.open_referrals().filter(patient_id__in=patient_ids):
        note = notes.setdefault(visit.patient_id, RosterNote([]))
        note.referral = _("Referred to %(place)s, %(day)s") % {
            "place": visit.get_referred_to_display(), "day": date_format(visit.referred_on, "j M")}
    return notes
