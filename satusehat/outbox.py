"""Queueing: what a saved, corrected or removed visit asks of SATUSEHAT,
written as Operation rows in the visit's own transaction (receivers.py).

Rows are only ever appended here, never changed: a sender may be sending a
queued row right now. A correction appends updates of the resources already
queued (the sender finds their ids by `ident`), creates for new ones and
marks entered-in-error those the correction took away; a removal marks all
of the visit's resources entered-in-error."""

from django.db import transaction
from django.utils import timezone

from clusters import diagnoses
from clusters.models import Measurement, ServiceCategory
from stock.dispensing import batches_given
from stock.models import ServiceItem

from . import appending, config, fhir, trigger
from .models import Kind, Op, Operation, PatientLink, Status

# The services a new visit was given, left on it by the receiver of
# visit_services_changed (sent before visit_saved, in the same transaction):
# queuing a new visit then reads no services back. A corrected visit's are read.
SERVICES_ATTR = "_satusehat_services"


def ident(visit_id: int, key: str) -> str:
    """The resource's identifier value: stable for the life of the resource."""
    return f"ilp-{visit_id}-{key}"


def encounter_ident(visit_id: int) -> str:
    return ident(visit_id, "encounter")


def resources_of(visit, fresh: bool = True) -> list[tuple[str, str, dict]]:
    """[(kind, ident, data)] the visit is on SATUSEHAT, Encounter first.
    `fresh`: read the measurement from the database (a correction)."""
    org, location = config.facility_ids(visit.facility)
    base = {"org": org, "location": location, "date": visit.date.isoformat()}
    encounter = {**base, "setting": visit.setting, "package": visit.package}
    if visit.entered_by_id:
        encounter["by"] = visit.entered_by_id  # their Practitioner id, if any, is read when sending
    out = [(Kind.ENCOUNTER, encounter_ident(visit.pk), encounter)]
    if fresh:
        m = Measurement.objects.filter(visit_id=visit.pk).first()
    else:
        try:
            m = visit.measurement  # a new visit: the saving service left the row it wrote on it
        except Measurement.DoesNotExist:
            m = None
    if m is not None:
        for field in fhir.MEASURES:
            value = getattr(m, field)
            if value is not None:
                out.append((Kind.OBSERVATION, ident(visit.pk, f"obs-{field}"),
                            {**base, "field": field, "value": str(value)}))
        if m.systolic is not None and m.diastolic is not None:
            out.append((Kind.OBSERVATION, ident(visit.pk, "obs-blood_pressure"),
                        {**base, "field": "blood_pressure", "systolic": m.systolic, "diastolic": m.diastolic}))
    given = getattr(visit, SERVICES_ATTR, None)
    if given is None:
        given = visit.services.all()
    vaccines = [s for s in given if s.category == ServiceCategory.IMMUNISATION and s.antigen]
    if vaccines:
        lots = batches_given([visit.pk]).get(visit.pk, [])
        items = {}
        for service_id, name in ServiceItem.objects.filter(service__in=vaccines).values_list("service_id",
                                                                                              "item__name"):
            items.setdefault(service_id, set()).add(name)
        for s in sorted(vaccines, key=lambda s: s.code):
            lot = next((number for name, number in lots if name in items.get(s.pk, ())), "")
            if not lot and len(vaccines) == 1 and len(lots) == 1:
                lot = lots[0][1]  # one vaccine, one batch drawn
            out.append((Kind.IMMUNIZATION, ident(visit.pk, f"imm-{s.code}"),
                        {**base, "antigen": s.antigen, "dose": s.dose, "name": s.name, "lot": lot}))
    if diagnoses.facility_takes_diagnoses(visit.facility):  # a Posyandu visit has none: no query
        for code, name in visit.diagnoses.order_by("visit_rows__position").values_list("code", "name"):
            out.append((Kind.CONDITION, ident(visit.pk, f"dx-{code}"), {**base, "icd10": code, "display": name}))
    return out


def _last_ops(visit_id: int) -> dict[str, tuple[str, str, dict]]:
    """{ident: (kind, op, data)} of the last operation queued on each resource."""
    last = {}
    for kind, key, op, data in (Operation.objects.filter(visit_id=visit_id).order_by("id")
                                .values_list("kind", "ident", "op", "data")):
        last[key] = (kind, op, data)
    return last


def queue_visit(visit, created: bool) -> int:
    if created and not hasattr(visit, SERVICES_ATTR):
        setattr(visit, SERVICES_ATTR, [])  # no services_changed: a visit without services
    elif not created and hasattr(visit, SERVICES_ATTR):
        delattr(visit, SERVICES_ATTR)
    current = resources_of(visit, fresh=not created)
    if created:
        entries = [(kind, key, Op.CREATE, data) for kind, key, data in current]
    else:
        last = _last_ops(visit.pk)
        entries = []
        for kind, key, data in current:
            if key not in last:
                entries.append((kind, key, Op.CREATE, data))
            elif last[key][2] != data or last[key][1] == Op.DELETE:
                entries.append((kind, key, Op.UPDATE, data))
        keys = {key for _kind, key, _data in current}
        # What the correction took away (a weight cleared): children before the Encounter.
        gone = [(kind, key, Op.DELETE, data) for key, (kind, op, data) in last.items()
                if key not in keys and op != Op.DELETE]
        entries = gone + entries
    return _append(visit, entries)


def queue_removal(visit) -> int:
    last = _last_ops(visit.pk)
    entries = [(kind, key, Op.DELETE, data) for key, (kind, op, data) in last.items() if op != Op.DELETE]
    entries.sort(key=lambda e: e[0] == Kind.ENCOUNTER)  # the Encounter last
    return _append(visit, entries)


def _append(visit, entries) -> int:
    """The operations appended to the outbox, and a send after the commit."""
    if not entries:
        return 0
    written = appending.append([(visit.pk, visit.patient_id, visit.facility_id, kind, key, op, data)
                                for kind, key, op, data in entries], timezone.now())
    transaction.on_commit(trigger.send_soon)
    return written


def requeue(queryset) -> int:
    """Failed operations back in the queue (after the Puskesmas fixed them);
    their people flagged not found are looked up again."""
    ids = list(queryset.filter(status=Status.FAILED).values_list("pk", flat=True))
    people = Operation.objects.filter(pk__in=ids).values("patient_id")
    PatientLink.objects.filter(patient_id__in=people, status=PatientLink.Status.NOT_FOUND).update(
        status=PatientLink.Status.UNKNOWN, message="")
    return Operation.objects.filter(pk__in=ids).update(status=Status.QUEUED, next_attempt_at=timezone.now())


def look_up_again(patient_id: int) -> int:
    """A person flagged as not found (the NIK corrected, or registered on
    SATUSEHAT since): looked up again at the next send, with their
    operations."""
    PatientLink.objects.filter(patient_id=patient_id).update(status=PatientLink.Status.UNKNOWN, message="")
    return requeue(Operation.objects.filter(patient_id=patient_id))
