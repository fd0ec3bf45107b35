"""Targets (sasaran) and the coverage facts that dashboards read."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from facilities.models import Facility, Region
from facilities.scope import ScopedQuerySet
from patients.models import Patient, Pregnancy


class TargetGroup(models.TextChoices):
    IBU_HAMIL = "ibu_hamil", _("Pregnant women")
    IBU_BERSALIN = "ibu_bersalin", _("Women giving birth")
    BAYI_BARU_LAHIR = "bayi_baru_lahir", _("Newborns")
    BAYI = "bayi", _("Infants (0–11 months)")
    BADUTA = "baduta", _("Children under two")
    BALITA = "balita", _("Under-fives")
    USIA_PENDIDIKAN_DASAR = "usia_pendidikan_dasar", _("Basic-education age (7–15)")
    USIA_PRODUKTIF = "usia_produktif", _("Productive age (15–59)")
    LANSIA = "lansia", _("Elderly (60+)")
    PENDERITA_HIPERTENSI = "penderita_hipertensi", _("People with hypertension (estimated)")
    PENDERITA_DM = "penderita_dm", _("People with diabetes (estimated)")
    ODGJ_BERAT = "odgj_berat", _("People with severe mental illness (estimated)")
    TERDUGA_TBC = "terduga_tbc", _("Presumptive TB (estimated)")
    BERISIKO_HIV = "berisiko_hiv", _("People at risk of HIV (estimated)")
    REMAJA_PUTRI = "remaja_putri", _("Adolescent girls")


class TargetSource(models.TextChoices):
    FORMULA = "formula", _("Computed from population")
    IMPORT = "import", _("Imported")
    MANUAL = "manual", _("Entered")


class Target(models.Model):
    """A number of people in a target group, for one area and year. The area
    is a region (desa/kelurahan or any higher level) or a facility's
    catchment; targets of desa sum upward where no higher target is set."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices)
    number = models.PositiveIntegerField(_("number"))
    source = models.CharField(max_length=10, choices=TargetSource.choices, default=TargetSource.MANUAL)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, facility__isnull=True) | Q(region__isnull=True,
                                                                              facility__isnull=False),
                name="target_one_area"),
            models.UniqueConstraint(fields=["region", "year", "group"], condition=Q(region__isnull=False),
                                    name="target_unique_region_year_group"),
            models.UniqueConstraint(fields=["facility", "year", "group"], condition=Q(facility__isnull=False),
                                    name="target_unique_facility_year_group"),
        ]

    def __str__(self):
        return f"{self.region_id or self.facility_id} {self.year} {self.group}: {self.number}"


class TargetParameters(models.Model):
    """The district's figures behind computed targets, editable per year:
    crude birth rate and the share of each age group in the population."""

    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    crude_birth_rate = models.DecimalField(_("crude birth rate (per 1,000)"), max_digits=5, decimal_places=2,
                                           default=16.0)
    proportions = models.JSONField(_("proportions of the population"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="one_parameter_set_per_year")]
        verbose_name = _("target parameters")
        verbose_name_plural = _("target parameters")

    def __str__(self):
        return f"{self.district_id} {self.year}"


class CoverageFactQuerySet(ScopedQuerySet):
    scope_facility_path = "posyandu"
    scope_district_field = "district_id"


class CoverageFact(models.Model):
    """Numerator (and measured denominator) of one indicator for the people
    living in one Posyandu's area, in one month. Every higher level is a sum
    of these rows, because each person lives in exactly one Posyandu area."""

    # No database FK constraints: facts are derived and rewritten in bulk (a
    # rebuild writes ~200k rows), their ids come from the facility table they
    # were computed from, and PostgreSQL's deferred FK checks cost more than
    # the COPY itself.
    # The cell (district, month, Posyandu, indicator) is the primary key and
    # the only index: a new month's facts go in at its end instead of among
    # every Posyandu's earlier months (a refresh on the first of a month
    # inserts thousands), and a Puskesmas's months are found by one descent
    # per Posyandu and month. Every read names the district (decision 13).
    pk = models.CompositePrimaryKey("district", "month", "posyandu", "indicator")
    posyandu = models.ForeignKey(Facility, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                 db_index=False)
    district = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                 db_index=False)
    month = models.DateField()
    indicator = models.CharField(max_length=30)
    numerator = models.PositiveIntegerField(default=0)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    objects = CoverageFactQuerySet.as_manager()

    def __str__(self):
        return f"{self.posyandu_id} {self.month:%Y-%m} {self.indicator}: {self.numerator}"


class CoverageRollupQuerySet(ScopedQuerySet):
    scope_facility_path = "puskesmas"
    scope_district_field = "district_id"


