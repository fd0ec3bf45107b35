"""Sending the outbox: person by person, each person's operations in the
order they were queued, one worker per person at a time (a lease on the
person's PatientLink row).

- A network error, a timeout or a 5xx: the operation waits (exponential
  backoff with jitter) and the person's later operations wait behind it.
- A 429: the operation waits Retry-After, and so does every sender (a pause
  in the cache).
- Another 4xx: the operation fails with the server's message ("gagal
  kirim"), for the Puskesmas to fix and queue again.
- Nothing is created twice: an operation tried before (its answer may have
  been lost, or its worker killed) first looks its resource up by identifier.
"""

import logging
import random
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from patients.models import Patient

from . import config, fhir, selectors
from .client import Client, RateLimited, Refused, Retry
from .models import Kind, Op, Operation, PatientLink, Status
from .outbox import encounter_ident

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
PAUSE_KEY = "satusehat:paused-until"
# Operations of one person sent under one lease.
PER_LEASE = 200


def backoff(attempts: int) -> float:
    """Seconds before the next try: doubling from the base, capped, with
    full jitter in its upper half so that retries spread out."""
    delay = min(settings.SATUSEHAT_BACKOFF_MAX_SECONDS,
                settings.SATUSEHAT_BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.5, 1.0)


def paused_until():
    return cache.get(PAUSE_KEY)


def due_people(now, limit: int) -> list[int]:
    rows = (Operation.objects.filter(status=Status.QUEUED)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .values("patient_id").annotate(first=Min("id")).order_by("first")[:limit])
    return [row["patient_id"] for row in rows]


def drain(*, max_people: int | None = None, now=None) -> dict:
    """Send what is due, person by person, until nothing is due, a rate
    limit pauses sending, or `max_people` were served."""
    result = {"sent": 0, "failed": 0, "waiting": 0, "people": 0}
    if not config.enabled():
        return result
    client = Client()
    seen = set()
    try:
        while max_people is None or result["people"] < max_people:
            current = now or timezone.now()
            if (pause := paused_until()) and pause > current:
                break
            people = [p for p in due_people(current, 50) if p not in seen]
            if not people:
                break
            for patient_id in people:
                seen.add(patient_id)
                claimed = claim(patient_id, current)
                if claimed is None:
                    continue
                # Released only once what was sent is written down: a worker
                # dying before leaves the lease to expire, and the next one
                # looks up by identifier what it may have created.
                counts = send_person(client, patient_id, now=current, taken_over=claimed)
                release(patient_id)
                result["people"] += 1
                for key in ("sent", "failed", "waiting"):
                    result[key] += counts[key]
                if counts.get("paused"):
                    return result
    finally:
        client.close()
    return result


def claim(patient_id: int, now) -> bool | None:
    """This worker's lease on the person, by one conditional update that one
    of several workers wins (PostgreSQL re-checks it after the row lock;
    SQLite lets one writer in at a time). None: another worker holds it.
    True: taken over from a worker whose lease expired (it died sending)."""
    link = PatientLink.objects.filter(patient_id=patient_id)
    if link.filter(claimed_until__isnull=True).update(claimed_until=now + LEASE):
        return False
    if not link.exists():
        try:
            with transaction.atomic():
                PatientLink.objects.create(patient_id=patient_id, claimed_until=now + LEASE)
            return False
        except IntegrityError:
            pass  # another worker created it at the same moment: its lease
    if link.filter(claimed_until__lt=now).update(claimed_until=now + LEASE):
        return True
    return None


def release(patient_id: int) -> None:
    PatientLink.objects.filter(patient_id=patient_id).update(claimed_until=None)


