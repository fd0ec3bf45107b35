"""The pages Dinkes and the Kepala Puskesmas read: the PWS dashboard, an
indicator, the cluster report and a district's people link, the data-quality
review and SATUSEHAT's sending status. Listed in PAGES (pages.py)."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from clusters import services as visits
from reports.engine import rollups
from reports.tests.factories import CoverageFactFactory, TargetFactory

from .checked_page import CheckedPage

# Codes the district table shows with and without a target, and a rate (N).
DASHBOARD_INDICATORS = ("K1", "D", "N", "TB_SCREENED")


def pws_dashboard(cast, network, people) -> CheckedPage:
    """The district overview for Dinkes, with facts for this year so far and a
    target, so that coverage, lights and trends are all drawn."""
    home = network["36.01"]
    today = timezone.localdate()
    TargetFactory(facility=home["puskesmas"], region=None, group="ibu_hamil", number=40, year=today.year)
    for posyandu in (home["posyandu_pustu"], home["posyandu_pkm"], home["posyandu_b"]):
        for month in range(1, today.month + 1):
            for code in DASHBOARD_INDICATORS:
                CoverageFactFactory(posyandu=posyandu, month=date(today.year, month, 1), indicator=code,
                                    numerator=month, denominator=month + 2 if code == "N" else None)
    # With their roll-ups, as the engine leaves them: the district page reads those.
    rollups.sync(district="36.01", months=[date(today.year, month, 1) for month in range(1, today.month + 1)])
    return CheckedPage("dinkes", reverse("reports:pws_district", args=["36.01"]))


def pws_indicator(cast, network, people) -> CheckedPage:
    """One indicator's PWS chart and the ranking of the Puskesmas."""
    pws_dashboard(cast, network, people)
    return CheckedPage("dinkes", reverse("reports:pws_district_indicator", args=["36.01", "K1"]))


def pws_clusters(cast, network, people) -> CheckedPage:
    """The monthly PWS report of the district, by cluster."""
    pws_dashboard(cast, network, people)
    return CheckedPage("dinkes", reverse("reports:pws_district_clusters", args=["36.01"]))


def pws_people_of_a_district(cast, network, people) -> CheckedPage:
    """A district's people link: the list of its Puskesmas' lists."""
    today = timezone.localdate()
    return CheckedPage("dinkes", f"/laporan/pws/kab/36.01/orang/D/?tahun={today.year}&bulan={today.month}")


def quality_review(cast, network, people) -> CheckedPage:
    """The data-quality review of a Puskesmas, an item of every kind on it."""
    from quality.tests.factories import Items

    home = network["36.01"]
    items = Items()
    for _ in range(2):
        items(home["posyandu_pustu"], timezone.localdate())
    return CheckedPage("kapus", reverse("quality:puskesmas", args=[home["puskesmas"].pk]))


def satusehat_status(cast, network, people) -> CheckedPage:
    """SATUSEHAT's sending status as the Kepala Puskesmas: bands, a failure
    with the server's message, a person not found."""
    from satusehat.models import Operation, PatientLink, Status

    child = people["son"]
    visit = visits.visit_record(by=cast["petugas"], patient=child, facility=network["36.01"]["posyandu_pustu"],
                                date=timezone.localdate(), package="balita", services=[],
                                measurements={"weight_kg": Decimal("11.5")}, confirm_warnings=True)
    for kind, status in (("Encounter", Status.FAILED), ("Observation", Status.QUEUED)):
        Operation.objects.create(visit_id=visit.pk, patient=child, facility=visit.facility, kind=kind,
                                 ident=f"ilp-{visit.pk}-{kind.lower()}", op="create", status=status,
                                 last_error="400 Bad Request: Encounter.subject tidak ditemukan di SATUSEHAT")
    PatientLink.objects.create(patient=child, status=PatientLink.Status.NOT_FOUND,
                               message="Tidak ada warga dengan NIK ini di SATUSEHAT.")
    return CheckedPage("kapus", reverse("satusehat:status"))
