"""The change history of a person, from django-simple-history's records."""

from dataclasses import dataclass
from datetime import datetime

from .models import Patient

SHOWN_FIELDS = ["name", "sex", "birth_date", "nik_masked", "bpjs_number", "phone", "household", "mother",
                "birth_order", "merged_into"]


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list[tuple[str, object, object]]


def patient_history(patient: Patient) -> list[HistoryEntry]:
    records = list(patient.history.select_related("history_user").order_by("history_date", "history_id"))
    labels = {f: str(Patient._meta.get_field(f).verbose_name) for f in SHOWN_FIELDS}
    labels["household"], labels["merged_into"] = "household", "merged into"
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=SHOWN_FIELDS)
            changes = [(labels.get(c.field, c.field), c.old, c.new) for c in delta.changes]
        user = record.history_user
        entries.append(HistoryEntry(
            when=record.history_date,
            who=(user.get_full_name() or user.username) if user else "—",
            kind=record.history_type,
            changes=changes,
        ))
        previous = record
    return list(reversed(entries))
