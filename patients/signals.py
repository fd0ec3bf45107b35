from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

# Sent inside the merge transaction before anything moves, so that apps can
# drop what they derive per person (it is recomputed after the merge).
# Arguments: kept, duplicate.
patients_merging = Signal()

# Sent inside the merge transaction, after everything moved to `kept`.
# Arguments: kept, duplicate, duplicate_household_id.
patients_merged = Signal()

# Sent inside patient_update's transaction when a birth date or sex changed,
# after the row is saved: apps re-derive what hangs on them and log the months
# it changes. A receiver may refuse the correction with a ValidationError
# (e.g. visits before the new birth date). Arguments: patient, by,
# old_birth_date, old_sex.
patient_corrected = Signal()

# Sent inside household_move's transaction after the household moved.
# Arguments: household, by, old_desa_id, old_posyandu_id.
household_moved = Signal()

# Sent inside pregnancy_correct's transaction after HPHT or HPL changed: which
# contacts were in trimester I, and which visits were a pregnant woman's, hang
# on them. Arguments: pregnancy, by.
pregnancy_corrected = Signal()

# Sent inside any transaction that changed what is known about people: a
# registration, a pregnancy, and every write the coverage change log records
# (clusters/changes.py). Apps that keep per-person state that is not a figure
# (due lists) recompute it for these people in the same transaction.
# Arguments: patient_ids (a list of ints).
people_changed = Signal()


def people_touched(*patient_ids: int) -> None:
    ids = sorted({pk for pk in patient_ids if pk})
    if ids:
        people_changed.send(sender=None, patient_ids=ids)


# Sent by every page that shows a person's record and by every change to it,
# inside the change's transaction; the audit app writes it down with one
# INSERT (docs/decisions/0009). Arguments: request, action (RecordAction),
# patients (a list).
patient_record_touched = Signal()


class RecordAction(models.TextChoices):
    VIEW = "view", _("viewed the record")
    VIEW_HISTORY = "view_history", _("viewed the change history")
    VIEW_VISIT = "view_visit", _("viewed a visit")
    CREATE = "create", _("registered")
    UPDATE = "update", _("corrected the record")
    PREGNANCY = "pregnancy", _("recorded a pregnancy")
    PREGNANCY_CORRECT = "pregnancy_correct", _("corrected a pregnancy's dates")
    MERGE = "merge", _("merged records")
    VISIT_CREATE = "visit_create", _("recorded a visit")
    VISIT_UPDATE = "visit_update", _("corrected a visit")
    VISIT_REMOVE = "visit_remove", _("removed a visit")
    HOUSEHOLD_MOVE = "household_move", _("moved the household")
    HOME_VISIT = "home_visit", _("recorded a home visit")
    # A NIK typed at the IGD found this record (also when it was refused
    # for the other sex: the refusal told the user the NIK is registered).
    NIK_LOOKUP = "nik_lookup", _("found the record by NIK")


def record_touched(request, action: str, *patients) -> None:
    """Tell the audit log; an exception here fails the request (and rolls back
    the change it belongs to): a change without its audit row is not allowed."""
    patient_record_touched.send(sender=None, request=request, action=action, patients=[p for p in patients if p])
