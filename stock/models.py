"""Drug and vaccine stock: the catalogue (Item), batches with their expiry and
funding source, the ledger (Movement, the kartu stok: rows are only ever
inserted) and the balance per facility and batch that every movement keeps in
the same transaction (docs/decisions/0025-stock-ledger.md).

Writes go through stock.services; reads through stock.selectors."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Service, Visit
from facilities.models import Facility
from facilities.scope import ScopedQuerySet
from patients.models import Patient


class Unit(models.TextChoices):
    """The smallest unit stock is counted in (LPLPO "satuan")."""

    TABLET = "tablet", _("tablet")
    KAPLET = "kaplet", _("caplet")
    KAPSUL = "kapsul", _("capsule")
    BOTOL = "botol", _("bottle")
    VIAL = "vial", _("vial")
    AMPUL = "ampul", _("ampoule")
    DOSIS = "dosis", _("dose")
    SACHET = "sachet", _("sachet")
    TUBE = "tube", _("tube")
    KOLF = "kolf", _("infusion bag")
    PAKET = "paket", _("blister pack")
    BUAH = "buah", _("piece")


class Category(models.TextChoices):
    ESSENTIAL = "esensial", _("Essential drug")
    PROGRAMME = "program", _("Programme drug")
    VACCINE = "vaksin", _("Vaccine")
    CONSUMABLE = "bmhp", _("Medical consumable")


class Programme(models.TextChoices):
    TB = "tb", _("Tuberculosis")
    HIV = "hiv", _("HIV")
    MALARIA = "malaria", _("Malaria")
    GIZI = "gizi", _("Nutrition")
    KIA = "kia", _("Maternal and child health")
    IMUNISASI = "imunisasi", _("Immunisation")
    KUSTA = "kusta", _("Leprosy")
    CACINGAN = "cacingan", _("Worm control")


class Item(models.Model):
    """A catalogue entry (loaded from stock/data/catalogue.csv by a data
    migration; `import_stock_items` updates it by code)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=160)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    programme = models.CharField(_("programme"), max_length=10, choices=Programme.choices, blank=True)
    essential = models.BooleanField(
        _("essential"), default=False, help_text=_("One of the 40 essential drugs and vaccines (obat esensial)."))
    doses_per_vial = models.PositiveSmallIntegerField(_("doses per vial"), null=True, blank=True)
    safety_stock_months = models.DecimalField(
        _("safety stock (months of use)"), max_digits=3, decimal_places=1, default=1)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stock item")
        verbose_name_plural = _("stock items")
        constraints = [
            models.CheckConstraint(condition=Q(doses_per_vial__isnull=True) | Q(doses_per_vial__gt=0),
                                   name="stock_item_doses_per_vial_positive"),
            models.CheckConstraint(condition=Q(safety_stock_months__gte=0),
                                   name="stock_item_safety_stock_not_negative"),
        ]

    def __str__(self):
        return self.name

    @property
    def unit_label(self) -> str:
        # get_unit_display() rebuilds and translates the whole choices dict
        # on each call; lists of hundreds of rows show the unit on each.
        return str(Unit(self.unit).label) if self.unit in Unit.values else self.unit


class Funding(models.TextChoices):
    APBN = "apbn", _("APBN (national budget)")
    APBD_I = "apbd1", _("APBD I (province)")
    APBD_II = "apbd2", _("APBD II (district/city)")
    BLUD_JKN = "blud", _("BLUD/JKN capitation")
    OTHER = "lain", _("Grant/other")


