"""The change history of a person, from django-simple-history's records."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from .models import Patient, Sex

SHOWN_FIELDS = [
    "name",
    "sex",
    "birth_date",
    "nik_masked",
    "bpjs_number",
    "phone",
    "household",
    "mother",
    "birth_order",
    "merged_into",
]


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[tuple[str, object, object]]


def _display(field, value):
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if field == "sex":  # the label, never the stored L/P
        return Sex(value).label if value in Sex.values else value
    return value


def patient_history(patient: Patient) -> list[HistoryEntry]:
    records = list(patient.history.select_related("history_user").order_by("history_date", "history_id"))
    labels = {f: str(Patient._meta.get_field(f).verbose_name) for f in SHOWN_FIELDS}
    labels["household"], labels["merged_into"] = _("Household"), _("Merged into")
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            # Compared by hand: simple-history's diff_against skips non-editable
            # fields such as the masked NIK.
            for field in SHOWN_FIELDS:
                attname = Patient._meta.get_field(field).attname
                old, new = getattr(previous, attname), getattr(record, attname)
                if old != new:
                    changes.append((labels[field], _display(field, old), _display(field, new)))
        previous = record
        if record.history_type == "~" and not changes:
            continue  # a save that changed nothing shown here is no event
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "—",
                kind=record.history_type,
                changes=changes,
            )
        )
    return list(reversed(entries))
