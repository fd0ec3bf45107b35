"""The pages of people and their visits, as kaders and Pustu/Puskesmas
workers use them: a Posyandu session, the visit form, page, history and
removal, a person's record, search and history, household and pregnancy
corrections, the follow-up lists and home visits, and visits with ICD-10
diagnoses. Listed in PAGES (pages.py)."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from clusters import services as visits
from clusters.models import Service, Setting
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory

from .checked_page import CheckedPage


def posyandu_session(cast, network, people) -> CheckedPage:
    """Today's session at the kader's Posyandu, open, with children of several ages."""
    kader = cast["kader"]
    posyandu = kader.scope_facility
    today = timezone.localdate()
    household = HouseholdFactory(posyandu=posyandu)
    for name, sex, days in [("Adit", "L", 200), ("Bunga", "P", 420), ("Dimas Pratama Nugraha", "L", 900)]:
        PatientFactory(household=household, name=name, sex=sex, birth_date=today - timedelta(days=days))
    session = visits.session_open(by=kader, posyandu=posyandu, day=today)
    # One row already saved, so the page shows a result beside the empty rows.
    visits.visit_record(by=kader, patient=people["son"], facility=posyandu, date=today, package="balita",
                        services=list(Service.objects.filter(code="WEIGHING")), setting=Setting.POSYANDU,
                        measurements={"weight_kg": Decimal("12.1"), "length_cm": Decimal("88.0")},
                        confirm_warnings=True, session=session)
    return CheckedPage("kader", reverse("clusters:session", args=[posyandu.pk, today.isoformat()]))


def visit_form(cast, network, people) -> CheckedPage:
    """The ANC form, the longest one, for a pregnant mother."""
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=timezone.localdate() + timedelta(days=150))
    return CheckedPage("petugas", reverse("clusters:visit_create", args=[mother.pk, "anc"]))


def patient(cast, network, people) -> CheckedPage:
    """A child with two growth visits on record."""
    son = people["son"]
    worker, puskesmas = cast["petugas"], network["36.01"]["puskesmas"]
    today = timezone.localdate()
    for days_ago, weight, codes in [(60, "11.6", ["WEIGHING", "VIT_A"]), (10, "12.0", ["WEIGHING"])]:
        visits.visit_record(by=worker, patient=son, facility=puskesmas, date=today - timedelta(days=days_ago),
                            package="balita", services=list(Service.objects.filter(code__in=codes)),
                            measurements={"weight_kg": Decimal(weight), "length_cm": Decimal("88.5")},
                            confirm_warnings=True)
    return CheckedPage("petugas", reverse("patients:detail", args=[son.pk]))


def _corrected_anc_visit(cast, network, people):
    mother = people["mother"]
    Pregnancy.objects.create(patient=mother, expected_delivery_date=timezone.localdate() + timedelta(days=150))
    worker, puskesmas = cast["petugas"], network["36.01"]["puskesmas"]
    day = timezone.localdate() - timedelta(days=3)
    visit = visits.visit_record(by=worker, patient=mother, facility=puskesmas, date=day, package="anc",
                                services=list(Service.objects.filter(code="ANC_K1")),
                                measurements={"weight_kg": Decimal("55.4"), "systolic": 120, "diastolic": 80,
                                              "hb_g_dl": Decimal("10.8"), "gestational_age_weeks": 12,
                                              "muac_cm": Decimal("23.1")}, confirm_warnings=True)
    visits.visit_update(by=worker, visit=visit, date=day, services=list(Service.objects.filter(code="ANC_K1")),
                        measurements={"weight_kg": Decimal("55.9"), "systolic": 150, "diastolic": 95,
                                      "hb_g_dl": Decimal("10.8"), "gestational_age_weeks": 12,
                                      "muac_cm": Decimal("23.1")}, setting=Setting.BUILDING,
                        confirm_warnings=True)
    return visit


def visit_page(cast, network, people) -> CheckedPage:
    """An ANC visit with every measurement and its findings."""
    return CheckedPage("petugas", reverse("clusters:visit", args=[_corrected_anc_visit(cast, network, people).pk]))


def visit_history(cast, network, people) -> CheckedPage:
    """The same visit's history after a correction."""
    visit = _corrected_anc_visit(cast, network, people)
    return CheckedPage("petugas", reverse("clusters:visit_history", args=[visit.pk]))


def kader_home(cast, network, people) -> CheckedPage:
    """Where a kader lands: today's session card."""
    return CheckedPage("kader", reverse("home"))


def pustu_home(cast, network, people) -> CheckedPage:
    """Where a Pustu worker lands: their desa and its Posyandu."""
    return CheckedPage("pustu", reverse("home"))


def patient_history(cast, network, people) -> CheckedPage:
    """A person's record history after a correction of the name."""
    from patients import services as registry

    son = people["son"]
    registry.patient_update(by=cast["petugas"], patient=son, name=son.name + " Putra", sex=son.sex,
                            birth_date=son.birth_date, nik=son.nik, confirm_warnings=True)
    return CheckedPage("petugas", reverse("patients:history", args=[son.pk]))


