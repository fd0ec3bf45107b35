from django.dispatch import receiver

from patients.signals import patient_record_touched

from .services import record


@receiver(patient_record_touched, dispatch_uid="audit.record")
def write_audit_event(sender, request, action, patients, **kwargs):
    if patients:
        record(request=request, action=action, patients=patients)
