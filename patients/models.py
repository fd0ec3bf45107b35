from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from facilities.models import Facility, FacilityType, Region, RegionLevel
from facilities.scope import ScopedQuerySet

from . import pii
from .life_stage import life_stages
from .nik import normalise

# [0-9] and \Z, not \d and $: \d takes any script's digits, $ a trailing newline.
# Forms and services first turn other digits into ASCII ones (nik.normalise).
bpjs_validator = RegexValidator(r"^[0-9]{13}\Z", _("BPJS number must be exactly 13 digits."))
phone_validator = RegexValidator(r"^\+?[0-9 \-]{6,20}$", _("Enter a phone number of digits, e.g. 0812 3456 7890."))
rt_rw_validator = RegexValidator(r"^[0-9]{1,3}\Z", _("RT/RW is a number of at most 3 digits."))


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class HouseholdQuerySet(ScopedQuerySet):
    scope_facility_path = "posyandu"


class Household(models.Model):
    """A keluarga. Its Posyandu places it in a Pustu and Puskesmas area; people
    are counted where their household lives. The No. KK is never stored in
    clear, like a person's NIK (see pii.py)."""

    kk_index = models.CharField(max_length=64, null=True, blank=True, editable=False)
    kk_encrypted = models.TextField(blank=True, editable=False)
    kk_masked = models.CharField(_("No. KK"), max_length=16, blank=True, editable=False)
    posyandu = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("Posyandu"),
        limit_choices_to={"type": FacilityType.POSYANDU},
    )
    desa = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("desa/kelurahan"),
        limit_choices_to={"level": RegionLevel.DESA},
    )
    dusun = models.CharField(_("dusun"), max_length=80, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True, validators=[rt_rw_validator])
    rt = models.CharField(_("RT"), max_length=3, blank=True, validators=[rt_rw_validator])
    address = models.CharField(_("street address"), max_length=200, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["submission_key", "kk_encrypted", "kk_index"])

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        indexes = [models.Index(fields=["desa"])]
        # Not unique=True, for the reason given at Patient.nik_index.
        constraints = [models.UniqueConstraint(fields=["kk_index"], name="household_unique_kk_index")]

    def __str__(self):
        # Masked: this text lands in the admin's log and messages.
        return f"{_('Household')} {self.kk_masked or self.pk} · {self.address_line}"

    def set_no_kk(self, no_kk: str | None):
        """no_kk: 16 digits (checked by the caller), or None. Normalised here
        too, so that no path can index one number in two forms."""
        no_kk = normalise(no_kk)
        if no_kk:
            self.kk_index = pii.blind_index(no_kk, pii.KK)
            self.kk_encrypted = pii.encrypt(no_kk, pii.KK)
            self.kk_masked = pii.mask(no_kk)
        else:
            self.kk_index, self.kk_encrypted, self.kk_masked = None, "", ""

    @property
    def no_kk(self) -> str | None:
        return pii.decrypt(self.kk_encrypted, pii.KK)

    @property
    def has_no_kk(self) -> bool:
        return bool(self.kk_index)

    @property
    def address_line(self) -> str:
        parts = [self.address, self.dusun]
        if self.rt or self.rw:
            parts.append(f"RT {self.rt or '-'}/RW {self.rw or '-'}")
        return ", ".join(p for p in parts if p)


class PatientQuerySet(ScopedQuerySet):
    scope_facility_path = "household__posyandu"

    def active(self):
        return self.filter(merged_into__isnull=True)


