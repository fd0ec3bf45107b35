"""What the API remembers of a write: its client-made key and the answer it
gave, so that a retried or replayed submission is stored once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from patients.models import Patient


class Submission(models.Model):
    key = models.UUIDField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    # A child registered offline: the client's temporary id, and who it became.
    temp_id = models.CharField(max_length=64, blank=True)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    status = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API submission")
        verbose_name_plural = _("API submissions")
        constraints = [
            models.UniqueConstraint(fields=["user", "temp_id"], condition=~models.Q(temp_id=""),
                                    name="one_child_per_temp_id"),
        ]

    def __str__(self):
        return f"{self.kind} {self.key}"
