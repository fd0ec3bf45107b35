"""SPM's usia produktif is 15–59 years and usia lanjut 60 and over, on the
day of the visit (shared/domain/ILP.md sections 2 and 4): a 14-year-old's
and a 67-year-old's PTM screening are not productive-age screening."""

from datetime import date

from clusters.models import Service
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.tests.refresh_helpers import YEAR, counted_everywhere

DAY = date(YEAR, 3, 10)


def person(network, posyandu, born):
    return PatientFactory(household=HouseholdFactory(posyandu=network["36.01"][posyandu]), sex="L",
                          birth_date=born)


def test_productive_age_screening_counts_people_from_15_to_59_on_the_day(record, network):
    Service.objects.filter(code="PTM_SCREENING").update(min_age_months=None, max_age_months=None)
    engine.rebuild("36.01", YEAR)
    fourteen = person(network, "posyandu_pustu", date(2011, 3, 11))  # 15 tomorrow
    fifteen = person(network, "posyandu_pustu", date(2011, 3, 10))  # 15 today
    fifty_nine = person(network, "posyandu_pkm", date(1966, 3, 11))  # 60 tomorrow
    sixty_seven = person(network, "posyandu_pkm", date(1959, 1, 5))
    for someone in (fourteen, fifteen, fifty_nine, sixty_seven):
        record(someone, DAY, "ptm", ["PTM_SCREENING"], systolic=120, diastolic=80)

    pustu, pkm = network["36.01"]["posyandu_pustu"].pk, network["36.01"]["posyandu_pkm"].pk
    assert counted_everywhere("PTM_PRODUKTIF") == {(pustu, date(YEAR, 3, 1)): 1, (pkm, date(YEAR, 3, 1)): 1}


def test_elderly_screening_counts_people_from_their_60th_birthday(record, network):
    engine.rebuild("36.01", YEAR)
    fifty_nine = person(network, "posyandu_pustu", date(1966, 3, 11))
    sixty = person(network, "posyandu_pkm", date(1966, 3, 10))
    sixty_seven = person(network, "posyandu_b", date(1959, 1, 5))
    for someone in (fifty_nine, sixty, sixty_seven):
        record(someone, DAY, "lansia", ["LANSIA_SCREENING"], adl=20)

    pkm, b = network["36.01"]["posyandu_pkm"].pk, network["36.01"]["posyandu_b"].pk
    assert counted_everywhere("LANSIA_SKRINING") == {(pkm, date(YEAR, 3, 1)): 1, (b, date(YEAR, 3, 1)): 1}
