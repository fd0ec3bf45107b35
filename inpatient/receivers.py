"""The ward's say in what the patients app does: a merge of two records
whose ward stays overlap in time is refused with the ward's own reason."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from patients.signals import patients_merging

from .models import Admission


def _overlap(a, b) -> bool:
    """Whether two stays (admitted, discharged or None while open) share time."""
    return (b[1] is None or a[0] < b[1]) and (a[1] is None or b[0] < a[1])


@receiver(patients_merging, dispatch_uid="inpatient-patients-merging")
def refuse_overlapping_stays(sender, kept, duplicate, **kwargs):
    # One person lies in one bed at a time: merged, such stays could never be
    # discharged or corrected (each would overlap the other), so say why first.
    stays = {kept.pk: [], duplicate.pk: []}
    for patient_id, admitted, discharged in Admission.objects.filter(patient__in=[kept, duplicate]).values_list(
            "patient_id", "admitted_at", "discharged_at"):
        stays[patient_id].append((admitted, discharged))
    if any(_overlap(a, b) for a in stays[kept.pk] for b in stays[duplicate.pk]):
        raise ValidationError(_("Both records were in the ward at the same time; correct or discharge one of the "
                                "stays before merging."))
