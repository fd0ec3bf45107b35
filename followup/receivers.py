from dataclasses import dataclass

from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusters.signals import session_roster
from patients.signals import people_changed

from . import selectors
from .upkeep import recompute_people


@receiver(people_changed)
def keep_due_items_current(sender, patient_ids, **kwargs):
    recompute_people(patient_ids)


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
                .exclude(rule__in=selectors.SCREENINGS).order_by("overdue_on")):
        note = notes.setdefault(row.patient_id, RosterNote([]))
        note.items.append((names.get(row.item, row.item), row.overdue_on <= day))
    for visit in selectors.open_referrals().filter(patient_id__in=patient_ids):
        note = notes.setdefault(visit.patient_id, RosterNote([]))
        note.referral = _("Referred to %(place)s, %(day)s") % {
            "place": visit.get_referred_to_display(), "day": date_format(visit.referred_on, "j M")}
    return notes
