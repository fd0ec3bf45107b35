"""The ward's pages (issue 23): a Puskesmas rawat inap with beds taken, as
its nurse. Kept apart from pages.py, which lists them in PAGES."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from patients.models import Pregnancy
from patients.tests.factories import PatientFactory

from .checked_page import CheckedPage


def _ward(cast, network, people):
    """The home Puskesmas as a Puskesmas rawat inap with three beds, two of
    them taken (one a delivery, with a note), one stay discharged; its
    nurse in `cast`."""
    from facilities.models import Role
    from facilities.tests.factories import UserFactory
    from inpatient import services as ward
    from inpatient.models import Bed, Outcome

    pkm = network["36.01"]["puskesmas"]
    pkm.inpatient = True
    pkm.save(update_fields=["inpatient"])
    cast["perawat"] = UserFactory(role=Role.PERAWAT_IGD, scope_facility=pkm)
    beds = [Bed.objects.create(facility=pkm, label=label) for label in ("Mawar 1", "Mawar 2", "Melati 1")]
    now = timezone.now()
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=timezone.localdate() + timedelta(days=2))
    delivery = ward.admission_open(by=cast["perawat"], patient=mother, facility=pkm, bed=beds[0],
                                   admitted_at=now - timedelta(hours=20), diagnosis_code="O80", delivery=True)
    ward.note_add(by=cast["perawat"], admission=delivery, written_at=now - timedelta(hours=2),
                  text="Keadaan umum baik, ASI lancar.", systolic=118, diastolic=76, pulse=84,
                  temperature=Decimal("36.8"))
    adult = PatientFactory(household=people["household"], name="Bapak Ahmad Fauzi Kurniawan Saputra", sex="L",
                           birth_date=date(1970, 5, 5))
    earlier = ward.admission_open(by=cast["perawat"], patient=adult, facility=pkm, bed=beds[1],
                                  admitted_at=now - timedelta(days=6), diagnosis_code="A01.0")
    ward.admission_discharge(by=cast["perawat"], admission=earlier, discharged_at=now - timedelta(days=2),
                             outcome=Outcome.REFERRED, referred_to="RSUD dr. Dradjat Prawiranegara")
    ward.admission_open(by=cast["perawat"], patient=people["son"], facility=pkm, bed=beds[1],
                        admitted_at=now - timedelta(days=1), diagnosis_code="A09")
    return delivery


def inpatient_ward(cast, network, people) -> CheckedPage:
    """Who lies in which bed and the month's BOR and ALOS, as the ward nurse."""
    _ward(cast, network, people)
    return CheckedPage("perawat", reverse("inpatient:ward"))


def inpatient_admission(cast, network, people) -> CheckedPage:
    """A delivery admission with its daily note and the note form."""
    return CheckedPage("perawat", reverse("inpatient:admission", args=[_ward(cast, network, people).pk]))


def inpatient_admit(cast, network, people) -> CheckedPage:
    """Admitting a person: bed, time, ICD-10 diagnosis."""
    _ward(cast, network, people)
    adult = PatientFactory(household=people["household"], name="Ibu Nani", sex="P", birth_date=date(1960, 1, 1))
    return CheckedPage("perawat", reverse("inpatient:admit") + f"?patient={adult.pk}")


def inpatient_admit_by_nik(cast, network, people) -> CheckedPage:
    """The admission form of someone referred from another area, found by NIK."""
    _ward(cast, network, people)
    return CheckedPage("perawat", reverse("inpatient:admit") + f"?nik={people['stranger'].nik}")


def inpatient_discharge(cast, network, people) -> CheckedPage:
    """Discharging the delivery: outcome, referral, delivery day."""
    return CheckedPage("perawat", reverse("inpatient:discharge", args=[_ward(cast, network, people).pk]))



def klaster1_board(cast, network, people) -> CheckedPage:
    """The Klaster 1 management page of the Puskesmas: its ward (above),
    IGD arrivals of every triage level, as the Kepala Puskesmas."""
    from igd.models import Outcome, Triage
    from igd.services import arrival_close, arrival_register, arrival_triage

    _ward(cast, network, people)
    pkm, now = network["36.01"]["puskesmas"], timezone.now()
    for n, level in enumerate(Triage.values):
        arrival = arrival_register(by=cast["perawat"], facility=pkm, patient=people["son"],
                                   arrived_at=now - timedelta(hours=5 + n))
        arrival = arrival_triage(by=cast["perawat"], arrival=arrival, level=level,
                                 triaged_at=arrival.arrived_at + timedelta(minutes=7))
        arrival_close(by=cast["perawat"], arrival=arrival, outcome=Outcome.REFERRED,
                      closed_at=arrival.arrived_at + timedelta(hours=1), referred_to="RSUD Berkah Pandeglang")
    return CheckedPage("kapus", reverse("klaster1:board"))


INPATIENT_PAGES = {
    "inpatient-ward": inpatient_ward,
    "inpatient-admission": inpatient_admission,
    "inpatient-admit": inpatient_admit,
    "inpatient-admit-by-nik": inpatient_admit_by_nik,
    "inpatient-discharge": inpatient_discharge,
    "klaster1-board": klaster1_board,
}
