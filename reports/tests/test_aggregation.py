"""Facts: rebuild, incremental refresh from the change log, faults, lock."""

import random
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from clusters import changes
from clusters.models import CoverageChange, Measurement
from facilities.models import Facility
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine
from reports.engine.people import counted
from reports.indicators import BY_CODE
from reports.models import AggregationRun, CoverageFact, CoverageSubject, CoverageYear
from reports.pws.areas import posyandu_area

YEAR = 2026


def snapshot():
    return sorted(CoverageFact.objects.values_list("posyandu_id", "month", "indicator", "numerator", "denominator"))


@pytest.fixture
def weighings(record, network):
    """Thirty children across the district's Posyandu, weighed on random days."""
    rng = random.Random(5)
    posyandu = [network["36.01"][k] for k in ("posyandu_pustu", "posyandu_pkm", "posyandu_b")]
    for i in range(30):
        hh = HouseholdFactory(posyandu=posyandu[i % 3])
        child = PatientFactory(household=hh, sex="LP"[i % 2], birth_date=date(2025, 1, 1) + timedelta(days=i * 7))
        for month in rng.sample(range(1, 11), 4):
            record(child, date(YEAR, month, rng.randint(1, 28)), "balita", ["WEIGHING"],
                   weight_kg=Decimal("8") + Decimal(month) / 5, facility=rng.choice(posyandu))
    return posyandu


def test_a_rebuild_twice_gives_identical_facts(weighings):
    engine.rebuild("36.01", YEAR)
    first = snapshot()
    assert first
    engine.rebuild("36.01", YEAR)
    assert snapshot() == first


def test_facts_at_every_level_equal_a_direct_count_from_visits(weighings, network):
    engine.rebuild("36.01", YEAR)
    # Direct count: distinct children weighed per month, where they live.
    direct = Counter()
    rows = Measurement.objects.filter(visit__date__year=YEAR, weight_kg__isnull=False).values_list(
        "visit__patient_id", "visit__patient__household__posyandu_id", "visit__date")
    seen = set()
    for patient, posyandu, day in rows:
        key = (patient, day.replace(day=1))
        if key not in seen:
            seen.add(key)
            direct[(posyandu, day.replace(day=1))] += 1
    facts = CoverageFact.objects.filter(indicator="D")
    assert {(f.posyandu_id, f.month): f.numerator for f in facts} == dict(direct)
    # And summed upward: each Puskesmas, Pustu and the district.
    network_of = {f.pk: f for f in Facility.objects.filter(pk__in=[p.pk for p in weighings])}
    for level in ("puskesmas_id", "parent_id", "district_id"):
        expected = Counter()
        for (posyandu, _month), n in direct.items():
            expected[getattr(network_of[posyandu], level)] += n
        got = Counter()
        for f in facts.select_related("posyandu"):
            got[getattr(f.posyandu, level)] += f.numerator
        assert got == expected, level


def test_a_refresh_picks_up_a_new_visit_and_consumes_the_log(weighings, record, network):
    engine.rebuild("36.01", YEAR)
    assert not CoverageChange.objects.exists()
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[0]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 11, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    assert CoverageChange.objects.count() == 1
    before = CoverageFact.objects.filter(indicator="D", month=date(YEAR, 11, 1)).aggregate(n=Sum("numerator"))["n"]
    result = engine.refresh()
    after = CoverageFact.objects.filter(indicator="D", month=date(YEAR, 11, 1)).aggregate(n=Sum("numerator"))["n"]
    assert (before or 0) + 1 == after
    assert result["cells"] == 1 and not CoverageChange.objects.exists()


def test_a_refresh_equals_a_full_rebuild(weighings, record):
    engine.rebuild("36.01", YEAR)
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[1]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 2, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.refresh()
    incremental = snapshot()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == incremental


def test_running_a_refresh_twice_gives_identical_facts(weighings, record):
    engine.rebuild("36.01", YEAR)
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[2]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 5, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.refresh()
    once = snapshot()
    engine.refresh()
    assert snapshot() == once


def test_a_refresh_killed_halfway_leaves_the_previous_facts_and_the_log(weighings, record, monkeypatch):
    engine.rebuild("36.01", YEAR)
    before = snapshot()
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[0]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 7, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))

    def crash(*args, **kwargs):
        raise SystemExit("worker killed")

    with monkeypatch.context() as m:
        m.setattr(changes, "consume", crash)  # the last write of the run's transaction
        with pytest.raises(SystemExit):
            engine.refresh()
    assert snapshot() == before and CoverageChange.objects.count() == 1
    engine.refresh()
    assert not CoverageChange.objects.exists() and snapshot() != before


def test_two_runs_of_one_district_never_overlap(weighings):
    import threading

    from django.db import connection

    held, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with engine.district_lock("36.01"):
                held.set()
                release.wait(10)
        finally:
            connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    try:
        assert held.wait(10)
        with pytest.raises(engine.DistrictBusy):
            engine.rebuild("36.01", YEAR)
        with engine.district_lock("36.02"):
            pass  # another district may run meanwhile
    finally:
        release.set()
        worker.join()
    engine.rebuild("36.01", YEAR)  # released afterwards
    assert CoverageFact.objects.exists()


def test_each_fact_says_when_it_was_computed(weighings):
    engine.rebuild("36.01", YEAR)
    assert not CoverageFact.objects.filter(computed_at__isnull=True).exists()


