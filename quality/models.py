"""The data-quality review: what a reviewer marked as checked. The items
themselves are not stored; they are read from visits, measurements, people
and recomputations (quality.selectors), and a review row takes one out of the
open list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    # The value of each kind is also its key in URLs (?jenis=) and forms.
    CONFIRMED = "confirmed", _("Unusual values confirmed as right")
    FLAGGED_Z = "flagged_z", _("Z-scores beyond WHO's plausible range")
    DUPLICATE = "duplicate", _("Possible duplicate people")
    LATE = "late", _("Visits entered long after their date")
    RECOMPUTED = "recomputed", _("Growth codes or ages recomputed")


class Review(models.Model):
    """An item marked "checked". `object_id` is the visit's id (confirmed,
    flagged, late), the newer person's id (duplicate) or the recomputation's
    id (recomputed). Rows are only inserted, through quality.services."""

    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices)
    object_id = models.PositiveBigIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                           verbose_name=_("checked by"))
    at = models.DateTimeField(_("checked at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("data-quality review")
        verbose_name_plural = _("data-quality reviews")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="quality_one_review_per_item")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
