from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility
from facilities.scope import ScopedQuerySet
from patients.models import Patient
from patients.signals import RecordAction


class AuditEventQuerySet(ScopedQuerySet):
    # Where the person lived when it happened: a later move does not hand the
    # past reads to the new Puskesmas.
    scope_facility_path = "posyandu"


class AuditEvent(models.Model):
    """Who viewed or changed whose record, when, how and from where. Rows are
    only ever inserted (no admin, no edit page)."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    # Kept as written, so the row still says who after the account is gone.
    username = models.CharField(_("username"), max_length=150)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+", verbose_name=_("patient"))
    posyandu = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+", verbose_name=_("Posyandu"))
    action = models.CharField(_("action"), max_length=20, choices=RecordAction.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=200, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["patient", "-at"], name="audit_patient_at"),
            models.Index(fields=["posyandu", "-at"], name="audit_posyandu_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.patient_id}"
