"""Follow-up: what each person is due for (kept current by the writes that
change people, docs/decisions/0021), home visits with their outcome, and the
people who left the area's lists because they moved away or died."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Region
from facilities.scope import ScopedQuerySet
from patients.models import Household, Patient


class Rule(models.TextChoices):
    IMMUNISATION = "immunisation", _("Immunisation")
    WEIGHING = "weighing", _("Monthly weighing")
    VITAMIN_A = "vitamin_a", _("Vitamin A")
    ANC = "anc", _("Antenatal care")
    POSTNATAL = "postnatal", _("Postpartum visit (KF)")
    NEWBORN = "newborn", _("Newborn visit (KN)")
    SCHOOL = "school", _("School screening")
    PTM = "ptm", _("Yearly PTM screening")
    LANSIA = "lansia", _("Yearly elderly screening")
    CHRONIC = "chronic", _("Monthly hypertension/diabetes control")
    TB_TREATMENT = "tb_treatment", _("TB treatment visit")
    TB_CONTACT = "tb_contact", _("TB household contact investigation")


class AreaScoped(ScopedQuerySet):
    scope_facility_path = "posyandu"


class DueItem(models.Model):
    """One thing a person is due for: from `due_on` on it is on the lists,
    from `overdue_on` it is overdue, and after `ends_on` (when set) it is no
    longer asked for. The dates follow from what is recorded alone, so the
    row changes only when the person's records do."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="due_items")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    posyandu = models.ForeignKey(Facility, on_delete=models.CASCADE, related_name="+")
    desa = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    rule = models.CharField(max_length=16, choices=Rule.choices)
    item = models.CharField(max_length=20)  # a service code (IMM_DPT2, KF2) or the rule's own (K3, WEIGHING)
    due_on = models.DateField()
    overdue_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = AreaScoped.as_manager()

    class Meta:
        # Covering (PostgreSQL): a Puskesmas's list is an index-only scan of
        # its Posyandu's ranges (bench_due_lists).
        indexes = [models.Index(fields=["posyandu", "due_on"], name="due_posyandu_covering",
                                include=["household", "overdue_on", "ends_on", "rule"]),
                   models.Index(fields=["desa", "due_on"], name="due_desa_covering",
                                include=["household", "overdue_on", "ends_on", "rule"])]

    def __str__(self):
        return f"{self.patient_id} {self.item} {self.due_on}"


class DueStale(models.Model):
    """A household whose due items a write changed and the upkeep has not
    recomputed yet (with a Celery worker the upkeep runs after the commit,
    not in the request: docs/decisions/0021). Removed by id once done, so a
    row written meanwhile stays for the next drain."""

    household = models.ForeignKey(Household, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.household_id}"


class Outcome(models.TextChoices):
    SERVED = "served", _("Served on the spot")
    REFERRED = "referred", _("Referred")
    REFUSED = "refused", _("Refused")
    MOVED = "moved", _("Moved away")
    DIED = "died", _("Died")
    NOT_FOUND = "not_found", _("Not found")
    NOT_HOME = "not_home", _("Not at home")


class ReferredTo(models.TextChoices):
    POSYANDU = "posyandu", _("Posyandu")
    PUSTU = "pustu", _("Pustu")
    PUSKESMAS = "puskesmas", _("Puskesmas")


class HouseholdScoped(ScopedQuerySet):
    scope_facility_path = "household__posyandu"


class HomeVisit(models.Model):
    """A kunjungan rumah: to a household, about one of its people (or the
    household as a whole), with why, what was found and how it ended."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="home_visits",
                                  verbose_name=_("household"))
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="home_visits", verbose_name=_("person"))
    date = models.DateField(_("visit date"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)  # due item codes
    reason_note = models.CharField(_("other reason"), max_length=200, blank=True)
    findings = models.JSONField(_("findings"), default=list, blank=True)  # checklist codes
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    referred_to = models.CharField(_("referred to"), max_length=10, choices=ReferredTo.choices, blank=True)
    referred_on = models.DateField(_("referred for"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HouseholdScoped.as_manager()

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        indexes = [models.Index(fields=["patient", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.household_id} {self.date}"


class ExitReason(models.TextChoices):
    MOVED = "moved", _("Moved away")
    DIED = "died", _("Died")


class PatientScoped(ScopedQuerySet):
    scope_facility_path = "patient__household__posyandu"


class PersonExit(models.Model):
    """A person who left the lists: moved away or died, when, and on whose
    word. Reversible only by removing this row through the service."""

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="exit")
    reason = models.CharField(_("reason"), max_length=10, choices=ExitReason.choices)
    on = models.DateField(_("date"))
    home_visit = models.ForeignKey(HomeVisit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PatientScoped.as_manager()

    class Meta:
        verbose_name = _("person who left")
        verbose_name_plural = _("people who left")

    def __str__(self):
        return f"{self.patient_id} {self.reason}"
