"""The laboratory's pages: the Puskesmas lab's worklist and result form, as
its analyst, and the tests a midwife asks for at a visit. Listed in PAGES
(pages.py)."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from clusters import services as visits
from patients.models import Pregnancy
from patients.tests.factories import PatientFactory

from .checked_page import CheckedPage


def _lab_requests(cast, network, people) -> list:
    """An ANC visit at the Puskesmas asking for Hb and the triple elimination
    tests, and a Pustu visit asking for glucose; the analyst in `cast`."""
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from lab.catalogue import load_shipped_catalogue
    from lab.models import LabTest
    from lab.services import request_tests

    load_shipped_catalogue()
    home, today = network["36.01"], timezone.localdate()
    cast["lab"] = UserFactory(role=Role.LABORATORIUM, scope_facility=home["puskesmas"])
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=today + timedelta(days=150))
    anc = visits.visit_record(by=cast["petugas"], patient=mother, facility=home["puskesmas"], date=today,
                              package="anc", measurements={"gestational_age_weeks": 20}, confirm_warnings=True)
    adult = PatientFactory(household=people["household"], name="Bapak Ahmad Fauzi Kurniawan Saputra", sex="L",
                           birth_date=date(1970, 5, 5))
    ptm = visits.visit_record(by=cast["pustu"], patient=adult, facility=home["pustu"], date=today, package="ptm",
                              measurements={"systolic": 150, "diastolic": 95}, confirm_warnings=True)
    made = request_tests(by=cast["petugas"], patient=mother, visit=anc,
                         tests=list(LabTest.objects.filter(code__in=["HB", "HIV", "SIFILIS", "HBSAG"])))
    made += request_tests(by=cast["pustu"], patient=adult, visit=ptm, tests=[LabTest.objects.get(code="GDS")])
    return made


def lab_worklist(cast, network, people) -> CheckedPage:
    """What waits at the Puskesmas lab, as its analyst."""
    _lab_requests(cast, network, people)
    return CheckedPage("lab", reverse("lab:worklist"))


def lab_result(cast, network, people) -> CheckedPage:
    """The Hb result form with its reference range, as the analyst."""
    hb = _lab_requests(cast, network, people)[0]
    return CheckedPage("lab", reverse("lab:request", args=[hb.pk]))


def lab_request(cast, network, people) -> CheckedPage:
    """The tests a midwife may ask for at an ANC visit."""
    hb = _lab_requests(cast, network, people)[0]
    return CheckedPage("petugas", reverse("lab:request_from_visit", args=[hb.visit_id]))
