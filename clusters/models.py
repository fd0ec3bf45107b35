"""Clusters, the service catalogue, and visits with their measurements.

A visit's measurements live in one row of typed, nullable columns (one per
measurement of the domain spec, with its unit in the name) beside the values
derived from them when the visit is saved. Coverage aggregation then reads one
table with plain column filters (docs/decisions/0004-visit-tables.md)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from facilities.models import Facility, Region
from facilities.scope import ScopedQuerySet
from patients.models import Patient, Pregnancy


class Cluster(models.Model):
    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self):
        return self.name


class ServiceCategory(models.TextChoices):
    ANC = "anc", _("Antenatal care")
    DELIVERY = "delivery", _("Delivery")
    POSTNATAL = "postnatal", _("Postnatal care (nifas)")
    NEWBORN = "newborn", _("Newborn visit")
    IMMUNISATION = "immunisation", _("Immunisation")
    GROWTH = "growth", _("Growth and development")
    SUPPLEMENT = "supplement", _("Supplements")
    SCHOOL = "school", _("School health")
    PTM = "ptm", _("Non-communicable disease screening")
    PTM_CARE = "ptm_care", _("Chronic disease care")
    LANSIA = "lansia", _("Elderly screening")
    FAMILY_PLANNING = "family_planning", _("Family planning")
    TB = "tb", _("Tuberculosis")
    HIV = "hiv", _("HIV")
    DENTAL = "dental", _("Dental care")


class Service(models.Model):
    """A service of the catalogue (loaded from clusters/data/services.csv by a
    data migration, editable by admins): who it is for and who may give it."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=160)
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="services")
    category = models.CharField(_("category"), max_length=20, choices=ServiceCategory.choices)
    life_stages = models.JSONField(_("life stages"), default=list, help_text=_("Stage codes, e.g. balita."))
    facility_types = models.JSONField(_("facility types"), default=list, help_text=_("puskesmas, pustu, posyandu"))
    antigen = models.CharField(_("antigen"), max_length=20, blank=True)
    dose = models.PositiveSmallIntegerField(_("dose"), null=True, blank=True)
    # Who may receive it, beyond the life stage: "" for anyone, else L or P.
    sex = models.CharField(_("sex"), max_length=1, blank=True,
                           choices=[("L", _("Male")), ("P", _("Female"))])
    min_age_months = models.PositiveSmallIntegerField(_("from age (months)"), null=True, blank=True)
    max_age_months = models.PositiveSmallIntegerField(_("up to age (months, inclusive)"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["cluster__order", "category", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return self.name


class DiagnosisKind(models.TextChoices):
    CATEGORY = "category", _("category (3 characters)")
    SUBCATEGORY = "subcategory", _("subcategory (4 characters)")


# WHO's shape of a code, with its dot ("I10", "A15.0", "B18.00"); admins may add national extensions.
ICD10_CODE = r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$"


class Diagnosis(models.Model):
    """An ICD-10 code a visit can be diagnosed with: WHO's 2019 categories and
    subcategories, loaded by a data migration (clusters/icd10.py, decision
    28); admins deactivate or add rows, never delete them (visits name them)."""

    code = models.CharField(_("ICD-10 code"), max_length=10, unique=True,
                            validators=[RegexValidator(ICD10_CODE, _("Write the code in capitals with its dot, "
                                                                     "e.g. I10 or A15.0."))])
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=DiagnosisKind.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        # Reference data of 12,246 rows in a table migration 0010 made.
        # Unmanaged, so that the test suite's flush between transactional
        # tests keeps it and their serialized rollback does not re-insert it
        # row by row (about 19 s per such test on PostgreSQL). The price: a
        # schema change of this table needs its own database operation.
        managed = False
        ordering = ["code"]
        verbose_name = _("diagnosis (ICD-10)")
        verbose_name_plural = _("diagnoses (ICD-10)")

    def __str__(self):
        return f"{self.code} — {self.name}"


class Setting(models.TextChoices):
    BUILDING = "gedung", _("In the building")
    POSYANDU = "posyandu", _("Posyandu")
    HOME = "rumah", _("Home visit")


class VisitQuerySet(ScopedQuerySet):
    # Seen by whoever serves the person's area and by the facility that served.
    scope_facility_path = ("patient__household__posyandu", "facility")


class PosyanduSession(models.Model):
    """One monthly Posyandu day, opened by a kader."""

    posyandu = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["posyandu", "date"], name="one_session_per_posyandu_day")]
        verbose_name = _("Posyandu session")
        verbose_name_plural = _("Posyandu sessions")

    def __str__(self):
        return f"{self.posyandu.name} {self.date}"


# Kept by name so a new visit with its services gets one history record
# (clusters.services.visit_record), not one for the row and one for the m2m.
VISIT_HISTORY = HistoricalRecords(excluded_fields=["submission_key", "updated_at"], m2m_fields=["services"])


class Visit(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="visits")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="visits",
                                 verbose_name=_("facility"))
    date = models.DateField(_("visit date"))
    setting = models.CharField(_("setting"), max_length=10, choices=Setting.choices, default=Setting.BUILDING)
    package = models.CharField(_("package"), max_length=20)
    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.PROTECT, null=True, blank=True, related_name="visits")
    session = models.ForeignKey(PosyanduSession, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="visits")
    services = models.ManyToManyField(Service, blank=True, related_name="visits", verbose_name=_("services given"))
    # In order, the primary first: read visit.diagnoses.order_by("visit_rows__position").
    diagnoses = models.ManyToManyField(Diagnosis, through="VisitDiagnosis", blank=True, related_name="visits",
                                       verbose_name=_("diagnoses"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Fields whose implausible value the health worker confirmed as right
    # ("Sudah benar, tetap simpan"): the data-quality review lists them.
    confirmed = models.JSONField(default=list, blank=True, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = VISIT_HISTORY

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["patient", "date"]), models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.patient} {self.date}"


class VisitDiagnosis(models.Model):
    """One diagnosis of a visit; position 0 is the primary one. Rows are only
    added and removed, never changed, each with its history record
    (clusters/diagnoses.py writes both in bulk), so a visit's history shows
    its diagnoses before and after a correction."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="diagnosis_rows")
    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.PROTECT, related_name="visit_rows")
    position = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = _("visit diagnosis")
        verbose_name_plural = _("visit diagnoses")
        constraints = [
            models.UniqueConstraint(fields=["visit", "position"], name="one_diagnosis_per_position"),
            models.UniqueConstraint(fields=["visit", "diagnosis"], name="a_diagnosis_once_per_visit"),
        ]

    def __str__(self):
        return f"{self.visit_id} {self.position} {self.diagnosis_id}"


class Measurement(models.Model):
    """What was measured at a visit (units in the names) and what was derived
    from it when the visit was saved. Derived values are stored, never
    recomputed on read."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, primary_key=True, related_name="measurement")
    # Anthropometry
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True)
    length_cm = models.DecimalField(_("length/height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True)
    measured_lying = models.BooleanField(_("measured lying down"), null=True, blank=True)
    # Bilateral pitting oedema: WHO gives no weight-based z-score then.
    oedema = models.BooleanField(_("bilateral pitting oedema"), null=True, blank=True)
    head_cm = models.DecimalField(_("head circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    muac_cm = models.DecimalField(_("LiLA (cm)"), max_digits=4, decimal_places=1, null=True, blank=True)
    waist_cm = models.DecimalField(_("waist (cm)"), max_digits=5, decimal_places=1, null=True, blank=True)
    # Vital signs and laboratory
    systolic = models.PositiveSmallIntegerField(_("systolic (mmHg)"), null=True, blank=True)
    diastolic = models.PositiveSmallIntegerField(_("diastolic (mmHg)"), null=True, blank=True)
    glucose_mg_dl = models.PositiveSmallIntegerField(_("blood glucose (mg/dL)"), null=True, blank=True)
    glucose_fasting = models.BooleanField(_("fasting glucose"), null=True, blank=True)
    hb_g_dl = models.DecimalField(_("Hb (g/dL)"), max_digits=4, decimal_places=1, null=True, blank=True)
    gestational_age_weeks = models.PositiveSmallIntegerField(_("gestational age (weeks)"), null=True, blank=True)
    # Questionnaires and screens
    srq20 = models.PositiveSmallIntegerField(_("SRQ-20 score"), null=True, blank=True)
    puma = models.PositiveSmallIntegerField(_("PUMA score"), null=True, blank=True)
    adl = models.PositiveSmallIntegerField(_("ADL/AKS score"), null=True, blank=True)
    skilas_flags = models.JSONField(_("SKILAS findings"), default=list, blank=True)
    tb_symptoms = models.JSONField(_("TB symptoms"), default=list, blank=True)

    # Derived on save
    age_days = models.PositiveIntegerField(null=True, blank=True, editable=False)
    bmi = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True, editable=False)
    bmi_class = models.CharField(max_length=20, blank=True, editable=False)
    waz = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True, editable=False)
    haz = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True, editable=False)
    whz = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True, editable=False)
    baz = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True, editable=False)
    weight_for_age_class = models.CharField(max_length=30, blank=True, editable=False)
    height_for_age_class = models.CharField(max_length=30, blank=True, editable=False)
    weight_for_height_class = models.CharField(max_length=30, blank=True, editable=False)
    growth_code = models.CharField(max_length=1, blank=True, editable=False)
    bgm = models.BooleanField(null=True, blank=True, editable=False)
    anaemia = models.BooleanField(null=True, blank=True, editable=False)
    kek = models.BooleanField(null=True, blank=True, editable=False)
    hypertension = models.BooleanField(null=True, blank=True, editable=False)
    glucose_class = models.CharField(max_length=12, blank=True, editable=False)
    central_obesity = models.BooleanField(null=True, blank=True, editable=False)
    mental_health_referral = models.BooleanField(null=True, blank=True, editable=False)
    copd_suspected = models.BooleanField(null=True, blank=True, editable=False)
    adl_class = models.CharField(max_length=20, blank=True, editable=False)
    skilas_follow_up = models.BooleanField(null=True, blank=True, editable=False)
    tb_presumptive = models.BooleanField(null=True, blank=True, editable=False)
    # z-scores past WHO's flags ("waz,whz"): not stored above, listed for review.
    flagged_z = models.CharField(max_length=20, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(diastolic__isnull=True) | Q(systolic__isnull=True) | Q(diastolic__lt=models.F("systolic")),
                name="measurement_diastolic_below_systolic",
            ),
        ]

    def __str__(self):
        return f"{self.visit}"


