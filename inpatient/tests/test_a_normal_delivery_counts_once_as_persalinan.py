"""A normal delivery admitted to the ward is the mother's delivery at a
facility: the discharge records one PERSALINAN visit of the Puskesmas with
her pregnancy, so the PERSALINAN_FASKES figure counts her once, however
often the discharge is corrected."""

from datetime import timedelta

from clusters.models import Visit
from inpatient import services
from inpatient.models import Outcome
from reports import engine
from reports.models import CoverageFact


def delivered(person, year) -> int:
    return sum(CoverageFact.objects.filter(indicator="PERSALINAN_FASKES", month__year=year,
                                           posyandu=person.household.posyandu).values_list("numerator", flat=True))


def test_a_delivery_discharged_twice_is_one_persalinan_visit_and_counts_once(nurse, beds, pregnant, at, day):
    admission = services.admission_open(by=nurse, patient=pregnant, facility=beds[0].facility, bed=beds[0],
                                        admitted_at=at(day - timedelta(days=2), 3), diagnosis_code="O80",
                                        delivery=True)
    services.admission_discharge(by=nurse, admission=admission, discharged_at=at(day, 6),
                                 outcome=Outcome.RECOVERED)
    services.admission_discharge(by=nurse, admission=admission, discharged_at=at(day, 9),
                                 outcome=Outcome.RECOVERED)

    visits = Visit.objects.filter(patient=pregnant, services__code="PERSALINAN")
    assert visits.count() == 1
    visit = visits.get()
    assert visit.facility == beds[0].facility and visit.date == day - timedelta(days=2)
    assert pregnant.pregnancies.get().status == "delivered"
    engine.rebuild("36.01", visit.date.year)
    assert delivered(pregnant, visit.date.year) == 1


def test_an_admission_that_is_not_a_delivery_records_no_visit(nurse, beds, pregnant, at, day):
    admission = services.admission_open(by=nurse, patient=pregnant, facility=beds[0].facility, bed=beds[0],
                                        admitted_at=at(day, 3), diagnosis_code="A09")
    services.admission_discharge(by=nurse, admission=admission, discharged_at=at(day, 6),
                                 outcome=Outcome.RECOVERED)
    assert not Visit.objects.filter(patient=pregnant).exists()