class Patient(models.Model):
    """A person. The NIK is never stored in clear (see pii.py)."""

    # Unique through Meta.constraints, not unique=True: on PostgreSQL that would
    # add a second LIKE-pattern index, useless for an HMAC and costly at scale.
    nik_index = models.CharField(max_length=64, null=True, blank=True, editable=False)
    nik_encrypted = models.TextField(blank=True, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="members", verbose_name=_("household")
    )
    mother = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("mother")
    )
    birth_order = models.PositiveSmallIntegerField(_("birth order"), null=True, blank=True)
    bpjs_number = models.CharField(_("BPJS number"), max_length=13, blank=True, validators=[bpjs_validator])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records", editable=False
    )
    # Quickly registered (at the IGD) with minimal data, to be merged into the
    # person's full record later (patients.quick.patient_register_quick).
    provisional = models.BooleanField(_("provisional record"), default=False, editable=False)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["submission_key", "updated_at", "nik_encrypted", "nik_index"])

    objects = PatientQuerySet.as_manager()

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")
        constraints = [
            models.UniqueConstraint(fields=["nik_index"], name="patient_unique_nik_index"),
            models.UniqueConstraint(
                fields=["mother", "birth_order"],
                condition=Q(mother__isnull=False, birth_order__isnull=False),
                name="patient_one_child_per_birth_order",
            ),
            models.CheckConstraint(
                condition=Q(birth_order__isnull=True) | Q(mother__isnull=False),
                name="patient_birth_order_needs_mother",
            ),
        ]
        indexes = [
            models.Index(fields=["household"]), models.Index(fields=["birth_date"]),
            # The IGD's count of quick records waiting to be merged reads these few, not everyone.
            models.Index(fields=["household"], condition=Q(provisional=True, merged_into__isnull=True),
                         name="patient_quick_waiting"),
        ]

    def __str__(self):
        return self.name

    def set_nik(self, nik: str | None):
        nik = normalise(nik)  # one number, one index: see set_no_kk
        if nik:
            self.nik_index = pii.blind_index(nik)
            self.nik_encrypted = pii.encrypt(nik)
            self.nik_masked = pii.mask(nik)
        else:
            self.nik_index, self.nik_encrypted, self.nik_masked = None, "", ""

    @property
    def nik(self) -> str | None:
        return pii.decrypt(self.nik_encrypted)

    @property
    def has_nik(self) -> bool:
        return bool(self.nik_index)

    def stages(self, on: date | None = None, pregnant: bool | None = None):
        on = on or date.today()
        if pregnant is None:
            pregnant = self.sex == Sex.FEMALE and any(p.is_ongoing for p in self.pregnancies.all())
        return life_stages(self.birth_date, on, pregnant)


class PregnancyStatus(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    DELIVERED = "delivered", _("Delivered")
    ENDED = "ended", _("Ended (miscarriage or other)")


class PregnancyQuerySet(ScopedQuerySet):
    scope_facility_path = "patient__household__posyandu"


class Pregnancy(models.Model):
    """Each pregnancy is its own record, so a woman's pregnancies count apart."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="pregnancies")
    last_menstrual_period = models.DateField(_("first day of last period (HPHT)"), null=True, blank=True)
    expected_delivery_date = models.DateField(_("expected delivery date (HPL)"))
    status = models.CharField(
        _("status"), max_length=10, choices=PregnancyStatus.choices, default=PregnancyStatus.ONGOING
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = PregnancyQuerySet.as_manager()

    class Meta:
        verbose_name = _("pregnancy")
        verbose_name_plural = _("pregnancies")
        ordering = ["-expected_delivery_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"], condition=Q(status="ongoing"), name="pregnancy_one_ongoing_per_woman"
            ),
        ]

    def __str__(self):
        return f"{self.patient} · HPL {self.expected_delivery_date}"

    @property
    def is_ongoing(self) -> bool:
        return self.status == PregnancyStatus.ONGOING


class PatientMerge(models.Model):
    """The log of a merge: which record was folded into which, by whom, and
    what moved; the duplicate row stays (merged_into set), so nothing is lost."""

    kept = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="merges_kept")
    duplicate = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="merges_absorbed")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    moved = models.JSONField(default=dict)
    duplicate_snapshot = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("patient merge")
        verbose_name_plural = _("patient merges")
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.duplicate_id} → {self.kept_id}"