class ImmunisationStatus(models.Model):
    """Per child, recomputed whenever an immunisation is saved."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, primary_key=True,
                                   related_name="immunisation_status")
    given = models.JSONField(default=list)  # service codes given
    due = models.JSONField(default=list)  # service codes due now
    basic_complete = models.BooleanField(default=False)
    basic_complete_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("immunisation status")
        verbose_name_plural = _("immunisation statuses")

    def __str__(self):
        return f"{self.patient_id}"


class CoverageChange(models.Model):
    """The change log the visit side owns: every write that can change a
    coverage figure records the person, the area (where they live) and the
    month it touched (and a new visit itself), in the same transaction. Reports consume and delete these
    rows, re-evaluating only the people named (rows without a person, from
    before the log named people, stand for everyone in the area)."""

    desa = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    posyandu = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+", db_constraint=False)
    patient = models.ForeignKey(Patient, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                db_index=False, null=True, blank=True)
    month = models.DateField()  # first day of the month
    # Set when the change is one new visit: a refresh adds that visit's
    # events to the month it already holds instead of reading the month
    # again. Corrections and merges leave it empty.
    visit = models.ForeignKey("Visit", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                              db_index=False, null=True, blank=True)
    # The person's birth day when the visit was added: a refresh places an
    # added visit's age without reading the person's row (thousands of
    # scattered pages on a busy day).
    born = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.patient_id} {self.desa_id} {self.month:%Y-%m}"


class ScopedByPatient(ScopedQuerySet):
    scope_facility_path = "patient__household__posyandu"


class VisitRemoval(models.Model):
    """A visit removed through the app: the archived record of who removed
    it, when, why, and what it held. The visit row itself is gone (its
    simple-history keeps the deletion too), so no reader of visits has to
    know about removals."""

    visit_id = models.PositiveBigIntegerField(unique=True)  # the id it had
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("visit date"))
    reason = models.CharField(_("reason"), max_length=500)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(default=dict)  # visit, services and measurement as they were

    objects = ScopedByPatient.as_manager()

    class Meta:
        verbose_name = _("removed visit")
        verbose_name_plural = _("removed visits")

    def __str__(self):
        return f"{self.patient_id} {self.date}"


class RecomputeCause(models.TextChoices):
    BIRTH_DATE = "birth_date", _("birth date corrected")
    SEX = "sex", _("sex corrected")
    WEIGHING = "weighing", _("earlier weighing corrected")
    REMOVAL = "removal", _("earlier visit removed")
    MERGE = "merge", _("records merged")
    PREGNANCY = "pregnancy", _("pregnancy dates corrected")


class Recomputation(models.Model):
    """A visit's derived values re-derived after a correction elsewhere (a
    birth date, a sex, an earlier weighing): which fields changed and why.
    The data-quality review lists them."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="recomputations")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    cause = models.CharField(max_length=12, choices=RecomputeCause.choices)
    fields = models.JSONField(default=list)  # derived fields whose value changed
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                           related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedByPatient.as_manager()

    class Meta:
        indexes = [models.Index(fields=["at"])]

    def __str__(self):
        return f"{self.visit_id} {self.cause}"
