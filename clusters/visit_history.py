"""The change history of a visit: its own row, its services, its diagnoses
and its measurements, from django-simple-history's records.

One save of a visit writes several records (the visit row, one per change of
its services, the measurement row), each a full snapshot. They are grouped
back into the save that wrote them and the state after the group is compared
with the state before it, so a save shows what it changed (services by name,
measurements old → new), a save that changed nothing shows nothing, and the
first save shows what was entered."""

from dataclasses import dataclass, field
from datetime import datetime

from facilities.models import Facility

from .labels import MEASURED, VISIT_FIELDS, field_label
from .models import Diagnosis, Measurement, Service, Visit, VisitDiagnosis

# The visit's own fields compared (its patient and package never change).
OWN_FIELDS = ["date", "facility", "setting", "note"]
MEASURED_FIELDS = list(MEASURED)


@dataclass
class Change:
    field: str
    label: str
    old: object = None
    new: object = None
    added: list[str] = field(default_factory=list)  # services, by name
    removed: list[str] = field(default_factory=list)


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str  # "+" created, "~" changed
    changes: list[Change]


def _empty(value) -> bool:
    return value is None or value == "" or value == []


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _records(visit: Visit) -> list[tuple]:
    """(when, user, kind, values) of every record, oldest first."""
    visit_records = list(visit.history.select_related("history_user").order_by("history_date", "history_id"))
    through = Visit.history.model._meta.get_field("historicalvisit_services").related_model
    services: dict[int, set] = {}
    for history_id, service_id in through.objects.filter(
            history__in=[r.history_id for r in visit_records]).values_list("history_id", "service_id"):
        services.setdefault(history_id, set()).add(service_id)
    rows = []
    for r in visit_records:
        values = {name: getattr(r, Visit._meta.get_field(name).attname) for name in OWN_FIELDS}
        values["services"] = frozenset(services.get(r.history_id, ()))
        rows.append((r.history_date, 0, r.history_user, r.history_type, values))
    for r in Measurement.history.filter(visit_id=visit.pk).select_related("history_user").order_by(
            "history_date", "history_id"):
        gone = r.history_type == "-"
        values = {name: None if gone else getattr(r, name) for name in MEASURED_FIELDS}
        rows.append((r.history_date, 1, r.history_user, "~", values))
    # Diagnosis rows are only added and removed: replaying their records
    # gives the visit's diagnoses (ids in order) after each one.
    live: dict[int, tuple[int, int]] = {}
    for r in VisitDiagnosis.history.filter(visit_id=visit.pk).select_related("history_user").order_by(
            "history_date", "history_id"):
        if r.history_type == "-":
            live.pop(r.id, None)
        else:
            live[r.id] = (r.position, r.diagnosis_id)
        in_order = tuple(diagnosis for _position, diagnosis in sorted(live.values()))
        rows.append((r.history_date, 2, r.history_user, "~", {"diagnoses": in_order}))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def _groups(rows):
    """Records of one save together. A save writes the visit row first (its
    services as they were), then one record per change of its services (each
    with other services than the record before), then the measurement row: a
    visit record with unchanged services starts a save."""
    groups: list[list] = []
    services = None
    for row in rows:
        is_visit, values = row[1] == 0, row[4]
        starts = is_visit and (row[3] == "+" or values["services"] == services)
        if starts or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
        if is_visit:
            services = values["services"]
    return groups


def _changes(before: dict, after: dict, created: bool, facilities: dict, services: dict,
             diagnoses: dict) -> list[Change]:
    changes = []
    for name in [*OWN_FIELDS, "services", "diagnoses", *MEASURED_FIELDS]:
        old, new = before.get(name), after.get(name)
        if name == "diagnoses":
            # In order, by code and name ("I10 — Essential (primary) hypertension").
            if tuple(old or ()) != tuple(new or ()) and not (created and not new):
                changes.append(Change(name, str(VISIT_FIELDS[name]),
                                      [] if created else [diagnoses[pk] for pk in old or ()],
                                      [diagnoses[pk] for pk in new or ()]))
            continue
        if name == "services":
            added = sorted(services.get(pk, str(pk)) for pk in (new or set()) - (old or set()))
            removed = sorted(services.get(pk, str(pk)) for pk in (old or set()) - (new or set()))
            if added or removed:
                changes.append(Change(name, str(VISIT_FIELDS[name]), added=added, removed=removed))
            continue
        if name == "facility":
            old, new = facilities.get(old), facilities.get(new)
        if old == new or (_empty(old) and _empty(new)) or (created and _empty(new)):
            continue
        changes.append(Change(name, field_label(name), None if created else old, new))
    return changes


def visit_history(visit: Visit) -> list[Entry]:
    """The saves of a visit that changed something, newest first."""
    rows = _records(visit)
    service_ids = set().union(*(r[4]["services"] for r in rows if "services" in r[4]))
    services = {pk: s.name for pk, s in Service.objects.in_bulk(service_ids).items()}
    facility_ids = {r[4]["facility"] for r in rows if "facility" in r[4]}
    facilities = {pk: f.name for pk, f in Facility.objects.in_bulk(facility_ids).items()}
    diagnosis_ids = set().union(*(r[4]["diagnoses"] for r in rows if "diagnoses" in r[4]))
    diagnoses = {pk: str(d) for pk, d in Diagnosis.objects.in_bulk(diagnosis_ids).items()}
    entries, state = [], {}
    for group in _groups(rows):
        before = dict(state)
        for _when, _order, _user, _kind, values in group:
            state.update(values)
        created = any(kind == "+" for _w, order, _u, kind, _v in group if order == 0)
        changes = _changes(before, state, created, facilities, services, diagnoses)
        if created or changes:
            user = next((row[2] for row in group if row[2] is not None), None)
            entries.append(Entry(group[0][0], _who(user), "+" if created else "~", changes))
    return list(reversed(entries))
