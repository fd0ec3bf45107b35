"""The IGD's pages, as the emergency nurse: the register, an arrival and the
new-arrival form. Listed in PAGES (pages.py)."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from .checked_page import CheckedPage


def _igd_arrivals(cast, network, people) -> list:
    """An emergency nurse ("perawat") at the home Puskesmas with three
    arrivals: one closed as referred, one triaged with vital signs, one just
    registered as "Tn. X"."""
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from igd import services as igd

    pkm = network["36.01"]["puskesmas"]
    nurse = cast["perawat"] = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    now = timezone.now()
    referred = igd.arrival_register(by=nurse, facility=pkm, patient=people["mother"],
                                    arrived_at=now - timedelta(hours=3), chief_complaint="Perdarahan pasca salin")
    igd.arrival_triage(by=nurse, arrival=referred, level="merah", triaged_at=now - timedelta(hours=3) +
                       timedelta(minutes=2))
    igd.arrival_close(by=nurse, arrival=referred, outcome="referred", closed_at=now - timedelta(hours=2),
                      referred_to="RSUD dr. Dradjat Prawiranegara Serang")
    triaged = igd.arrival_register(by=nurse, facility=pkm, quick={"name": "Ny. Kartini Wulandari Sari",
                                                                  "sex": "P", "age_years": 67},
                                   arrived_at=now - timedelta(minutes=50), chief_complaint="Sesak napas berat")
    igd.arrival_triage(by=nurse, arrival=triaged, level="kuning", triaged_at=now - timedelta(minutes=41))
    igd.arrival_vitals(by=nurse, arrival=triaged, measured_at=now - timedelta(minutes=40),
                       vitals={"systolic": 160, "diastolic": 95, "pulse": 112, "respiratory_rate": 28,
                               "temperature_c": Decimal("37.8"), "spo2": 91, "gcs": 15})
    # Measured again while observed: the page lists both readings.
    igd.arrival_vitals(by=nurse, arrival=triaged, measured_at=now - timedelta(minutes=10),
                       vitals={"systolic": 150, "diastolic": 90, "pulse": 104, "respiratory_rate": 24,
                               "temperature_c": Decimal("37.6"), "spo2": 94, "gcs": 15})
    igd.arrival_actions(by=nurse, arrival=triaged, actions=["oxygen", "nebuliser"], note="Salbutamol 2,5 mg")
    waiting = igd.arrival_register(by=nurse, facility=pkm, quick={"name": "Tn. X", "sex": "L", "age_years": 30},
                                   arrived_at=now - timedelta(minutes=5))
    return [referred, triaged, waiting]


def igd_register(cast, network, people) -> CheckedPage:
    """The IGD's open and closed arrivals of today, as the emergency nurse."""
    _igd_arrivals(cast, network, people)
    return CheckedPage("perawat", reverse("igd:register"))


def igd_arrival(cast, network, people) -> CheckedPage:
    """A triaged arrival with two readings of vital signs and actions, and its four forms."""
    triaged = _igd_arrivals(cast, network, people)[1]
    return CheckedPage("perawat", reverse("igd:arrival", args=[triaged.pk]))


def igd_arrival_new(cast, network, people) -> CheckedPage:
    """The new-arrival form with a search for a registered person."""
    _igd_arrivals(cast, network, people)
    return CheckedPage("perawat", reverse("igd:arrival_new") + "?q=Siti")


def igd_arrival_person(cast, network, people) -> CheckedPage:
    """Putting an arrival recorded on the wrong person on another: a search with a match."""
    referred = _igd_arrivals(cast, network, people)[0]
    return CheckedPage("perawat", reverse("igd:person", args=[referred.pk]) + "?q=Muhammad")


def igd_arrival_person_by_nik(cast, network, people) -> CheckedPage:
    """The same, searched by the whole NIK of someone from another area."""
    referred = _igd_arrivals(cast, network, people)[0]
    return CheckedPage("perawat", reverse("igd:person", args=[referred.pk]) + f"?q={people['stranger'].nik}")
