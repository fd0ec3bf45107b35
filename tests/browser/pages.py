"""The pages a kader, a Pustu/Puskesmas worker and a Dinkes officer use most,
each filled with a little real-shaped data so that tables, results and lights
are on screen when the checks run."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from clusters import services as visits
from clusters.models import Service, Setting
from patients.models import Pregnancy
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports.engine import rollups
from reports.tests.factories import CoverageFactFactory, TargetFactory

from .checked_page import CheckedPage
from .pages_inpatient import INPATIENT_PAGES

# Codes the district table shows with and without a target, and a rate (N).
DASHBOARD_INDICATORS = ("K1", "D", "N", "TB_SCREENED")


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


def pws_indicator(cast, network, people) -> CheckedPage:
    """One indicator's PWS chart and the ranking of the Puskesmas."""
    pws_dashboard(cast, network, people)
    return CheckedPage("dinkes", reverse("reports:pws_district_indicator", args=["36.01", "K1"]))


def pws_clusters(cast, network, people) -> CheckedPage:
    """The monthly PWS report of the district, by cluster."""
    pws_dashboard(cast, network, people)
    return CheckedPage("dinkes", reverse("reports:pws_district_clusters", args=["36.01"]))


def patient_search(cast, network, people) -> CheckedPage:
    """A name search with results in the worker's area."""
    household = people["household"]
    PatientFactory(household=household, name="Siti Aminah", sex="P", birth_date=date(1990, 5, 5))
    return CheckedPage("petugas", reverse("patients:search") + "?q=Siti")


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


def quality_review(cast, network, people) -> CheckedPage:
    """The data-quality review of a Puskesmas, an item of every kind on it."""
    from quality.tests.factories import Items

    home = network["36.01"]
    items = Items()
    for _ in range(2):
        items(home["posyandu_pustu"], timezone.localdate())
    return CheckedPage("kapus", reverse("quality:puskesmas", args=[home["puskesmas"].pk]))


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


def pws_people_of_a_district(cast, network, people) -> CheckedPage:
    """A district's people link: the list of its Puskesmas' lists."""
    today = timezone.localdate()
    return CheckedPage("dinkes", f"/laporan/pws/kab/36.01/orang/D/?tahun={today.year}&bulan={today.month}")


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
    igd.arrival_actions(by=nurse, arrival=triaged, actions=["oxygen", "nebuliser"], note="Salbutamol 2,5 mg")
    waiting = igd.arrival_register(by=nurse, facility=pkm, quick={"name": "Tn. X", "sex": "L", "age_years": 30},
                                   arrived_at=now - timedelta(minutes=5))
    return [referred, triaged, waiting]


def igd_register(cast, network, people) -> CheckedPage:
    """The IGD's open and closed arrivals of today, as the emergency nurse."""
    _igd_arrivals(cast, network, people)
    return CheckedPage("perawat", reverse("igd:register"))


def igd_arrival(cast, network, people) -> CheckedPage:
    """A triaged arrival with vital signs and actions, and its four forms."""
    triaged = _igd_arrivals(cast, network, people)[1]
    return CheckedPage("perawat", reverse("igd:arrival", args=[triaged.pk]))


def igd_arrival_new(cast, network, people) -> CheckedPage:
    """The new-arrival form with a search for a registered person."""
    _igd_arrivals(cast, network, people)
    return CheckedPage("perawat", reverse("igd:arrival_new") + "?q=Siti")


PAGES = {
    "posyandu-session": posyandu_session,
    "visit-form": visit_form,
    "patient": patient,
    "patient-search": patient_search,
    "pws-dashboard": pws_dashboard,
    "visit-page": visit_page,
    "visit-history": visit_history,
    "kader-home": kader_home,
    "pustu-home": pustu_home,
    "patient-history": patient_history,
    "not-found": not_found,
    "pws-indicator": pws_indicator,
    "pws-clusters": pws_clusters,
    "quality-review": quality_review,
    "visit-removal": visit_removal,
    "household-move": household_move,
    "pregnancy-dates": pregnancy_dates,
    "due-list": due_list,
    "home-visit": home_visit,
    "home-visit-recap": home_visit_recap,
    "people-who-left": people_who_left,
    "pws-people-of-a-district": pws_people_of_a_district,
    "stock-status": stock_status,
    "lplpo": lplpo,
    "lplpo-print": lplpo_print,
    "stock-list": stock_list,
    "stock-card": stock_card,
    "stock-receive": stock_receive,
    "patient-medicines": patient_medicines,
    "satusehat-status": satusehat_status,
    "diagnosed-visit-page": diagnosed_visit_page,
    "diagnosed-visit-history": diagnosed_visit_history,
    "diagnosed-visit-form": diagnosed_visit_form,
    "lab-worklist": lab_worklist,
    "lab-result": lab_result,
    "lab-request": lab_request,
    **INPATIENT_PAGES,
    "igd-register": igd_register,
    "igd-arrival": igd_arrival,
    "igd-arrival-new": igd_arrival_new,
}