def not_found(cast, network, people) -> CheckedPage:
    """The app's own 404, for a person outside the kader's area."""
    return CheckedPage("kader", reverse("patients:detail", args=[people["stranger"].pk]), status=404)


def patient_search(cast, network, people) -> CheckedPage:
    """A name search with results in the worker's area."""
    household = people["household"]
    PatientFactory(household=household, name="Siti Aminah", sex="P", birth_date=date(1990, 5, 5))
    return CheckedPage("petugas", reverse("patients:search") + "?q=Siti")


def visit_removal(cast, network, people) -> CheckedPage:
    """Removing a visit, as a Puskesmas worker: the reason to give."""
    visit = _corrected_anc_visit(cast, network, people)
    return CheckedPage("petugas", reverse("clusters:visit_remove", args=[visit.pk]))


def household_move(cast, network, people) -> CheckedPage:
    """Moving a household to another Posyandu, as a Pustu worker."""
    return CheckedPage("pustu", reverse("patients:household_move", args=[people["household"].pk]))


def pregnancy_dates(cast, network, people) -> CheckedPage:
    """Correcting a pregnancy's HPHT and HPL, as a Pustu worker."""
    today = timezone.localdate()
    pregnancy = Pregnancy.objects.create(patient=people["mother"], expected_delivery_date=today + timedelta(days=150),
                                         last_menstrual_period=today - timedelta(days=130))
    return CheckedPage("pustu", reverse("patients:pregnancy_edit", args=[pregnancy.pk]))


def _overdue_household(cast, network):
    """A household of the kader's Posyandu whose child missed her weighings
    and doses, registered and weighed through the services (so the due
    list has her)."""
    from patients import services as people_services

    kader, today = cast["kader"], timezone.localdate()
    household = people_services.household_register(by=kader, posyandu=kader.scope_facility, rw="3", dusun="Cilaja",
                                                   address="Jl. Mawar 7")
    child = people_services.patient_register(by=kader, household=household, name="Zaki Pratama", sex="L",
                                             birth_date=today - timedelta(days=600), confirm_warnings=True)
    visits.visit_record(by=kader, patient=child, facility=kader.scope_facility, date=today - timedelta(days=100),
                        package="balita", services=list(Service.objects.filter(code="WEIGHING")),
                        measurements={"weight_kg": Decimal("10")}, confirm_warnings=True)
    return household, child


def due_list(cast, network, people) -> CheckedPage:
    _overdue_household(cast, network)
    return CheckedPage("kader", reverse("followup:due_list"))


def home_visit(cast, network, people) -> CheckedPage:
    household, _child = _overdue_household(cast, network)
    return CheckedPage("kader", reverse("followup:household", args=[household.pk]))


def home_visit_recap(cast, network, people) -> CheckedPage:
    from followup.services import home_visit_record

    household, child = _overdue_household(cast, network)
    today = timezone.localdate()
    home_visit_record(by=cast["kader"], household=household, patient=child, date=today, outcome="referred",
                      reasons=["WEIGHING"], referred_to="posyandu", referred_on=today)
    return CheckedPage("petugas", reverse("followup:recap"))


def people_who_left(cast, network, people) -> CheckedPage:
    from followup.services import home_visit_record

    household, child = _overdue_household(cast, network)
    home_visit_record(by=cast["kader"], household=household, patient=child, date=timezone.localdate(),
                      outcome="moved")
    return CheckedPage("dinkes", reverse("followup:exits"))


def _diagnosed_visit(cast, network, people):
    """A Puskesmas visit with three diagnoses, one of WHO's longest names
    among them, corrected once (the history shows before and after)."""
    from clusters.models import Diagnosis

    mother, worker = people["mother"], cast["petugas"]
    found = {d.code: d for d in Diagnosis.objects.filter(code__in=["I10", "E11.9", "V32.3"])}
    visit = visits.visit_record(by=worker, patient=mother, facility=network["36.01"]["puskesmas"],
                                date=timezone.localdate(), package="ptm", diagnoses=[found["I10"], found["V32.3"]],
                                measurements={"systolic": 150, "diastolic": 95})
    return visits.visit_update(by=worker, visit=visit, date=visit.date, services=[], setting=visit.setting,
                               measurements={"systolic": 150, "diastolic": 95},
                               diagnoses=[found["I10"], found["E11.9"], found["V32.3"]])


def diagnosed_visit_page(cast, network, people) -> CheckedPage:
    """A visit with three diagnoses, long names wrapping on a phone."""
    return CheckedPage("petugas", reverse("clusters:visit", args=[_diagnosed_visit(cast, network, people).pk]))


def diagnosed_visit_history(cast, network, people) -> CheckedPage:
    """Its history: the diagnoses before and after the correction."""
    return CheckedPage("petugas", reverse("clusters:visit_history",
                                          args=[_diagnosed_visit(cast, network, people).pk]))


def diagnosed_visit_form(cast, network, people) -> CheckedPage:
    """Correcting it: the ICD-10 field with the three diagnoses named below."""
    return CheckedPage("petugas", reverse("clusters:visit_edit", args=[_diagnosed_visit(cast, network, people).pk]))