class CoverageRollup(models.Model):
    """The sum of the facts of a Puskesmas's Posyandu in one desa (`desa`
    its code), or in the whole Puskesmas (`desa` empty), for one month and
    indicator. Written by the coverage engine with the facts, in the same
    transaction, so that a district's overview and a Puskesmas's drill-down
    read a few thousand stored sums instead of every fact (decision 18)."""

    # Keyed like the facts (decision 13): every read names the district and
    # the months.
    pk = models.CompositePrimaryKey("district", "month", "puskesmas", "desa", "indicator")
    district = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                 db_index=False)
    month = models.DateField()
    puskesmas = models.ForeignKey(Facility, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                  db_index=False)
    desa = models.CharField(max_length=13, blank=True)
    indicator = models.CharField(max_length=30)
    numerator = models.PositiveIntegerField(default=0)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    objects = CoverageRollupQuerySet.as_manager()

    class Meta:
        # The district overview reads only the Puskesmas totals: without it,
        # PostgreSQL scanned every roll-up of the district. It holds no
        # figures, so a refresh updates roll-ups in place (migration 0013).
        indexes = [models.Index(fields=["district", "month", "puskesmas", "indicator"], condition=Q(desa=""),
                                name="rollup_puskesmas_totals")]

    def __str__(self):
        return f"{self.puskesmas_id} {self.desa or '*'} {self.month:%Y-%m} {self.indicator}: {self.numerator}"


class AggregationRun(models.Model):
    """One refresh or rebuild: what it did and how far it got (the UI shows
    progress from here), and the row that serialises runs per district."""

    class Kind(models.TextChoices):
        REFRESH = "refresh", _("Refresh")
        REBUILD = "rebuild", _("Full rebuild")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    district = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} {self.district_id} {self.status}"


class CoverageSubject(models.Model):
    """What one subject (a person, or one of her pregnancies) adds to the
    facts of one year, where they lived when it was computed: its
    person-months, from which the cells it counts in fold again. A refresh
    subtracts these cells and adds the re-evaluated ones, so its cost follows
    the people changed, not the history."""

    year = models.PositiveSmallIntegerField()
    # Plain ids, no constraints: derived rows, rewritten in bulk like facts.
    patient = models.ForeignKey(Patient, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                db_index=False)
    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                  null=True, blank=True, db_index=False)
    posyandu = models.ForeignKey(Facility, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                 db_index=False)
    district = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False,
                                 db_index=False)
    # Its person-months as base-64 digits, a fixed width per column: month,
    # event bits, counts, the days each status was judged on (reports.
    # engine.month_text). A refresh re-reads only the months the change log
    # names.
    months = models.TextField(default="")
    # A digest of (posyandu, values, months) computed with them: a rebuild
    # compares digests to find the subjects whose state changed.
    digest = models.BigIntegerField(default=0)

    class Meta:
        # A refresh finds the state of a year's people by these two: a child
        # has rows for several years.
        indexes = [models.Index(fields=["patient", "year"], name="subject_of_person_and_year")]

    def __str__(self):
        return f"{self.patient_id} {self.year}: {self.months}"


class CoverageYear(models.Model):
    """A district-year whose facts and subject state were built by a full
    evaluation; only those can be moved by a refresh's differences."""

    district = models.ForeignKey(Region, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    year = models.PositiveSmallIntegerField()
    built_at = models.DateTimeField()
    # When a run (a rebuild or a refresh) last made these facts include
    # every change logged before it started: what "updated N seconds ago" says.
    refreshed_at = models.DateTimeField(null=True, blank=True)
    # The layout of the subject state it was built with (reports.engine.kinds.
    # STATE_VERSION): a refresh moves only facts whose state it can read.
    state = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="one_coverage_year")]

    def __str__(self):
        return f"{self.district_id} {self.year}"


class PwsThresholds(models.Model):
    """The district's traffic-light thresholds for PWS: coverage at or above
    `on_track_percent` of what is expected by this month (annual target ÷ 12 ×
    month) is on track, at or above `behind_percent` behind, below that far
    behind. Districts without a row use the defaults."""

    district = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("district/city"))
    on_track_percent = models.PositiveSmallIntegerField(
        _("on track from (% of expected)"), default=100,
        validators=[MinValueValidator(1), MaxValueValidator(200)])
    behind_percent = models.PositiveSmallIntegerField(
        _("behind from (% of expected)"), default=80,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
        help_text=_("Below this the area is far behind."))

    class Meta:
        verbose_name = _("PWS thresholds")
        verbose_name_plural = _("PWS thresholds")
        constraints = [
            models.CheckConstraint(condition=Q(behind_percent__lte=F("on_track_percent")),
                                   name="pws_behind_below_on_track"),
        ]

    def __str__(self):
        return f"{self.district_id}: {self.on_track_percent}% / {self.behind_percent}%"

    def clean(self):
        if self.behind_percent is not None and self.on_track_percent is not None \
                and self.behind_percent > self.on_track_percent:
            raise ValidationError({"behind_percent": _("Must not be above the on-track threshold.")})