def test_visit_entry_works_and_the_log_waits_when_redis_is_down(settings, record, child_factory):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    child = child_factory(age_days=300)
    record(child, date(YEAR, 3, 3), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    assert CoverageChange.objects.count() == 1


def test_the_command_rebuilds_and_refreshes(weighings, capsys):
    call_command("aggregate_coverage", "--district", "36.01", "--year", str(YEAR), "--full")
    call_command("aggregate_coverage")
    out = capsys.readouterr().out
    assert "rebuilt 36.01 2026" in out and "refreshed" in out
    assert CoverageFact.objects.exists()


def test_a_dinkes_user_starts_a_rebuild_and_sees_it_finish(client, cast, weighings, django_capture_on_commit_callbacks):
    client.force_login(cast["dinkes"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/laporan/agregasi/", {"tahun": str(YEAR)})
    assert response.status_code == 302
    run = AggregationRun.objects.get()
    assert (run.status, run.done, run.total) == ("done", run.total, run.total) and run.total > 0
    assert client.get(f"/laporan/agregasi/{run.pk}.json").json()["status"] == "done"
    html = client.get("/laporan/pws/kab/36.01/klaster/?tahun=2026&bulan=10").content.decode()
    assert 'data-indicator="D"' in html


def test_a_kader_cannot_start_a_rebuild(client, cast):
    client.force_login(cast["kader"])
    assert client.post("/laporan/agregasi/", {"tahun": str(YEAR)}).status_code == 403


def test_the_coverage_page_shows_target_and_percent_or_no_target(client, cast, weighings):
    from reports.models import Target

    engine.rebuild("36.01", YEAR)
    Target.objects.create(region_id="36.01", year=YEAR, group="ibu_hamil", number=200)
    Target.objects.create(region_id="36.01", year=YEAR, group="balita", number=40)
    client.force_login(cast["dinkes"])
    html = client.get(f"/laporan/pws/kab/36.01/klaster/?tahun={YEAR}&bulan=10").content.decode()
    d_row = html.split('data-indicator="D"')[1].split("</tr>")[0]
    assert 'class="text-end target">40<' in d_row and 'class="text-end pct">—' not in d_row
    k1_row = html.split('data-indicator="K1"')[1].split("</tr>")[0]
    assert 'class="text-end target">200<' in k1_row
    tb_row = html.split('data-indicator="HT_SERVED"')[1].split("</tr>")[0]
    assert "tanpa sasaran" in tb_row


def test_a_national_admin_must_name_the_district_to_rebuild(client, cast):
    client.force_login(cast["admin"])
    response = client.post("/laporan/agregasi/", {"tahun": str(YEAR)})
    assert response.status_code == 302 and not AggregationRun.objects.exists()


def test_a_refresh_of_a_district_year_never_built_evaluates_it_whole(weighings, record):
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[1]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 4, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    engine.refresh()  # no stored state to move from: everyone is counted, not only this child
    incremental = snapshot()
    assert not CoverageChange.objects.exists() and CoverageYear.objects.filter(year=YEAR).exists()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == incremental


def test_a_refresh_re_evaluates_only_the_people_the_log_names(weighings, record):
    engine.rebuild("36.01", YEAR)
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[0]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 11, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    assert CoverageChange.objects.get().patient_id == child.pk
    assert engine.refresh()["people"] == 1
    assert (child.pk, 0) in counted(BY_CODE["D"], posyandu_area(weighings[0].pk), YEAR, 11)
    stored = CoverageSubject.objects.filter(patient=child, year=YEAR).values_list("months", "digest").get()
    engine.rebuild("36.01", YEAR)
    assert CoverageSubject.objects.filter(patient=child, year=YEAR).values_list("months", "digest").get() == stored


def test_corrections_and_merges_refresh_to_what_a_rebuild_gives(weighings, record, cast):
    from clusters.models import Service
    from clusters.services import visit_update
    from patients.services import patients_merge

    engine.rebuild("36.01", YEAR)
    a = PatientFactory(household=HouseholdFactory(posyandu=weighings[0]), birth_date=date(2025, 6, 1))
    b = PatientFactory(household=HouseholdFactory(posyandu=weighings[2]), birth_date=date(2025, 6, 1))
    first = record(a, date(YEAR, 3, 3), "balita", ["WEIGHING", "VIT_A"], weight_kg=Decimal("9"))
    record(b, date(YEAR, 5, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9.2"))
    engine.refresh()
    # Moved to another month without vitamin A, then the two records merged.
    visit_update(by=cast["petugas"], visit=first, date=date(YEAR, 6, 9), services=list(
        Service.objects.filter(code="WEIGHING")), measurements={"weight_kg": Decimal("9.1")}, setting="gedung")
    patients_merge(by=cast["admin"], kept=a, duplicate=b)
    engine.refresh()
    incremental = snapshot()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == incremental


def test_log_rows_without_a_person_of_an_area_where_nobody_lives_change_nothing(network):
    empty = network["36.01"]["posyandu_b"]
    engine.rebuild("36.01", YEAR)
    CoverageChange.objects.create(desa_id=empty.region_id, posyandu=empty, month=date(YEAR, 5, 1))

    result = engine.refresh()

    assert result["people"] == 0
    assert not CoverageChange.objects.exists()
    assert snapshot() == []


def test_log_rows_without_a_person_stand_for_their_whole_area(weighings, record):
    engine.rebuild("36.01", YEAR)
    child = PatientFactory(household=HouseholdFactory(posyandu=weighings[1]), birth_date=date(2025, 6, 1))
    record(child, date(YEAR, 8, 3), "balita", ["WEIGHING"], weight_kg=Decimal("9"))
    CoverageChange.objects.update(patient=None)
    result = engine.refresh()
    assert result["people"] > 1
    incremental = snapshot()
    engine.rebuild("36.01", YEAR)
    assert snapshot() == incremental
