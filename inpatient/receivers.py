"""The ward's say in what the patients app does: a merge of two records that
each lie in a bed is refused with the ward's own reason."""

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from patients.signals import patients_merging

from .models import Admission


@receiver(patients_merging, dispatch_uid="inpatient-patients-merging")
def refuse_two_open_stays(sender, kept, duplicate, **kwargs):
    # One person, one bed: the move would break that, so say why first.
    open_stays = Admission.objects.filter(patient__in=[kept, duplicate], discharged_at__isnull=True)
    if open_stays.values("patient").distinct().count() == 2:
        raise ValidationError(_("Both records are admitted to the ward now; discharge one of the two stays "
                                "before merging."))
