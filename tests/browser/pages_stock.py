"""The stock pages of a Puskesmas's pharmacy (status, LPLPO, shelf, kartu
stok, receipt form) and a child's page with the vaccine batch given at a
visit. Listed in PAGES (pages.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clusters import services as visits
from clusters.models import Service
from patients.tests.factories import PatientFactory

from .checked_page import CheckedPage


def _stocked_network(cast, network):
    """The home Puskesmas's pharmacy: two items received, some issued to the
    Pustu and dispensed there, a batch expiring soon, an item used up."""
    from stock import services as stock
    from stock.tests.factories import ItemFactory

    home, worker, today = network["36.01"], cast["petugas"], timezone.localdate()
    pkm, pustu = home["puskesmas"], home["pustu"]
    long_name = ItemFactory(name="Tablet Tambah Darah (Fe + asam folat) dengan nama yang cukup panjang")
    vaccine = ItemFactory(name="Vaksin BCG", unit="vial")
    stock.receive(facility=pkm, item=long_name, batch_number="TTD-2026-0001-PANJANG", funding="apbd2",
                  expiry=today + timedelta(days=400), quantity=1200, date=today - timedelta(days=3), user=worker)
    stock.receive(facility=pkm, item=vaccine, batch_number="BCG-01", funding="apbn",
                  expiry=today + timedelta(days=40), quantity=20, date=today - timedelta(days=3), user=worker)
    stock.issue(from_facility=pkm, to_facility=pustu, item=long_name, quantity=300, date=today - timedelta(days=2),
                user=worker)
    stock.dispense(facility=pustu, item=long_name, quantity=290, date=today - timedelta(days=1), user=worker)
    stock.issue(from_facility=pkm, to_facility=pustu, item=vaccine, quantity=20, date=today, user=worker)
    return pkm


def stock_status(cast, network, people) -> CheckedPage:
    """The Klaster 1 stock page of a Puskesmas: low, expiring, stock-outs, per Pustu."""
    _stocked_network(cast, network)
    return CheckedPage("kapus", reverse("stock:status"))


def lplpo(cast, network, people) -> CheckedPage:
    """The month's LPLPO of the Puskesmas network."""
    return CheckedPage("petugas", reverse("stock:lplpo", args=[_stocked_network(cast, network).pk]))


def lplpo_print(cast, network, people) -> CheckedPage:
    """Its print view."""
    return CheckedPage("petugas", reverse("stock:lplpo_print", args=[_stocked_network(cast, network).pk]))


def stock_list(cast, network, people) -> CheckedPage:
    """The Puskesmas's shelf: items with their batches, a long name, an expiring vial."""
    return CheckedPage("petugas", reverse("stock:list", args=[_stocked_network(cast, network).pk]))


def stock_card(cast, network, people) -> CheckedPage:
    """The kartu stok of the iron tablets, with the balance carried in."""
    from stock.models import Balance

    pkm = _stocked_network(cast, network)
    item_id = Balance.objects.filter(facility=pkm, batch__number="TTD-2026-0001-PANJANG").get().batch.item_id
    return CheckedPage("petugas", reverse("stock:card", args=[pkm.pk, item_id]))


def stock_receive(cast, network, people) -> CheckedPage:
    """The receipt form a pharmacist fills from the IFK's delivery note."""
    return CheckedPage("petugas", reverse("stock:receive", args=[network["36.01"]["puskesmas"].pk]))


def patient_medicines(cast, network, people) -> CheckedPage:
    """A child's page with the vaccine given at a visit and its batch."""
    from stock import services as stock
    from stock.models import Item

    pustu, today = network["36.01"]["pustu"], timezone.localdate()
    stock.receive(facility=pustu, item=Item.objects.get(code="V-PENTA"), batch_number="PENTA-2026-0425",
                  funding="apbn", expiry=today + timedelta(days=300), quantity=10, date=today, user=cast["pustu"])
    baby = PatientFactory(household=people["son"].household, name="Raka", sex="L",
                          birth_date=today - timedelta(days=65))
    visits.visit_record(by=cast["pustu"], patient=baby, facility=pustu, date=today, package="balita",
                        services=list(Service.objects.filter(code="IMM_DPT1")))
    return CheckedPage("pustu", reverse("patients:detail", args=[baby.pk]))
