"""Emergency care (IGD) at a Puskesmas: one Arrival per person coming in,
holding its triage, vital signs, actions and outcome
(docs/decisions/0032-igd.md). Writes go through igd.services; reads through
igd.selectors."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Diagnosis
from facilities.models import Facility, Region
from facilities.scope import ScopedQuerySet
from patients.models import Patient


class Triage(models.TextChoices):
    """The four triage levels (colour codes) used at Indonesian IGDs."""

    RED = "merah", _("Red: immediate")
    YELLOW = "kuning", _("Yellow: urgent")
    GREEN = "hijau", _("Green: can wait")
    BLACK = "hitam", _("Black: dead on arrival or beyond help")


class Outcome(models.TextChoices):
    HOME = "home", _("Discharged home")
    ADMITTED = "admitted", _("Admitted to inpatient care")
    REFERRED = "referred", _("Referred to a hospital")
    DIED = "died", _("Died")


class Action(models.TextChoices):
    """Common actions at a Puskesmas IGD; anything else goes in the note."""

    OXYGEN = "oxygen", _("Oxygen")
    AIRWAY = "airway", _("Airway management")
    CPR = "cpr", _("Resuscitation (CPR)")
    IV_LINE = "iv", _("IV line and fluids")
    BLEEDING = "bleeding", _("Bleeding control")
    WOUND = "wound", _("Wound care / suturing")
    SPLINT = "splint", _("Splint / immobilisation")
    NEBULISER = "nebuliser", _("Nebuliser")
    MEDICINE = "medicine", _("Medicine given")
    CATHETER = "catheter", _("Urinary catheter")
    OBSERVATION = "observation", _("Observation")


# Vital signs: field -> (label, lowest plausible, highest plausible). Values
# outside are refused as mistyped, with a message naming the field.
VITALS = {
    "systolic": (_("Systolic blood pressure (mmHg)"), 40, 300),
    "diastolic": (_("Diastolic blood pressure (mmHg)"), 20, 200),
    "pulse": (_("Pulse (per minute)"), 20, 250),
    "respiratory_rate": (_("Respiratory rate (per minute)"), 4, 80),
    "temperature_c": (_("Temperature (°C)"), Decimal("30.0"), Decimal("43.0")),
    "spo2": (_("SpO2 (%)"), 50, 100),
    "gcs": (_("GCS (3–15)"), 3, 15),
}


class ArrivalQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"
    scope_district_field = "district"

    def open(self):
        return self.filter(closed_at__isnull=True)


class VitalSigns(models.Model):
    """The fields of VITALS, on an arrival (its latest set) and on each reading."""

    systolic = models.PositiveSmallIntegerField(_("systolic"), null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(_("diastolic"), null=True, blank=True)
    pulse = models.PositiveSmallIntegerField(_("pulse"), null=True, blank=True)
    respiratory_rate = models.PositiveSmallIntegerField(_("respiratory rate"), null=True, blank=True)
    temperature_c = models.DecimalField(_("temperature"), max_digits=3, decimal_places=1, null=True, blank=True)
    spo2 = models.PositiveSmallIntegerField(_("SpO2"), null=True, blank=True)
    gcs = models.PositiveSmallIntegerField(_("GCS"), null=True, blank=True)

    class Meta:
        abstract = True


class Arrival(VitalSigns):
    """One arrival at a Puskesmas IGD. `quick_registered` marks a person
    registered on arrival with minimal data (a provisional record)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="igd_arrivals",
                                verbose_name=_("person"))
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="igd_arrivals",
                                 verbose_name=_("Puskesmas"))
    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    arrived_at = models.DateTimeField(_("arrival time"), default=timezone.now)
    quick_registered = models.BooleanField(_("registered on arrival"), default=False)
    chief_complaint = models.CharField(_("chief complaint"), max_length=200, blank=True)
    triage = models.CharField(_("triage"), max_length=8, choices=Triage.choices, blank=True)
    triaged_at = models.DateTimeField(_("triage time"), null=True, blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    vitals_at = models.DateTimeField(_("vital signs time"), null=True, blank=True)
    actions = models.JSONField(_("actions"), default=list, blank=True)
    actions_note = models.TextField(_("actions, details"), blank=True)
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("working diagnosis (ICD-10)"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(_("outcome time"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    referred_to = models.CharField(_("referred to (hospital)"), max_length=120, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArrivalQuerySet.as_manager()

    class Meta:
        verbose_name = _("IGD arrival")
        verbose_name_plural = _("IGD arrivals")
        indexes = [
            models.Index(fields=["facility", "arrived_at"], name="igd_facility_arrived"),
            models.Index(fields=["district", "arrived_at"], name="igd_district_arrived"),
            models.Index(fields=["facility", "arrived_at"], condition=Q(closed_at__isnull=True), name="igd_open"),
            models.Index(fields=["patient", "arrived_at"], name="igd_patient"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(triage="", triaged_at__isnull=True) | (
                ~Q(triage="") & Q(triaged_at__gte=models.F("arrived_at"))), name="igd_triage_after_arrival"),
            models.CheckConstraint(condition=Q(outcome="", closed_at__isnull=True) | (
                ~Q(outcome="") & Q(closed_at__gte=models.F("arrived_at"))), name="igd_outcome_after_arrival"),
            models.CheckConstraint(condition=~Q(outcome="referred") | ~Q(referred_to=""),
                                   name="igd_referral_names_the_hospital"),
        ]

    def __str__(self):
        return f"{self.patient} · {self.arrived_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def minutes_to_triage(self) -> int | None:
        """Whole minutes from arrival to triage."""
        if self.triaged_at is None:
            return None
        return int((self.triaged_at - self.arrived_at).total_seconds() // 60)

    @property
    def action_labels(self) -> list[str]:
        labels = dict(Action.choices)
        return [str(labels[a]) for a in self.actions if a in labels]


class VitalsReading(VitalSigns):
    """One set of vital signs taken during an arrival: the IGD observes and
    measures again. The arrival keeps a copy of the latest for its lists."""

    arrival = models.ForeignKey(Arrival, on_delete=models.CASCADE, related_name="readings",
                                verbose_name=_("IGD arrival"))
    measured_at = models.DateTimeField(_("vital signs time"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("vital signs reading")
        verbose_name_plural = _("vital signs readings")
        indexes = [models.Index(fields=["arrival", "measured_at"], name="igd_reading_arrival")]

    def __str__(self):
        return f"{self.arrival_id} · {self.measured_at:%Y-%m-%d %H:%M}"