def send_person(client: Client, patient_id: int, *, now=None, taken_over=False) -> dict:
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0, "waiting": 0}
    ops = list(Operation.objects.filter(patient_id=patient_id, status=Status.QUEUED).select_related("patient")
               .order_by("id")[:PER_LEASE])
    if not ops:
        return counts
    if ops[0].next_attempt_at and ops[0].next_attempt_at > now:
        # Saved since the head started waiting: they wait behind it.
        _hold_behind(ops[0], ops[0].next_attempt_at)
        counts["waiting"] = len(ops)
        return counts
    try:
        ihs = ihs_number(client, ops[0].patient)
    except Retry as exc:
        _wait(ops[0], exc, now)
        counts["waiting"] = len(ops)
        counts["paused"] = isinstance(exc, RateLimited)
        return counts
    if ihs is None:
        link = PatientLink.objects.get(patient_id=patient_id)
        Operation.objects.filter(pk__in=[op.pk for op in ops]).update(
            status=Status.FAILED, last_error=link.message, attempts=F("attempts") + 1)
        counts["failed"] = len(ops)
        return counts
    refs = {"ihs": ihs, "name": ops[0].patient.name,
            "practitioners": selectors.practitioners(op.data.get("by") for op in ops if op.kind == Kind.ENCOUNTER)}
    known: dict[str, str] = {}  # ident -> id of what this batch sent
    done: list[Operation] = []
    # Well within the lease: past it another worker may take the person over.
    deadline = time.monotonic() + LEASE.total_seconds() / 2
    for op in ops:
        if op.next_attempt_at and op.next_attempt_at > now:
            counts["waiting"] += 1
            break
        if time.monotonic() > deadline:
            break
        try:
            resource_id = send_one(client, op, refs, tried_before=taken_over or op.attempts > 0, known=known)
        except Retry as exc:
            _wait(op, exc, now)
            counts["waiting"] += 1
            counts["paused"] = isinstance(exc, RateLimited)
            break
        except Refused as exc:
            op.status, op.last_error = Status.FAILED, str(exc)
            counts["failed"] += 1
        else:
            op.status, op.resource_id, op.sent_at, op.last_error = Status.SENT, resource_id or "", timezone.now(), ""
            if resource_id:
                known[op.ident] = resource_id
            counts["sent"] += 1
        op.attempts += 1
        done.append(op)
    if done:
        _write_down(done)
        overtaking = [op for op in done if op.status == Status.SENT and op.op != Op.CREATE]
        for op in overtaking:
            # Older failed operations on the resource are overtaken by this one.
            Operation.objects.filter(ident=op.ident, status=Status.FAILED, pk__lt=op.pk).update(
                status=Status.SENT, last_error=_("Overtaken by a later operation on the same resource."))
    return counts


def _write_down(done: list[Operation]) -> None:
    """What a batch sent and what was refused, in few statements: one per
    outcome, and one for the ids the platform gave."""
    sent = [op for op in done if op.status == Status.SENT]
    if sent:
        Operation.objects.filter(pk__in=[op.pk for op in sent]).update(
            status=Status.SENT, sent_at=timezone.now(), last_error="", attempts=F("attempts") + 1)
        with_ids = [op for op in sent if op.resource_id]
        if with_ids:
            Operation.objects.bulk_update(with_ids, ["resource_id"])
    for op in done:
        if op.status == Status.FAILED:
            Operation.objects.filter(pk=op.pk).update(status=Status.FAILED, last_error=op.last_error,
                                                      attempts=F("attempts") + 1)


def _wait(op: Operation, exc: Retry, now) -> None:
    op.attempts += 1
    if isinstance(exc, RateLimited):
        seconds = exc.retry_after
        cache.set(PAUSE_KEY, now + timedelta(seconds=seconds), timeout=int(seconds) + 5)
    else:
        seconds = backoff(op.attempts)
    Operation.objects.filter(pk=op.pk).update(last_error=str(exc)[:2000], attempts=F("attempts") + 1)
    _hold_behind(op, now + timedelta(seconds=seconds))


def _hold_behind(op: Operation, until) -> None:
    """The operation and the person's later ones wait until `until`: they go
    in order, and the person is not due again before then."""
    Operation.objects.filter(patient_id=op.patient_id, status=Status.QUEUED, pk__gte=op.pk).update(
        next_attempt_at=until)


