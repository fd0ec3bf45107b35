"""Merging two records of one person: everything recorded for the duplicate
moves to the kept record, in one transaction, and the duplicate is kept,
marked as merged (patients.services.patients_merge)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Patient, PatientMerge
from .signals import patients_merged, patients_merging


def _relations_to_patient():
    """Every foreign key that points at Patient, in any app (later issues add
    visits): a merge moves them all, without knowing them by name."""
    skip = {(PatientMerge, "kept"), (PatientMerge, "duplicate"), (Patient, "merged_into")}
    for rel in Patient._meta.related_objects:
        if not (rel.one_to_many or rel.one_to_one):
            continue
        if (rel.related_model, rel.field.name) in skip:
            continue
        if (
            getattr(rel.related_model, "_meta", None)
            and rel.related_model._meta.app_label == "patients"
            and rel.related_model.__name__.startswith("Historical")
        ):
            continue
        yield rel.related_model, rel.field.name


@transaction.atomic
def patients_merge(*, by, kept: Patient, duplicate: Patient) -> PatientMerge:
    if kept.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records."))
    locked = {p.pk: p for p in Patient.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])}
    kept, duplicate = locked[kept.pk], locked[duplicate.pk]
    if kept.merged_into_id or duplicate.merged_into_id:
        raise ValidationError(_("One of these records was already merged."))
    if kept.provisional and not duplicate.provisional:
        raise ValidationError(_("Keep the full record: merge the provisional (quick) record into it, not the "
                                "other way round."))
    if kept.sex != duplicate.sex:
        raise ValidationError(_("The two records have different sexes; check them before merging."))
    if kept.nik_index and duplicate.nik_index and kept.nik_index != duplicate.nik_index:
        raise ValidationError(_("The two records have different NIKs; correct the wrong one first."))
    snapshot = {
        "name": duplicate.name,
        "sex": duplicate.sex,
        "birth_date": duplicate.birth_date.isoformat(),
        "nik_masked": duplicate.nik_masked,
        "household_id": duplicate.household_id,
        "mother_id": duplicate.mother_id,
        "birth_order": duplicate.birth_order,
    }
    moved = {}
    patients_merging.send(sender=Patient, kept=kept, duplicate=duplicate)
    try:
        with transaction.atomic():
            for model, field in _relations_to_patient():
                count = model._base_manager.filter(**{field: duplicate}).update(**{field: kept})
                if count:
                    moved[f"{model._meta.label}.{field}"] = count
    except IntegrityError:
        raise ValidationError(
            _("Both records have an ongoing pregnancy or a child with the same birth order; resolve that first.")
        ) from None
    if duplicate.nik_index and not kept.nik_index:
        nik = duplicate.nik
        duplicate.set_nik(None)
        duplicate.save(update_fields=["nik_index", "nik_encrypted", "nik_masked"])
        kept.set_nik(nik)
    if not kept.bpjs_number and duplicate.bpjs_number:
        kept.bpjs_number = duplicate.bpjs_number
    if not kept.phone and duplicate.phone:
        kept.phone = duplicate.phone
    # A provisional record merged into a full one leaves a full one.
    kept.provisional = kept.provisional and duplicate.provisional
    kept._history_user = by
    kept.save()
    duplicate.merged_into = kept
    duplicate.set_nik(None)
    duplicate._history_user = by
    duplicate.save()
    merge = PatientMerge.objects.create(
        kept=kept, duplicate=duplicate, merged_by=by, moved=moved, duplicate_snapshot=snapshot
    )
    patients_merged.send(sender=Patient, kept=kept, duplicate=duplicate, by=by,
                         duplicate_household_id=snapshot["household_id"])
    return merge
