"""The outbox is written in the visit's transaction: clusters announces
saved and removed visits inside it (clusters/signals.py). With the
integration off nothing is queued."""

from django.dispatch import receiver

from clusters.signals import visit_removed, visit_saved, visit_services_changed
from patients.signals import patients_merging

from . import config, outbox


@receiver(visit_services_changed, dispatch_uid="satusehat-visit-services")
def _keep_services(sender, *, visit, added, removed, by=None, **kwargs):
    # A new visit's services, so that queuing it need not read them back.
    if config.enabled() and not removed:
        setattr(visit, outbox.SERVICES_ATTR, list(added))


@receiver(visit_saved, dispatch_uid="satusehat-visit-saved")
def _queue_saved(sender, *, visit, created, by=None, **kwargs):
    if config.enabled():
        outbox.queue_visit(visit, created)


@receiver(visit_removed, dispatch_uid="satusehat-visit-removed")
def _queue_removed(sender, *, visit, by=None, **kwargs):
    if config.enabled():
        outbox.queue_removal(visit)


@receiver(patients_merging, dispatch_uid="satusehat-patients-merging")
def _merge_links(sender, *, kept, duplicate, **kwargs):
    # A merge moves every row pointing at the duplicate to the kept person,
    # and each person has one link: the kept person's stays, else the
    # duplicate's moves (the same person: a merge needs equal NIKs or one).
    from .models import PatientLink

    if PatientLink.objects.filter(patient=kept).exists():
        PatientLink.objects.filter(patient=duplicate).delete()
