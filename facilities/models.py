from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from .scope import ScopedQuerySet


class RegionLevel(models.IntegerChoices):
    PROVINSI = 1, _("Province")
    KABKOTA = 2, _("District/City")
    KECAMATAN = 3, _("Subdistrict")
    DESA = 4, _("Village")


def region_level_of(code: str) -> int:
    """The Kemendagri code is a path: its number of parts is its level."""
    return code.count(".") + 1


def region_parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def region_kind_of(code: str) -> str:
    """Kabupaten vs kota and desa vs kelurahan are encoded in the code itself
    (kab/kota 01-69 kabupaten, 71-99 kota; desa part 1xxx kelurahan, 2xxx desa)."""
    level = region_level_of(code)
    last = code.rsplit(".", 1)[-1]
    if level == RegionLevel.KABKOTA:
        return "kota" if int(last) >= 70 else "kabupaten"
    if level == RegionLevel.DESA:
        return "kelurahan" if last.startswith("1") else "desa"
    return "provinsi" if level == RegionLevel.PROVINSI else "kecamatan"


class RegionQuerySet(models.QuerySet):
    def descendants_of(self, code: str, include_self: bool = False):
        """Descendants are a prefix match on the indexed code: no recursion."""
        q = Q(code__startswith=code + ".")
        if include_self:
            q |= Q(code=code)
        return self.filter(q)

    def desa(self):
        return self.filter(level=RegionLevel.DESA)

    def kecamatan(self):
        return self.filter(level=RegionLevel.KECAMATAN)


