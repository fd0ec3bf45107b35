"""Seeding a district again replaces its people and everything hanging on
them, derived rows included, and nothing of another district: the other
district's rows stay exactly as they were and no row is left pointing at a
deleted one."""

from datetime import timedelta
from decimal import Decimal
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from clusters.models import CoverageChange, Recomputation, Service
from clusters.services import visit_record
from facilities.models import Facility, FacilityType, User
from patients.models import Patient
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports.models import CoverageFact, CoverageYear
from stock.models import Movement

PEOPLE_SIDE = [
    "patients.Household", "patients.Patient", "patients.Pregnancy", "patients.PatientMerge",
    "patients.HistoricalHousehold", "patients.HistoricalPatient", "patients.HistoricalPregnancy",
    "clusters.Visit", "clusters.Visit_services", "clusters.Measurement", "clusters.PosyanduSession",
    "clusters.ImmunisationStatus", "clusters.Recomputation", "clusters.CoverageChange", "clusters.VisitRemoval",
    "clusters.HistoricalVisit", "clusters.HistoricalVisit_services", "clusters.HistoricalMeasurement",
    "reports.CoverageFact", "reports.CoverageRollup", "reports.CoverageSubject", "reports.CoverageYear",
    "audit.AuditEvent", "quality.Review", "stock.Movement", "stock.Balance", "stock.Batch",
    "inpatient.Admission", "inpatient.DailyNote",
]


def seed(district, people):
    call_command("seed_demo", "--district", district, "--people", str(people), stdout=StringIO())


def rows(label):
    model = apps.get_model(label)
    names = [f.attname for f in model._meta.concrete_fields]
    return sorted(model._base_manager.values_list(*names), key=repr)


def people_side():
    return {label: rows(label) for label in PEOPLE_SIDE}


def orphans():
    """(model, field, count) of every relation, constrained or not, whose value names no row."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model._base_manager.values(field.target_field.attname)
            loose = (model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                     .exclude(**{f"{field.attname}__in": target}).count())
            if loose:
                found.append((model._meta.label, field.name, loose))
    return found


def record_a_weighing(posyandu, by):
    """A real (non-demo) child with a visit saved through the service: history
    rows, a log row, a late weighing's recomputation."""
    today = timezone.localdate()
    child = PatientFactory(household=HouseholdFactory(posyandu=posyandu), sex="L",
                           birth_date=today - timedelta(days=400))
    weighing = list(Service.objects.filter(code="WEIGHING"))
    for days_ago, kg in ((3, "9.6"), (40, "9.1")):  # the second entered late
        visit_record(by=by, patient=child, facility=posyandu, date=today - timedelta(days=days_ago),
                     package="balita", services=weighing, setting="posyandu",
                     measurements={"weight_kg": Decimal(kg)}, confirm_warnings=True)
    return child


def test_replacing_a_seeded_district_leaves_another_district_as_it_was_and_no_orphan_rows(real_regions):
    seed("14.72", 300)
    bidan = User.objects.create(username="bidan-dumai")
    dumai = Facility.objects.filter(district_id="14.72", type=FacilityType.POSYANDU).order_by("code").first()
    record_a_weighing(dumai, bidan)
    before = people_side()
    assert CoverageFact.objects.filter(district_id="14.72").exists()

    seed("36.01", 300)
    pandeglang = Facility.objects.filter(district_id="36.01", type=FacilityType.POSYANDU).order_by("code").first()
    child = record_a_weighing(pandeglang, bidan)
    assert Recomputation.objects.filter(patient=child).exists() and CoverageChange.objects.filter(patient=child)
    # A Dumai person whose mother lives in Pandeglang keeps living, without the link.
    moved = Patient.objects.filter(household__posyandu__district_id="14.72").order_by("pk").first()
    Patient.objects.filter(pk=moved.pk).update(mother=child)

    seed("36.01", 250)
    # People registered on arrival at an IGD (provisional) come on top of the seeded ones.
    assert Patient.objects.filter(household__posyandu__district_id="36.01", provisional=False).count() == 250
    assert Movement.objects.filter(facility__district_id="36.01").exists()
    assert not Patient.objects.filter(pk=child.pk).exists()
    assert not Patient.history.filter(id=child.pk).exists()
    assert orphans() == []

    seed("36.01", 0)
    assert not Movement.objects.filter(facility__district_id="36.01").exists()
    assert people_side() == before
    assert not CoverageYear.objects.filter(district_id="36.01").exists()
    assert orphans() == []
