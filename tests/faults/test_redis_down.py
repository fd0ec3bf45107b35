"""Redis stopped while health workers save visits: the saves succeed (visit
entry writes PostgreSQL only, the change log included) and, once Redis is
back, the scheduled refresh catches up from the log."""

import uuid
from datetime import date

import pytest
from django.utils import timezone

from clusters.models import CoverageChange, Service, Visit
from patients.tests.factories import HouseholdFactory, PatientFactory
from reports import engine

from .conftest import (
    CeleryWorker,
    database_url_for_subprocesses,
    fact_rows,
    needs_postgres,
    needs_redis_server,
    service_env,
    wait_for,
)

pytestmark = [pytest.mark.faults, needs_postgres, needs_redis_server,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visits_are_saved_while_redis_is_down_and_the_refresh_catches_up_when_it_returns(
        district_visits, throwaway_redis, cast, network, client, settings, tmp_path):
    # The app's cache and broker are the Redis we are about to stop.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": throwaway_redis.url}}
    year = district_visits
    engine.rebuild("36.01", year)
    assert not CoverageChange.objects.exists()
    before_outage = fact_rows()
    worker = CeleryWorker(service_env(DATABASE_URL=database_url_for_subprocesses(), REDIS_URL=throwaway_redis.url,
                                      COVERAGE_REFRESH_SECONDS="2"), tmp_path / "worker.log", beat=True)
    worker.start()
    try:
        throwaway_redis.stop()
        puskesmas = network["36.01"]["puskesmas"]
        screening = Service.objects.get(code="PTM_SCREENING")
        client.force_login(cast["petugas"])
        today = timezone.localdate()
        for i in range(6):
            adult = PatientFactory(household=HouseholdFactory(posyandu=network["36.01"]["posyandu_pkm"]),
                                   birth_date=date(1975 + i, 3, 3))
            response = client.post(f"/kunjungan/pasien/{adult.pk}/ptm/baru/", {
                "date": today.isoformat(), "facility": puskesmas.pk, "setting": "gedung",
                "services": [screening.pk], "systolic": "130", "diastolic": "85",
                "submission_key": str(uuid.uuid4()),
            })
            assert response.status_code == 302, response.content[:500]
        assert Visit.objects.filter(date=today, package="ptm").count() == 6
        assert CoverageChange.objects.count() == 6  # the dirty marks wait in PostgreSQL
        client.force_login(cast["dinkes"])
        assert client.get("/laporan/pws/kab/36.01/").status_code == 200  # dashboards read facts, not Redis

        throwaway_redis.start()  # empty: whatever was queued before is gone, the log is not
        wait_for(lambda: not CoverageChange.objects.exists(), 90, "the scheduled refresh to consume the log")
        assert worker.proc.poll() is None, "the worker survived the outage"
    finally:
        worker.stop()
    refreshed = fact_rows()
    assert refreshed != before_outage  # the visits saved during the outage count
    engine.rebuild("36.01", year)
    assert refreshed == fact_rows()  # exactly as a full rebuild counts them