class Region(models.Model):
    """A region of the Kemendagri decree. The code is the primary key so that
    every row that points at a region carries its path, and 'everything in
    district 36.01' is one indexed prefix filter on any table."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    population_male = models.PositiveIntegerField(_("male population"), null=True, blank=True)
    population_female = models.PositiveIntegerField(_("female population"), null=True, blank=True)
    population_total = models.PositiveIntegerField(_("total population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population data year"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("region")
        constraints = [
            models.CheckConstraint(
                condition=Q(level=1, parent__isnull=True) | Q(level__gt=1, parent__isnull=False),
                name="region_parent_matches_level",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def kind(self) -> str:
        return region_kind_of(self.code)

    @property
    def district_code(self) -> str | None:
        return self.code[:5] if self.level >= RegionLevel.KABKOTA else None


class FacilityType(models.TextChoices):
    PUSKESMAS = "puskesmas", _("Puskesmas")
    PUSTU = "pustu", _("Pustu")
    POSYANDU = "posyandu", _("Posyandu")


# Which facility types may be the parent of which (the network's shape).
ALLOWED_PARENT_TYPES = {
    FacilityType.PUSKESMAS: set(),
    FacilityType.PUSTU: {FacilityType.PUSKESMAS},
    FacilityType.POSYANDU: {FacilityType.PUSTU, FacilityType.PUSKESMAS},
}


class FacilityQuerySet(ScopedQuerySet):
    scope_facility_path = ""

    def active(self):
        return self.filter(active=True)


class Facility(models.Model):
    """A Puskesmas, Pustu or Posyandu. `puskesmas` and `district` are derived
    from the parent and region on save: they make "everything beneath this
    Puskesmas" or "in this district" one indexed equality, whatever the depth."""

    type = models.CharField(_("type"), max_length=10, choices=FacilityType.choices, db_index=True)
    inpatient = models.BooleanField(_("inpatient"), default=False, help_text=_("Only for a Puskesmas with beds."))
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=120)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent facility"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="facilities",
        verbose_name=_("region"),
        help_text=_(
            "The kecamatan or desa/kelurahan where the facility stands; "
            "for a Pustu or Posyandu, the desa/kelurahan it serves."
        ),
    )
    sub_area = models.CharField(
        _("hamlet/RW"),
        max_length=120,
        blank=True,
        help_text=_("For a Posyandu: the hamlet or RW it serves within the desa."),
    )
    puskesmas = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="network",
        verbose_name=_("Puskesmas"),
    )
    district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        editable=False,
        related_name="district_facilities",
        verbose_name=_("district/city"),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("facility")
        verbose_name_plural = _("facility")
        constraints = [
            models.CheckConstraint(
                condition=Q(type=FacilityType.PUSKESMAS, parent__isnull=True)
                | (~Q(type=FacilityType.PUSKESMAS) & Q(parent__isnull=False)),
                name="facility_only_puskesmas_has_no_parent",
            ),
            models.CheckConstraint(
                condition=Q(inpatient=False) | Q(type=FacilityType.PUSKESMAS),
                name="facility_only_puskesmas_is_inpatient",
            ),
            models.CheckConstraint(
                condition=Q(district=Substr("region", 1, 5)),
                name="facility_region_in_district",
            ),
        ]
        indexes = [models.Index(fields=["district", "type"])]

    def __str__(self):
        return f"{self.get_type_display()} {self.name}"

    def save(self, *args, **kwargs):
        self.derive_network_fields()
        super().save(*args, **kwargs)
        if self.type == FacilityType.PUSKESMAS and self.puskesmas_id != self.pk:
            self.puskesmas_id = self.pk
            type(self).objects.filter(pk=self.pk).update(puskesmas=self.pk)

    @property
    def type_label(self) -> str:
        if self.type == FacilityType.PUSKESMAS:
            return str(_("Inpatient Puskesmas") if self.inpatient else _("Outpatient Puskesmas"))
        # Not get_type_display(): it translates every choice on each call.
        return str(FacilityType(self.type).label) if self.type in FacilityType.values else self.type

    @property
    def picker_label(self) -> str:
        """How a Posyandu is named wherever it is picked: Posyandu names repeat
        ("Matahari 2" in many desa), so with the desa and the hamlet/RW it
        serves. Needs `region` selected with the facility (select_related)."""
        if self.type != FacilityType.POSYANDU:
            return str(self)
        area = _("Kelurahan %(name)s") if self.region.kind == "kelurahan" else _("Desa %(name)s")
        parts = [self.name, area % {"name": self.region.name}]
        if sub_area := self.sub_area.strip():
            parts.append(_("RW %(rw)s") % {"rw": sub_area} if sub_area.isdigit() else sub_area)
        return " · ".join(parts)

    def derive_network_fields(self):
        if self.region_id:
            self.district_id = self.region_id[:5]
        if self.type == FacilityType.PUSKESMAS:
            self.puskesmas = self if self.pk else None
        elif self.parent is not None:
            self.puskesmas_id = self.parent.puskesmas_id or self.parent.pk

    def clean(self):
        errors = {}
        region_code = self.region_id or ""
        level = region_level_of(region_code) if region_code else None
        if self.type == FacilityType.PUSKESMAS:
            if level not in (RegionLevel.KECAMATAN, RegionLevel.DESA):
                errors["region"] = _("A Puskesmas must stand in a kecamatan or desa/kelurahan.")
        elif level is not None and level != RegionLevel.DESA:
            errors["region"] = _("A %(type)s must stand in a desa/kelurahan.") % {"type": self.get_type_display()}
        if self.inpatient and self.type != FacilityType.PUSKESMAS:
            errors["inpatient"] = _("Only a Puskesmas can be inpatient.")
        if self.pk and self.district_id and region_code and region_code[:5] != self.district_id:
            # Its visits, people and figures belong to its district.
            errors["region"] = _("A facility cannot move to another district/city; register it there as a new "
                                 "facility.")

        # The parent may be a row not yet saved (a CSV import validates a whole
        # file before writing it), so read the cached object, not parent_id.
        parent = self.parent if (Facility.parent.is_cached(self) or self.parent_id) else None
        allowed = ALLOWED_PARENT_TYPES.get(self.type, set())
        if not allowed and parent is not None:
            errors["parent"] = _("A Puskesmas cannot have a parent facility.")
        elif allowed and parent is None:
            errors["parent"] = _("A %(type)s must have a parent facility.") % {"type": self.get_type_display()}
        elif allowed and parent.type not in allowed:
            if self.type == FacilityType.PUSTU:
                errors["parent"] = _("The parent of a Pustu must be a Puskesmas.")
            else:
                errors["parent"] = _("The parent of a Posyandu must be a Pustu or a Puskesmas.")
        elif allowed and region_code:
            if parent.region_id[:5] != region_code[:5]:
                errors["parent"] = _("The parent facility must be in the same district.")
            elif (
                self.type == FacilityType.POSYANDU
                and parent.type == FacilityType.PUSTU
                and parent.region_id != region_code
            ):
                errors["region"] = _("A Posyandu under a Pustu must be in that Pustu's desa/kelurahan.")
        if self.pk and self.parent_id == self.pk:
            errors["parent"] = _("A facility cannot be its own parent.")
        if errors:
            raise ValidationError(errors)


