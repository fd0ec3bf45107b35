"""Inpatient care (rawat inap) at a Puskesmas with beds: its beds, the
admissions of registered people, their daily notes and their discharge
(docs/decisions/0031-inpatient.md).

Writes go through inpatient.services; reads through inpatient.selectors."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clusters.models import Diagnosis, Visit
from facilities.models import Facility, Region
from facilities.scope import ScopedQuerySet
from patients.models import Patient


def last_care_day(admitted_at, discharged_at) -> date:
    """The last day a stay counts as a patient-day: the day before discharge
    (the admission day for a stay within one day), today while it is open."""
    if discharged_at is None:
        return timezone.localdate()
    return max(timezone.localdate(admitted_at), timezone.localdate(discharged_at) - timedelta(days=1))


class BedQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"

    def in_use(self, on: date):
        """The beds in use on the day."""
        return self.filter(Q(in_use_from__isnull=True) | Q(in_use_from__lte=on),
                           Q(in_use_until__isnull=True) | Q(in_use_until__gte=on))


class Bed(models.Model):
    """A bed of a Puskesmas rawat inap, kept by the district admin in the
    admin. The ward's capacity (BOR) on a day is its beds in use that day,
    so a bed added or taken out of use leaves past months' BOR as it was."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="beds",
                                 limit_choices_to={"inpatient": True}, verbose_name=_("Puskesmas"))
    label = models.CharField(_("bed"), max_length=30, help_text=_("As written on the bed, e.g. Mawar 2."))
    in_use_from = models.DateField(_("in use from"), null=True, blank=True,
                                   help_text=_("The first day the bed was in use. Leave empty for a bed in use "
                                               "before the ward's stays were recorded here."))
    in_use_until = models.DateField(_("in use until"), null=True, blank=True,
                                    help_text=_("The last day the bed was in use. Leave empty while it is in use."))

    objects = BedQuerySet.as_manager()

    class Meta:
        ordering = ["facility", "label"]
        verbose_name = _("bed")
        verbose_name_plural = _("beds")
        constraints = [
            models.UniqueConstraint(fields=["facility", "label"], name="inpatient_bed_label_unique"),
            models.CheckConstraint(condition=Q(in_use_until__isnull=True) | Q(in_use_from__isnull=True)
                                   | Q(in_use_until__gte=F("in_use_from")), name="inpatient_bed_in_use_in_order"),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.in_use_from and self.in_use_until and self.in_use_until < self.in_use_from:
            raise ValidationError({"in_use_until": _("In use until: write a day on or after the day it came into "
                                                     "use (%(day)s).") % {"day": date_format(self.in_use_from)}})
        # Its stays lie within the days it is in use: else BOR would count
        # patient-days on no bed-days.
        stays = list(self.admissions.values_list("admitted_at", "discharged_at")) if self.pk else []
        if not stays:
            return
        first = min(timezone.localdate(admitted) for admitted, _ in stays)
        last = max(last_care_day(admitted, discharged) for admitted, discharged in stays)
        if self.in_use_from and first < self.in_use_from:
            raise ValidationError({"in_use_from": _("In use from: a stay in this bed began on %(day)s; write that "
                                                    "day or an earlier one.") % {"day": date_format(first)}})
        if self.in_use_until and last > self.in_use_until:
            raise ValidationError({"in_use_until": _("In use until: a stay in this bed lasts until %(day)s; write "
                                                     "that day or a later one (discharge the patient first).")
                                   % {"day": date_format(last)}})

    def in_use_on(self, day: date) -> bool:
        return (self.in_use_from is None or self.in_use_from <= day) and (
            self.in_use_until is None or day <= self.in_use_until)

    def days_in_use(self, first: date, last: date) -> int:
        """Days of [first, last] the bed was in use."""
        start = max(first, self.in_use_from or first)
        end = min(last, self.in_use_until or last)
        return max(0, (end - start).days + 1)


class Outcome(models.TextChoices):
    RECOVERED = "recovered", _("Recovered or improved")
    REFERRED = "referred", _("Referred to a hospital")
    DIED = "died", _("Died")
    AGAINST_ADVICE = "against_advice", _("Left against medical advice")


class AdmissionQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"
    scope_district_field = "district"


class Admission(models.Model):
    """One stay of a person in a bed, from admission to discharge. A bed
    holds one open admission (a partial unique index)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="admissions",
                                verbose_name=_("person"))
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="admissions",
                                 verbose_name=_("Puskesmas"))
    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    bed = models.ForeignKey(Bed, on_delete=models.PROTECT, related_name="admissions", verbose_name=_("bed"))
    admitted_at = models.DateTimeField(_("admitted at"))
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("diagnosis"))
    note = models.CharField(_("referred from / note"), max_length=200, blank=True)
    # The IGD arrival this admission closed, when the person came through the IGD.
    arrival = models.OneToOneField("igd.Arrival", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="admission", verbose_name=_("IGD arrival"))
    delivery = models.BooleanField(_("normal delivery"), default=False)
    # The PERSALINAN visit the delivery was recorded as (once).
    delivery_visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    discharged_at = models.DateTimeField(_("discharged at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=120, blank=True)
    length_of_stay = models.PositiveSmallIntegerField(_("length of stay (days)"), null=True, blank=True)
    discharged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AdmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")
        indexes = [
            models.Index(fields=["facility", "admitted_at"], name="inpatient_facility_admitted"),
            models.Index(fields=["facility", "discharged_at"], name="inpatient_facility_discharged"),
            models.Index(fields=["patient", "admitted_at"], name="inpatient_patient"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["bed"], condition=Q(discharged_at__isnull=True),
                                    name="inpatient_one_open_admission_per_bed"),
            models.UniqueConstraint(fields=["patient"], condition=Q(discharged_at__isnull=True),
                                    name="inpatient_one_open_admission_per_person"),
            models.CheckConstraint(condition=Q(discharged_at__isnull=True) | Q(discharged_at__gte=models.F(
                "admitted_at")), name="inpatient_discharge_after_admission"),
            models.CheckConstraint(condition=Q(discharged_at__isnull=True) | ~Q(outcome=""),
                                   name="inpatient_discharge_has_an_outcome"),
        ]

    def __str__(self):
        return f"{self.patient} · {self.bed}"

    @property
    def is_open(self) -> bool:
        return self.discharged_at is None


def length_of_stay(admitted_at, discharged_at) -> int:
    """Days of care as SIRS counts them: the discharge date minus the
    admission date (local dates), a stay that ends the day it began counting
    one day."""
    days = (timezone.localdate(discharged_at) - timezone.localdate(admitted_at)).days
    return max(1, days)


class DailyNote(models.Model):
    """The ward's daily note on a person: what was seen and done, with the
    vital signs if taken."""

    admission = models.ForeignKey(Admission, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField(_("time"))
    text = models.TextField(_("note"), max_length=2000)
    systolic = models.PositiveSmallIntegerField(_("systolic (mmHg)"), null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(_("diastolic (mmHg)"), null=True, blank=True)
    pulse = models.PositiveSmallIntegerField(_("pulse (/min)"), null=True, blank=True)
    temperature = models.DecimalField(_("temperature (°C)"), max_digits=3, decimal_places=1, null=True,
                                      blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("daily note")
        verbose_name_plural = _("daily notes")

    def __str__(self):
        return f"{self.admission} · {self.written_at:%Y-%m-%d %H:%M}"