class Batch(models.Model):
    """A manufacturer's batch as received with one funding source: each has
    its own stock card (kartu stok per item and funding source)."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="batches", verbose_name=_("item"))
    number = models.CharField(_("batch number"), max_length=40)
    expiry = models.DateField(_("expiry date"), help_text=_("The batch may not be issued or dispensed from this date."))
    funding = models.CharField(_("funding source"), max_length=5, choices=Funding.choices)

    class Meta:
        ordering = ["expiry", "pk"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.UniqueConstraint(fields=["item", "number", "funding"], name="stock_batch_unique_per_funding"),
        ]

    def __str__(self):
        return f"{self.item} · {self.number} · {self.expiry:%d-%m-%Y}"

    def usable_on(self, day) -> bool:
        return day < self.expiry


class Kind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt from the district pharmacy (IFK)")
    ISSUE_OUT = "issue_out", _("Issued to a facility")
    ISSUE_IN = "issue_in", _("Received from a facility")
    DISPENSE = "dispense", _("Dispensed to a patient")
    LOSS = "loss", _("Loss (expired or damaged)")
    COUNT_ADJUST = "count", _("Stock count adjustment")
    RETURN = "return", _("Returned from a corrected or removed visit")


INCOMING = [Kind.RECEIPT, Kind.ISSUE_IN, Kind.RETURN]
# Use, for the safety stock: dispensed less returned from corrected visits,
# issued out and lost (the LPLPO's use and losses).
USE_KINDS = [Kind.DISPENSE, Kind.RETURN, Kind.ISSUE_OUT, Kind.LOSS]
OUTGOING = [Kind.ISSUE_OUT, Kind.DISPENSE, Kind.LOSS]


class LossReason(models.TextChoices):
    EXPIRED = "expired", _("Expired")
    DAMAGED = "damaged", _("Damaged")
    OTHER = "other", _("Other")


class MovementQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"


class Movement(models.Model):
    """One line of the kartu stok: a signed quantity of one batch at one
    facility (+ in, − out). Rows are only ever inserted, by stock.services,
    which keeps Balance in the same transaction; a mistake is corrected by a
    stock count (COUNT_ADJUST), never by editing."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stock_movements",
                                 verbose_name=_("facility"))
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="movements", verbose_name=_("batch"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"), help_text=_("In units of the item: positive in, negative out."))
    date = models.DateField(_("date"))
    counterpart = models.ForeignKey(Facility, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("to/from facility"))
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("patient"))
    # A removed visit leaves its lines on the card (with the units returned)
    # and their patient; only the link to the visit goes.
    visit = models.ForeignKey(Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              verbose_name=_("visit"))
    reason = models.CharField(_("reason"), max_length=10, choices=LossReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [
            models.Index(fields=["facility", "batch", "date"], name="stock_move_card"),
            models.Index(fields=["facility", "date"], name="stock_move_facility_date"),
            # An area's month (stock status) without scanning its years.
            models.Index(fields=["date"], name="stock_move_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=INCOMING, quantity__gt=0) | Q(kind__in=OUTGOING, quantity__lt=0)
                           | (Q(kind=Kind.COUNT_ADJUST) & ~Q(quantity=0))),
                name="stock_movement_sign_follows_kind"),
            models.CheckConstraint(condition=Q(kind=Kind.LOSS) | Q(reason=""),
                                   name="stock_movement_reason_only_for_loss"),
            models.CheckConstraint(
                condition=Q(kind__in=[Kind.ISSUE_OUT, Kind.ISSUE_IN], counterpart__isnull=False)
                | (~Q(kind__in=[Kind.ISSUE_OUT, Kind.ISSUE_IN]) & Q(counterpart__isnull=True)),
                name="stock_movement_counterpart_only_for_issues"),
            models.CheckConstraint(
                condition=Q(kind__in=[Kind.DISPENSE, Kind.RETURN]) | Q(patient__isnull=True, visit__isnull=True),
                name="stock_movement_patient_only_for_dispense"),
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.get_kind_display()} {self.quantity:+d} {self.batch}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A stock movement is never changed: record a stock count instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A stock movement is never deleted: record a stock count instead."))


class BalanceQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"


class Balance(models.Model):
    """What the ledger adds up to for one batch at one facility, kept by
    stock.services in the transaction of each movement. The database refuses
    a negative balance whatever the code does."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stock_balances",
                                 verbose_name=_("facility"))
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="balances", verbose_name=_("batch"))
    quantity = models.IntegerField(_("quantity"), default=0)

    objects = BalanceQuerySet.as_manager()

    class Meta:
        ordering = ["facility", "batch__expiry", "batch"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["facility", "batch"], name="stock_balance_one_per_facility_batch"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_balance_not_negative"),
        ]

    def __str__(self):
        return f"{self.facility.name}: {self.batch} = {self.quantity}"


class MonthlyUseQuerySet(ScopedQuerySet):
    scope_facility_path = "facility"


class MonthlyUse(models.Model):
    """The use (USE_KINDS, as a positive number) of an item at a facility in a
    calendar month: the sum of those ledger lines, kept by stock.use in each
    line's transaction, so that an area's safety stock reads months, not
    lines (docs/decisions/0026)."""

    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # its first day
    used = models.IntegerField(default=0)

    objects = MonthlyUseQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["facility", "item", "month"], name="stock_monthlyuse_unique")]

    def __str__(self):
        return f"{self.facility_id} {self.item_id} {self.month:%m-%Y}: {self.used}"


class ServiceItem(models.Model):
    """What a service of the visit catalogue consumes: giving it at a visit
    draws `quantity` units of the item from the stock of the facility where
    it was given (stock.dispensing). An age range picks, for instance, the
    blue or the red vitamin A capsule."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+", verbose_name=_("service"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    quantity = models.PositiveSmallIntegerField(_("units per service"), default=1)
    min_age_months = models.PositiveSmallIntegerField(_("from age (months)"), null=True, blank=True)
    max_age_months = models.PositiveSmallIntegerField(_("to age (months)"), null=True, blank=True,
                                                      help_text=_("Inclusive; empty means no limit."))

    class Meta:
        ordering = ["service__code", "item__name"]
        verbose_name = _("item a service consumes")
        verbose_name_plural = _("items services consume")
        constraints = [
            models.UniqueConstraint(fields=["service", "item"], name="stock_serviceitem_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="stock_serviceitem_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.service.code} → {self.item.name} × {self.quantity}"

    def applies_at(self, age_months: int) -> bool:
        return ((self.min_age_months is None or age_months >= self.min_age_months)
                and (self.max_age_months is None or age_months <= self.max_age_months))