class CatchmentQuerySet(ScopedQuerySet):
    scope_facility_path = "puskesmas"


class Catchment(models.Model):
    """One desa/kelurahan in a Puskesmas's wilayah kerja. The desa is unique, so
    the database itself keeps a desa in one Puskesmas's catchment."""

    desa = models.OneToOneField(
        Region,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="catchment",
        limit_choices_to={"level": RegionLevel.DESA},
        verbose_name=_("village"),
    )
    puskesmas = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        related_name="catchment",
        limit_choices_to={"type": FacilityType.PUSKESMAS},
        verbose_name=_("Puskesmas"),
    )

    objects = CatchmentQuerySet.as_manager()

    class Meta:
        ordering = ["desa"]
        verbose_name = _("catchment")
        verbose_name_plural = _("catchment")

    def __str__(self):
        return f"{self.desa} → {self.puskesmas.name}"

    def clean(self):
        errors = {}
        if self.desa_id and region_level_of(self.desa_id) != RegionLevel.DESA:
            errors["desa"] = _("A catchment consists of desa/kelurahan.")
        if self.puskesmas_id and self.puskesmas.type != FacilityType.PUSKESMAS:
            errors["puskesmas"] = _("Only a Puskesmas has a catchment.")
        elif self.puskesmas_id and self.desa_id and self.desa_id[:5] != self.puskesmas.district_id:
            errors["desa"] = _("The desa/kelurahan must be in the Puskesmas's district.")
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    KADER = "Kader", _("Kader (Posyandu)")
    PETUGAS_PUSTU = "Petugas Pustu", _("Pustu health worker")
    PETUGAS_PUSKESMAS = "Petugas Puskesmas", _("Puskesmas health worker")
    KEPALA_PUSKESMAS = "Kepala Puskesmas", _("Head of Puskesmas")
    FARMASI = "Farmasi", _("Pharmacy staff")
    LABORATORIUM = "Laboratorium", _("Laboratory staff")
    PERAWAT_IGD = "Perawat IGD/Rawat Inap", _("Emergency and ward nurse")
    STAF_DINKES = "Staf Dinkes", _("District health office staff")
    ADMIN = "Admin", _("Admin")


# The kind of scope each role works in.
ROLE_SCOPE_TYPES = {
    Role.KADER: {FacilityType.POSYANDU},
    Role.PETUGAS_PUSTU: {FacilityType.PUSTU},
    Role.PETUGAS_PUSKESMAS: {FacilityType.PUSKESMAS},
    Role.KEPALA_PUSKESMAS: {FacilityType.PUSKESMAS},
    Role.FARMASI: {FacilityType.PUSKESMAS},
    Role.LABORATORIUM: {FacilityType.PUSKESMAS},
    Role.PERAWAT_IGD: {FacilityType.PUSKESMAS},
    Role.STAF_DINKES: {"district"},
    Role.ADMIN: {"district", "national"},
}


class User(AbstractUser):
    """A user works in exactly one scope: a facility or a kabupaten/kota.
    Only an admin may have none (national configuration)."""

    scope_facility = models.ForeignKey(
        Facility,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("facility of work"),
    )
    scope_district = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        limit_choices_to={"level": RegionLevel.KABKOTA},
        verbose_name=_("district/city"),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("user")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_facility__isnull=True) | Q(scope_district__isnull=True),
                name="user_has_at_most_one_scope",
            ),
        ]

    @property
    def role(self) -> str | None:
        # The menu and every permission check ask: the groups are read once
        # per instance, and the manager's add/remove/set/clear drop the copy.
        if "groups" not in getattr(self, "_prefetched_objects_cache", {}):
            models.prefetch_related_objects([self], "groups")
        names = {g.name for g in self.groups.all()}
        for role in Role:
            if role.value in names:
                return role.value
        return Role.ADMIN.value if self.is_superuser else None

    def clean(self):
        super().clean()
        if self.scope_facility_id and self.scope_district_id:
            raise ValidationError(_("Choose one work area only: a facility or a district."))
        if self.scope_district_id and region_level_of(self.scope_district_id) != RegionLevel.KABKOTA:
            raise ValidationError({"scope_district": _("Choose a district/city.")})
