"""With a Celery worker (tasks not eager): a save queues a refresh of its
district with a countdown once committed; saves while it waits queue none;
once it starts, the next save queues the next one. A queue or cache out of
reach never fails the save."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache

from clusters.models import Visit
from reports.tasks import refresh_district

from .refresh_helpers import YEAR, child, count


@pytest.fixture
def with_worker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.COVERAGE_REFRESH_AFTER_SAVE = True
    settings.COVERAGE_REFRESH_COUNTDOWN_SECONDS = 10
    cache.clear()
    with mock.patch.object(refresh_district, "apply_async") as queued:
        yield queued
    cache.clear()


def save(record, network, capture, day=6):
    with capture(execute=True):
        record(child(network), date(YEAR, 3, day), "balita", ["WEIGHING"], weight_kg=Decimal("8"))


def test_a_save_queues_one_refresh_of_its_district_with_a_countdown(
        with_worker, record, network, django_capture_on_commit_callbacks):
    save(record, network, django_capture_on_commit_callbacks)
    with_worker.assert_called_once_with(args=["36.01"], countdown=10, retry=False)


def test_a_second_save_while_the_refresh_waits_queues_none(
        with_worker, record, network, django_capture_on_commit_callbacks):
    save(record, network, django_capture_on_commit_callbacks)
    save(record, network, django_capture_on_commit_callbacks, day=7)
    assert with_worker.call_count == 1


def test_once_the_refresh_has_started_the_next_save_queues_another(
        with_worker, record, network, django_capture_on_commit_callbacks):
    save(record, network, django_capture_on_commit_callbacks)
    refresh_district.apply(args=["36.01"]).get()  # what the worker does when the countdown ends
    assert count("D", 3) == 1
    save(record, network, django_capture_on_commit_callbacks, day=7)
    assert with_worker.call_count == 2


def test_nothing_is_queued_before_the_save_commits(with_worker, record, network):
    record(child(network), date(YEAR, 3, 6), "balita", ["WEIGHING"], weight_kg=Decimal("8"))
    with_worker.assert_not_called()  # the test's transaction is still open


def test_a_save_succeeds_when_the_queue_and_the_cache_are_out_of_reach(
        settings, record, network, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.COVERAGE_REFRESH_AFTER_SAVE = True
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0"}}
    save(record, network, django_capture_on_commit_callbacks)
    assert Visit.objects.count() == 1
