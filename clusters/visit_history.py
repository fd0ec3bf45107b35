"""The change history of a visit (its own row and its measurements)."""

from dataclasses import dataclass
from datetime import date, datetime

from .models import Measurement, Visit

VISIT_FIELDS = ["date", "setting", "note", "facility"]
MEASUREMENT_FIELDS = ["weight_kg", "length_cm", "measured_lying", "head_cm", "muac_cm", "waist_cm", "systolic",
                      "diastolic", "glucose_mg_dl", "glucose_fasting", "hb_g_dl", "gestational_age_weeks", "srq20",
                      "puma", "adl"]


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str
    changes: list


def _show(value):
    return value.strftime("%d-%m-%Y") if isinstance(value, date) else value


def _diffs(records, model, fields):
    entries, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            for field in fields:
                attname = model._meta.get_field(field).attname
                old, new = getattr(previous, attname), getattr(record, attname)
                if old != new:
                    changes.append((str(model._meta.get_field(field).verbose_name), _show(old), _show(new)))
        user = record.history_user
        entries.append(Entry(record.history_date, (user.get_full_name() or user.username) if user else "—",
                             record.history_type, changes))
        previous = record
    return entries


def visit_history(visit: Visit) -> list[Entry]:
    visit_records = visit.history.select_related("history_user").order_by("history_date", "history_id")
    measurement_records = Measurement.history.filter(visit_id=visit.pk).select_related("history_user").order_by(
        "history_date", "history_id")
    entries = _diffs(visit_records, Visit, VISIT_FIELDS)
    entries += [e for e in _diffs(measurement_records, Measurement, MEASUREMENT_FIELDS) if e.changes]
    return sorted(entries, key=lambda e: e.when, reverse=True)
