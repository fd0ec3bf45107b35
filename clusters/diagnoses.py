"""ICD-10 diagnoses of a visit: reading the codes a health worker typed,
finding codes for the picker, checking and writing a visit's diagnoses.

A visit's diagnoses are VisitDiagnosis rows in order (position 0 = primary).
They are written in bulk with their history records: no query at all for a
visit without diagnoses, and a fixed number for any number of them."""

import re
from collections.abc import Sequence

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import FacilityType

from .models import Diagnosis, VisitDiagnosis

MAX_PER_VISIT = 10
SEARCH_LIMIT = 20
SEARCH_MAX_CHARS = 60
SEPARATORS = re.compile(r"[\s,;]+")
# What a code looks like while it is being typed ("i1", "A15.", "A150").
CODE_PREFIX = re.compile(r"[A-Z][0-9][0-9A-Z]?(\.?[0-9A-Z]{0,4})?")
WORD = re.compile(r"\w+")


def normalise(code: str) -> str:
    """As stored: capitals, with the dot ("a150", as P-Care prints it, is A15.0)."""
    code = code.strip().upper()
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def split_codes(text: str) -> list[str]:
    """The codes typed, separated by commas, semicolons or spaces, as typed
    (for messages), the first of equal codes only."""
    seen, out = set(), []
    for token in SEPARATORS.split(text or ""):
        if token and normalise(token) not in seen:
            seen.add(normalise(token))
            out.append(token)
    return out


def resolve(tokens: Sequence[str], kept: Sequence[str] = ()) -> tuple[list[Diagnosis], list[str]]:
    """(the diagnoses named, in order; the tokens naming none). Inactive codes
    are unknown unless `kept` (those already on the visit being corrected)."""
    if not tokens:
        return [], []
    codes = [normalise(t) for t in tokens]
    found = {d.code: d for d in Diagnosis.objects.filter(code__in=codes).filter(Q(active=True) | Q(code__in=kept))}
    return [found[c] for c in codes if c in found], [t for t, c in zip(tokens, codes, strict=True) if c not in found]


def search(text: str, limit: int = SEARCH_LIMIT) -> list[Diagnosis]:
    """Active diagnoses whose code starts with `text`, or whose name holds
    every word of it (WHO's English names), codes matching first."""
    text = "".join(c for c in (text or "")[:SEARCH_MAX_CHARS] if c.isprintable()).strip()
    words = WORD.findall(text)
    if not words:
        return []
    code = normalise(text)
    by_code = Q(code__startswith=code) if CODE_PREFIX.fullmatch(code) else Q(pk__in=[])
    by_name = Q()
    for word in words:
        by_name &= Q(name__icontains=word)
    return list(
        Diagnosis.objects.filter(active=True).filter(by_code | by_name)
        .annotate(by_code=Case(When(by_code, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("by_code", "code")[:limit]
    )


def problems(diagnoses: Sequence[Diagnosis], *, facility, kept_ids: Sequence[int] = ()) -> list[str]:
    """Why these diagnoses cannot be recorded at this facility, if they cannot."""
    if not diagnoses:
        return []
    errors = []
    if not facility_takes_diagnoses(facility):
        errors.append(_("Diagnoses are recorded at a Puskesmas or a Pustu."))
    if len(diagnoses) > MAX_PER_VISIT:
        errors.append(_("At most %(n)s diagnoses per visit.") % {"n": MAX_PER_VISIT})
    inactive = [d.code for d in diagnoses if not d.active and d.pk not in kept_ids]
    if inactive:
        errors.append(_("No longer in use: %(codes)s.") % {"codes": ", ".join(inactive)})
    return errors


def unique(diagnoses: Sequence[Diagnosis]) -> list[Diagnosis]:
    """In order, a diagnosis given twice kept at its first place."""
    return list({d.pk: d for d in diagnoses}.values())


def add(visit, diagnoses: Sequence[Diagnosis], *, by) -> None:
    """Write the diagnoses of a visit that has none, with their history."""
    if not diagnoses:
        return
    rows = VisitDiagnosis.objects.bulk_create(
        [VisitDiagnosis(visit=visit, diagnosis=d, position=i) for i, d in enumerate(diagnoses)])
    _history(rows, "+", by)


def replace(visit, diagnoses: Sequence[Diagnosis], *, by) -> bool:
    """Make `diagnoses` the visit's, in this order; False if they already were."""
    old = list(VisitDiagnosis.objects.filter(visit=visit))
    if [r.diagnosis_id for r in old] == [d.pk for d in diagnoses]:
        return False
    if old:
        _history(old, "-", by)
        # One statement: a plain delete() would also write one history record
        # per row through simple-history's signal, after the ones just written.
        VisitDiagnosis.objects.filter(pk__in=[r.pk for r in old])._raw_delete(VisitDiagnosis.objects.db)
    add(visit, diagnoses, by=by)
    return True


def _history(rows, kind: str, by) -> None:
    history = VisitDiagnosis.history.model
    now = timezone.now()
    history.objects.bulk_create([
        history(id=r.pk, visit_id=r.visit_id, diagnosis_id=r.diagnosis_id, position=r.position, history_date=now,
                history_type=kind, history_user=by, history_change_reason=None)
        for r in rows])


def codes_of(visit) -> list[str]:
    """The codes of a visit's diagnoses in order (for a snapshot)."""
    return list(visit.diagnoses.order_by("visit_rows__position").values_list("code", flat=True))


def facility_takes_diagnoses(facility) -> bool:
    # A doctor, midwife or nurse diagnoses; a kader's Posyandu does not.
    return facility.type in (FacilityType.PUSKESMAS, FacilityType.PUSTU)
