"""The laboratory: a shipped catalogue of tests (LabTest, loaded from
lab/data/tests.csv by a data migration) and test requests (LabRequest), each
holding its one result once the lab (or the point of care) enters it
(docs/decisions/0029-laboratory.md).

Writes go through lab.services; reads through lab.selectors."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Visit
from facilities.models import Facility, Region
from facilities.scope import ScopedQuerySet
from patients.models import Patient


class ResultType(models.TextChoices):
    NUMBER = "number", _("Number")
    OUTCOME = "outcome", _("Outcome (positive/negative…)")


class Outcome(models.TextChoices):
    NEGATIVE = "neg", _("Negative")
    POSITIVE = "pos", _("Positive")
    NON_REACTIVE = "nonreactive", _("Non-reactive")
    REACTIVE = "reactive", _("Reactive")
    MTB_NOT_DETECTED = "mtb_neg", _("MTB not detected")
    MTB_RIF_SENSITIVE = "mtb_rs", _("MTB detected, rifampicin sensitive")
    MTB_RIF_RESISTANT = "mtb_rr", _("MTB detected, rifampicin resistant")
    MTB_RIF_INDETERMINATE = "mtb_ri", _("MTB detected, rifampicin indeterminate")
    AFB_SCANTY = "scanty", _("AFB scanty (1–9 per 100 fields)")
    AFB_1 = "1+", _("AFB 1+")
    AFB_2 = "2+", _("AFB 2+")
    AFB_3 = "3+", _("AFB 3+")
    INVALID = "invalid", _("Invalid, no result (repeat the test)")


# Outcomes that are a finding (flagged); INVALID is no result at all.
POSITIVE_OUTCOMES = frozenset({
    Outcome.POSITIVE, Outcome.REACTIVE, Outcome.MTB_RIF_SENSITIVE, Outcome.MTB_RIF_RESISTANT,
    Outcome.MTB_RIF_INDETERMINATE, Outcome.AFB_SCANTY, Outcome.AFB_1, Outcome.AFB_2, Outcome.AFB_3,
})


class Feeds(models.TextChoices):
    """The visit measurement a result is (clusters.Measurement field)."""

    HB = "hb_g_dl", _("Hb (g/dL)")
    GLUCOSE = "glucose_mg_dl", _("Blood glucose (mg/dL)")


class LabTest(models.Model):
    """A test of the catalogue. The reference range is [low, high]; a woman's
    is [low_female, high_female] where those are set (Hb)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    result_type = models.CharField(_("result type"), max_length=10, choices=ResultType.choices)
    outcomes = models.JSONField(_("possible outcomes"), default=list, blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    low = models.DecimalField(_("reference low"), max_digits=7, decimal_places=2, null=True, blank=True)
    high = models.DecimalField(_("reference high"), max_digits=7, decimal_places=2, null=True, blank=True)
    low_female = models.DecimalField(_("reference low (women)"), max_digits=7, decimal_places=2, null=True,
                                     blank=True)
    high_female = models.DecimalField(_("reference high (women)"), max_digits=7, decimal_places=2, null=True,
                                      blank=True)
    # Values outside are refused as mistyped (the visit's plausible range).
    plausible_min = models.DecimalField(_("lowest plausible"), max_digits=7, decimal_places=2, null=True, blank=True)
    plausible_max = models.DecimalField(_("highest plausible"), max_digits=7, decimal_places=2, null=True,
                                        blank=True)
    feeds = models.CharField(_("visit measurement"), max_length=20, choices=Feeds.choices, blank=True)
    fasting = models.BooleanField(_("fasting"), null=True, blank=True)
    tb_test = models.BooleanField(_("TB examination"), default=False,
                                  help_text=_("A result counts as the TB test (TCM or BTA) of the visit."))
    point_of_care = models.BooleanField(_("point-of-care test"), default=False,
                                        help_text=_("May be done and entered at a Pustu or Posyandu visit."))
    packages = models.JSONField(_("offered with visit packages"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("laboratory test")
        verbose_name_plural = _("laboratory tests")

    def __str__(self):
        return self.name

    def range_for(self, sex: str) -> tuple[Decimal | None, Decimal | None]:
        if sex == "P" and (self.low_female is not None or self.high_female is not None):
            return self.low_female, self.high_female
        return self.low, self.high


class Status(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    DONE = "done", _("Result entered")
    CANCELLED = "cancelled", _("Cancelled")


class Flag(models.TextChoices):
    NORMAL = "", _("Normal")
    LOW = "low", _("Low")
    HIGH = "high", _("High")
    POSITIVE = "positive", _("Positive")


def flag_of(test: LabTest, sex: str, *, value: Decimal | None = None, outcome: str = "") -> str:
    if test.result_type == ResultType.OUTCOME:
        return Flag.POSITIVE if outcome in POSITIVE_OUTCOMES else Flag.NORMAL
    low, high = test.range_for(sex)
    if value is None:
        return Flag.NORMAL
    if low is not None and value < low:
        return Flag.LOW
    if high is not None and value > high:
        return Flag.HIGH
    return Flag.NORMAL


class LabRequestQuerySet(ScopedQuerySet):
    # Seen by the lab's Puskesmas network and by the facility that asked.
    scope_facility_path = ("lab", "facility")
    scope_district_field = "district"


class LabRequest(models.Model):
    """One test asked for one person, from a visit or at the lab, and its
    result. `lab` is the Puskesmas whose lab does it (the requesting
    facility's Puskesmas); a later IGD or ward names its own visit or none."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="lab_requests",
                                verbose_name=_("person"))
    # A removed visit keeps its requests, without the link.
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="lab_requests",
                              verbose_name=_("visit"))
    test = models.ForeignKey(LabTest, on_delete=models.PROTECT, related_name="requests", verbose_name=_("test"))
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="lab_requests_made",
                                 verbose_name=_("requested at"))
    lab = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="lab_requests",
                            verbose_name=_("laboratory"))
    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    note = models.CharField(_("note"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=7, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    flag = models.CharField(_("flag"), max_length=10, choices=Flag.choices, blank=True)
    point_of_care = models.BooleanField(_("done at the point of care"), default=False)
    resulted_at = models.DateTimeField(_("result time"), null=True, blank=True)
    resulted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    objects = LabRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("laboratory request")
        verbose_name_plural = _("laboratory requests")
        indexes = [
            # The worklist: what waits at a lab, oldest first.
            models.Index(fields=["lab", "requested_at"], condition=Q(status="waiting"), name="lab_waiting"),
            models.Index(fields=["lab", "resulted_at"], name="lab_resulted"),
            models.Index(fields=["patient", "requested_at"], name="lab_patient"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(resulted_at__isnull=False) & (
                    Q(value__isnull=False) | ~Q(outcome=""))),
                name="lab_done_has_a_result"),
            models.CheckConstraint(condition=Q(resulted_at__isnull=True) | Q(resulted_at__gte=models.F("requested_at")),
                                   name="lab_result_after_request"),
            models.UniqueConstraint(fields=["visit", "test"], condition=Q(status="waiting"),
                                    name="lab_one_waiting_request_per_visit_and_test"),
        ]

    def __str__(self):
        return f"{self.test} · {self.patient}"

    @property
    def turnaround(self):
        return self.resulted_at - self.requested_at if self.resulted_at else None