def _known_id(ident: str) -> str | None:
    return (Operation.objects.filter(ident=ident).exclude(resource_id="").order_by("-id")
            .values_list("resource_id", flat=True).first())


def _find(client: Client, op: Operation) -> str | None:
    found = client.search(op.kind, fhir.identifier_system(op.kind, op.data["org"]), op.ident)
    return found[0].get("id") if found else None


def send_one(client: Client, op: Operation, refs: dict, *, tried_before: bool, known=None) -> str | None:
    """Create, update or mark entered-in-error one resource; its id. `known`:
    ids sent by this batch and not yet written down."""
    known = known or {}
    if op.kind != Kind.ENCOUNTER:
        encounter = known.get(encounter_ident(op.visit_id)) or _known_id(encounter_ident(op.visit_id))
        if not encounter:
            raise Refused(_("Its Encounter is not on SATUSEHAT yet: send the visit's Encounter first."))
        refs = {**refs, "encounter": encounter}
    # A create tried for the first time has no id anywhere yet.
    resource_id = None if op.op == Op.CREATE and not tried_before else (known.get(op.ident) or _known_id(op.ident))
    if resource_id is None and (tried_before or op.op != Op.CREATE):
        # Created by a try whose answer was lost, or by an operation since overtaken.
        resource_id = _find(client, op)
        if resource_id and op.op == Op.CREATE:
            return resource_id  # stored by the try whose answer was lost: as it is sent now
    if op.op == Op.DELETE and resource_id is None:
        return None  # never reached SATUSEHAT: nothing to mark
    data = op.data
    if op.kind == Kind.ENCOUNTER and (who := refs.get("practitioners", {}).get(data.get("by"))):
        data = {**data, "practitioner": who[0], "practitioner_name": who[1]}
    body = fhir.build(op.kind, op.ident, data, refs, entered_in_error=op.op == Op.DELETE, resource_id=resource_id)
    if resource_id:
        answer = client.call("PUT", f"{op.kind}/{resource_id}", json=body)
        return answer.get("id") or resource_id
    answer = client.call("POST", op.kind, json=body)
    return answer.get("id")


def ihs_number(client: Client, patient) -> str | None:
    """The person's IHS number, looked up once by NIK (a newborn without one
    by the mother's NIK, `nik-ibu`, and birth date and order). None when the
    person is flagged not found: not looked up again until someone asks."""
    link, _created = PatientLink.objects.get_or_create(patient_id=patient.pk)
    if link.status == PatientLink.Status.FOUND and (number := link.ihs_number):
        return number
    if link.status == PatientLink.Status.NOT_FOUND:
        return None
    found, message = _look_up(client, patient)
    link.checked_at = timezone.now()
    if found:
        link.set_ihs_number(found)
        link.status, link.message = PatientLink.Status.FOUND, ""
    else:
        link.status, link.message = PatientLink.Status.NOT_FOUND, message
    link.save(update_fields=["ihs_encrypted", "status", "message", "checked_at"])
    return found


def _look_up(client: Client, patient) -> tuple[str | None, str]:
    nik = patient.nik
    if nik:
        people = client.search("Patient", fhir.NIK, nik)
        if people:
            return people[0]["id"], ""
        return None, _("No person with this NIK on SATUSEHAT.")
    mother = Patient.objects.filter(pk=patient.mother_id).first() if patient.mother_id else None
    mother_nik = mother.nik if mother else None
    if not mother_nik:
        return None, _("No NIK, and no mother's NIK to find the newborn by.")
    born = patient.birth_date.isoformat()
    babies = [p for p in client.search("Patient", fhir.NIK_IBU, mother_nik) if p.get("birthDate") == born]
    if patient.birth_order and len(babies) > 1:
        babies = [p for p in babies if p.get("multipleBirthInteger") in (None, patient.birth_order)]
    if len(babies) == 1:
        return babies[0]["id"], ""
    if not babies:
        return None, _("No newborn of this mother's NIK and birth date on SATUSEHAT.")
    return None, _("Several newborns of this mother's NIK and birth date on SATUSEHAT: give the birth order.")


