"""SATUSEHAT: each facility's ids there, each person's IHS number, the shared
access token, and the outbox of operations queued with the visits
(docs/decisions/0027-satusehat-outbox.md)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility
from facilities.scope import ScopedQuerySet
from patients.models import Patient

from . import ihs


class FacilityLinkQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"


class PatientLinkQuerySet(ScopedQuerySet):
    scope_facility_path = "patient__household__posyandu"


class PractitionerLinkQuerySet(ScopedQuerySet):
    # Seen where the health worker works: visits are recorded at a facility.
    scope_facility_path = "user__scope_facility"


class FacilityLink(models.Model):
    """A facility's ids on SATUSEHAT, set by admins: a Puskesmas's own
    Organization (else the configured default is used) and the Location its
    visits happened at (a Posyandu or Pustu may have its own)."""

    facility = models.OneToOneField(Facility, on_delete=models.CASCADE, primary_key=True,
                                    related_name="satusehat", verbose_name=_("facility"))
    organization_id = models.CharField(_("SATUSEHAT Organization id"), max_length=64, blank=True)
    location_id = models.CharField(_("SATUSEHAT Location id"), max_length=64, blank=True)

    objects = FacilityLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("SATUSEHAT link of a facility")
        verbose_name_plural = _("SATUSEHAT links of facilities")

    def __str__(self):
        return str(self.facility)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from .config import forget_links

        forget_links()

    def delete(self, *args, **kwargs):
        from .config import forget_links

        forget_links()
        return super().delete(*args, **kwargs)


class PractitionerLink(models.Model):
    """A health worker's Practitioner id on SATUSEHAT, set by admins: the
    Encounters of the visits they record name them as the attender. Read
    when sending: a link set after a save reaches the Encounters not sent yet."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="satusehat_practitioner", verbose_name=_("health worker"))
    ihs_id = models.CharField(
        _("SATUSEHAT Practitioner id"), max_length=64,
        validators=[RegexValidator(r"^[A-Za-z0-9-]+$", _("Letters, digits and hyphens only, as SATUSEHAT gives it."))])

    objects = PractitionerLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("SATUSEHAT link of a health worker")
        verbose_name_plural = _("SATUSEHAT links of health workers")

    def __str__(self):
        return str(self.user)


class PatientLink(models.Model):
    """A person's IHS number (encrypted like the NIK), or why it is not known.
    Also the person's send lease: one worker at a time sends a person's
    operations, in order."""

    class Status(models.TextChoices):
        UNKNOWN = "unknown", _("not looked up")
        FOUND = "found", _("found")
        NOT_FOUND = "not_found", _("not found")

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, primary_key=True, related_name="satusehat")
    ihs_encrypted = models.TextField(blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.UNKNOWN)
    message = models.CharField(_("message"), max_length=500, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PatientLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("SATUSEHAT link of a person")
        verbose_name_plural = _("SATUSEHAT links of people")

    def __str__(self):
        return f"{self.patient_id} {self.status}"

    @property
    def ihs_number(self) -> str | None:
        return ihs.decrypt(self.ihs_encrypted)

    def set_ihs_number(self, value: str) -> None:
        self.ihs_encrypted = ihs.encrypt(value) if value else ""


class AccessToken(models.Model):
    """The one access token the workers share (row 1), renewed under its row
    lock so that many tasks needing it at once renew it once."""

    token = models.TextField(blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    renewed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"token until {self.expires_at}"


class OperationQuerySet(ScopedQuerySet):
    # Seen by whoever serves the person's area and by the facility that served.
    scope_facility_path = ("patient__household__posyandu", "facility")


class Kind(models.TextChoices):
    ENCOUNTER = "Encounter", "Encounter"
    OBSERVATION = "Observation", "Observation"
    IMMUNIZATION = "Immunization", "Immunization"
    CONDITION = "Condition", "Condition"


class Op(models.TextChoices):
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("mark entered in error")


class Status(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed to send")


class Operation(models.Model):
    """One resource of a visit to create, update or mark entered-in-error on
    SATUSEHAT. Written in the visit's transaction; sent in order per person.
    `ident` is the resource's own identifier value, the same for every
    operation on it: before creating again a resource whose answer was lost,
    the sender looks it up by it. `data` is what the resource is built from
    at sending time (the references to the person and the Encounter are only
    known then)."""

    visit_id = models.PositiveBigIntegerField(db_index=True)
    # Not hidden ("+"): a merge of two records moves the rows that point at a
    # person by Patient's reverse relations (patients/merge.py).
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="satusehat_operations")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    ident = models.CharField(max_length=80, db_index=True)
    op = models.CharField(max_length=6, choices=Op.choices)
    data = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    resource_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("SATUSEHAT operation")
        verbose_name_plural = _("SATUSEHAT operations")
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["patient", "status"])]

    def __str__(self):
        return f"{self.op} {self.kind} {self.ident} ({self.status})"
