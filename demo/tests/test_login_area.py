"""The demo is realistic where its logins land: the Puskesmas of the demo
logins is seeded at real density, with the coverage and the missed services
of a real one (issue 19), while the rest of the district stays sparse."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings

from clusters.models import Visit
from facilities.models import Facility, FacilityType, User
from facilities.tests.factories import import_real_provinces
from followup.models import DueItem, HomeVisit, Outcome, PersonExit
from patients.models import Patient, Pregnancy, PregnancyStatus
from reports.models import CoverageFact

TODAY = date(2026, 12, 4)
FIRST_OF_MONTH = TODAY.replace(day=1)
LAST_MONTH = (FIRST_OF_MONTH - timedelta(days=1)).replace(day=1)  # the latest complete month
VITAMIN_A_ROUND = date(2026, 8, 1)  # the last February or August before this month
SPARSE_PEOPLE = 300


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Banten's regions and the demo with its logins' Puskesmas at real
    density (and 300 people over the rest of Pandeglang), seeded once for
    the module in a transaction rolled back after its last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
            import_real_provinces(tmp_path_factory.mktemp("regions"), "36")
            out = StringIO()
            call_command("seed_demo", "--people", str(SPARSE_PEOPLE), "--login-area", "--today", TODAY.isoformat(),
                         stdout=out)
        # The seed's deferred constraint checks, once here rather than at the end of every test.
        connection.check_constraints()
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def kader_posyandu(seeded, db):
    return User.objects.get(username="kader").scope_facility


@pytest.fixture
def login_posyandu(seeded, db):
    puskesmas = User.objects.get(username="kapus").scope_facility
    return list(Facility.objects.filter(puskesmas=puskesmas, type=FacilityType.POSYANDU, active=True))


def months_old(birth: date, day: date) -> int:
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


def people_at(posyandu):
    ids = [p.pk for p in posyandu] if isinstance(posyandu, list) else [posyandu.pk]
    return Patient.objects.filter(household__posyandu__in=ids)


def balita_at(posyandu, day: date) -> list[Patient]:
    return [p for p in people_at(posyandu).only("birth_date") if p.birth_date <= day
            and months_old(p.birth_date, day) < 60]


def visited(posyandu, codes, since=None, before=None) -> dict[int, date]:
    """{patient: last visit day} of the visits with one of the services."""
    visits = Visit.objects.filter(patient__in=people_at(posyandu), services__code__in=codes)
    if since:
        visits = visits.filter(date__gte=since)
    if before:
        visits = visits.filter(date__lt=before)
    out = {}
    for patient, day in visits.values_list("patient_id", "date"):
        out[patient] = max(day, out.get(patient, day))
    return out


def test_the_kaders_posyandu_has_60_to_100_balita(kader_posyandu):
    assert 60 <= len(balita_at(kader_posyandu, TODAY)) <= 100


def test_every_posyandu_of_the_login_puskesmas_is_at_real_density_on_a_young_pyramid(login_posyandu):
    assert len(login_posyandu) > 10
    for posyandu in login_posyandu:
        assert 60 <= len(balita_at(posyandu, TODAY)) <= 100, posyandu
    births = list(people_at(login_posyandu).values_list("birth_date", flat=True))
    years = [months_old(b, TODAY) // 12 for b in births]
    assert 0.08 <= sum(y < 5 for y in years) / len(years) <= 0.10
    assert 0.55 <= sum(15 <= y < 60 for y in years) / len(years) <= 0.70
    assert 0.07 <= sum(y >= 60 for y in years) / len(years) <= 0.13
    pregnant = Pregnancy.objects.filter(patient__in=people_at(login_posyandu), status=PregnancyStatus.ONGOING)
    assert 0.01 <= pregnant.count() / len(births) <= 0.02
    # Newborns and their mothers, just delivered.
    recent = TODAY - timedelta(days=42)
    assert sum(b > recent for b in births) >= 20
    assert Pregnancy.objects.filter(patient__in=people_at(login_posyandu), status=PregnancyStatus.DELIVERED,
                                    ended_on__gt=recent).count() >= 20


def test_the_rest_of_the_district_stays_sparse(seeded, login_posyandu):
    dense = people_at(login_posyandu).count()
    everyone = Patient.objects.filter(household__posyandu__district_id="36.01", provisional=False).count()
    assert everyone == dense + SPARSE_PEOPLE
    assert re.search(rf"of whom {dense} at real density in Puskesmas \w+: {len(login_posyandu)} Posyandu", seeded)


def test_about_three_quarters_of_the_balita_were_weighed_in_the_latest_complete_month(kader_posyandu,
                                                                                       login_posyandu):
    month_end = FIRST_OF_MONTH - timedelta(days=1)

    def weighed(posyandu):
        ids = [p.pk for p in posyandu] if isinstance(posyandu, list) else [posyandu.pk]
        facts = CoverageFact.objects.filter(district_id="36.01", posyandu__in=ids, month=LAST_MONTH, indicator="D")
        return sum(facts.values_list("numerator", flat=True))

    assert 0.6 <= weighed(kader_posyandu) / len(balita_at(kader_posyandu, month_end)) <= 0.9
    assert 0.7 <= weighed(login_posyandu) / len(balita_at(login_posyandu, month_end)) <= 0.85


def test_some_balita_have_not_been_weighed_for_two_months_or_more(kader_posyandu):
    weighed = visited(kader_posyandu, ["WEIGHING"], since=LAST_MONTH)
    old_enough = [p for p in balita_at(kader_posyandu, TODAY) if (TODAY - p.birth_date).days >= 91]
    missed = [p for p in old_enough if p.pk not in weighed]
    assert 0 < len(missed) < len(old_enough) / 3


def test_a_child_dropped_out_of_immunisation_after_a_first_dose(kader_posyandu):
    """A dose of a series given, the next one missed more than a month after it fell due."""
    from clusters.immunisation import SCHEDULE

    given = {}
    rows = Visit.services.through.objects.filter(visit__patient__in=people_at(kader_posyandu),
                                                 service__code__startswith="IMM_")
    for patient, code in rows.values_list("visit__patient_id", "service__code"):
        given.setdefault(patient, set()).add(code)
    born = dict(people_at(kader_posyandu).values_list("pk", "birth_date"))
    due = {code: days for code, days, _, _ in SCHEDULE}
    drop_outs = [
        patient for patient, codes in given.items()
        for first, then in (("IMM_DPT1", "IMM_DPT2"), ("IMM_DPT2", "IMM_DPT3"), ("IMM_OPV2", "IMM_OPV3"),
                            ("IMM_PCV1", "IMM_PCV2"), ("IMM_IPV1", "IMM_IPV2"), ("IMM_MR1", "IMM_MR2"))
        if first in codes and then not in codes and (TODAY - born[patient]).days > due[then] + 28
    ]
    assert drop_outs


def test_some_pregnancies_are_overdue_for_their_antenatal_care(login_posyandu):
    """Ongoing, past the first trimester, and no ANC visit in the last 8 weeks."""
    anc = visited(login_posyandu, [f"ANC_K{k}" for k in range(1, 7)])
    pregnancies = [p for p in Pregnancy.objects.filter(patient__in=people_at(login_posyandu),
                                                       status=PregnancyStatus.ONGOING)
                   if (TODAY - p.last_menstrual_period).days >= 14 * 7]
    overdue = [p for p in pregnancies if (TODAY - anc.get(p.patient_id, date.min)).days > 56]
    assert 0 < len(overdue) < len(pregnancies) / 3


def test_a_hypertension_patient_missed_last_months_control(kader_posyandu):
    in_care = visited(kader_posyandu, ["HT_CARE"], before=LAST_MONTH)
    last_month = visited(kader_posyandu, ["HT_CARE", "DM_CARE"], since=LAST_MONTH, before=FIRST_OF_MONTH)
    assert len(in_care) >= 5
    missed = set(in_care) - set(last_month)
    assert missed and len(missed) < len(in_care)


def test_some_postpartum_mothers_and_newborns_missed_their_visits(login_posyandu):
    """Delivered in the last 42 days: some missed a KF (a newborn a KN) whose window has closed, others did not."""
    recent = TODAY - timedelta(days=42)
    kf_closes, kn_closes = {"KF1": 2, "KF2": 7, "KF3": 28}, {"KN1": 2, "KN2": 7, "KN3": 28}

    def missed(person_days, closes):
        given = {}
        rows = Visit.services.through.objects.filter(visit__patient__in=list(person_days), visit__date__gte=recent,
                                                     service__code__in=list(closes))
        for patient, code in rows.values_list("visit__patient_id", "service__code"):
            given.setdefault(patient, set()).add(code)
        return [any((TODAY - day).days > last and code not in given.get(person, ()) for code, last in closes.items())
                for person, day in person_days.items() if (TODAY - day).days > 7]

    mothers = dict(Pregnancy.objects.filter(patient__in=people_at(login_posyandu), ended_on__gt=recent,
                                            status=PregnancyStatus.DELIVERED).values_list("patient_id", "ended_on"))
    babies = dict(people_at(login_posyandu).filter(birth_date__gt=recent).values_list("pk", "birth_date"))
    for flags in (missed(mothers, kf_closes), missed(babies, kn_closes)):
        assert any(flags) and not all(flags)


def test_some_missed_vitamin_a_in_the_last_round_and_most_adults_are_not_screened_yet_this_year(kader_posyandu):
    round_day = VITAMIN_A_ROUND.replace(day=15)
    given = visited(kader_posyandu, ["VIT_A"], since=VITAMIN_A_ROUND, before=VITAMIN_A_ROUND + timedelta(days=31))
    eligible = [p for p in balita_at(kader_posyandu, round_day) if months_old(p.birth_date, round_day) >= 6
                and months_old(p.birth_date, TODAY) < 60]
    missed = [p for p in eligible if p.pk not in given]
    assert 0 < len(missed) < len(eligible) / 2
    screened = visited(kader_posyandu, ["PTM_SCREENING", "LANSIA_SCREENING"], since=TODAY.replace(month=1, day=1))
    adults = [p.pk for p in people_at(kader_posyandu).only("birth_date") if months_old(p.birth_date, TODAY) >= 180]
    assert 0 < len(set(adults) & set(screened)) < 0.7 * len(adults)


def test_the_kaders_due_list_holds_each_kind_of_missed_service(kader_posyandu):
    overdue = DueItem.objects.filter(posyandu=kader_posyandu, overdue_on__lte=TODAY).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=TODAY))
    assert {"weighing", "immunisation", "vitamin_a", "chronic", "ptm"} <= set(overdue.values_list("rule", flat=True))
    # Not weighed this month or last (a weight taken at any visit counts, as for D): every balita born
    # before last month without a weight since then.
    weighed = set(Visit.objects.filter(patient__in=people_at(kader_posyandu), date__gte=LAST_MONTH,
                                       measurement__weight_kg__isnull=False).values_list("patient_id", flat=True))
    left = set(PersonExit.objects.values_list("patient_id", flat=True))
    expected = {p.pk for p in balita_at(kader_posyandu, TODAY) if p.birth_date < LAST_MONTH and p.pk not in weighed
                and p.pk not in left}
    assert set(overdue.filter(rule="weighing").values_list("patient_id", flat=True)) == expected


def test_home_visits_in_the_login_area_have_every_outcome_and_some_brought_people_back(kader_posyandu):
    visits = HomeVisit.objects.filter(household__posyandu__puskesmas=kader_posyandu.puskesmas)
    assert set(visits.values_list("outcome", flat=True)) == set(Outcome.values)
    left = PersonExit.objects.filter(patient__household__posyandu__puskesmas=kader_posyandu.puskesmas)
    assert not DueItem.objects.filter(patient__in=left.values("patient")).exists()
    back = [v for v in visits.filter(outcome="referred") if Visit.objects.filter(
        patient=v.patient, date__gte=v.date, date__lte=v.date + timedelta(days=30)).exists()]
    assert back
