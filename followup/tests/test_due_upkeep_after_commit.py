"""With a Celery worker the due items are recomputed after the commit: the
write marks its households, a task drains the marks, and marks left by a
lost message are drained by the next run; the result is the rebuild's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clusters.models import Service
from clusters.services import visit_record
from followup.models import DueItem, DueStale
from followup.tests.test_due_table_follows_every_write import assert_same_as_rebuild, items_of
from followup.upkeep import drain
from patients import services as people

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def after_commit(settings):
    settings.DUE_UPKEEP_AFTER_COMMIT = True


@pytest.fixture
def child(network, cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        household = people.household_register(by=cast["kader"], posyandu=network["36.01"]["posyandu_pustu"])
        return people.patient_register(by=cast["kader"], household=household, name="Rizki", sex="L",
                                       birth_date=TODAY - timedelta(days=400), confirm_warnings=True)


def weigh(cast, network, child):
    return visit_record(by=cast["kader"], patient=child, facility=network["36.01"]["posyandu_pustu"], date=TODAY,
                        package="balita", services=list(Service.objects.filter(code="WEIGHING")),
                        measurements={"weight_kg": 9.5}, confirm_warnings=True)


def test_a_saved_visit_reaches_the_due_list_once_committed(after_commit, cast, network, child,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        weigh(cast, network, child)
        # Inside the transaction only the mark is written.
        assert items_of(child)["WEIGHING"].due_on <= TODAY
        assert DueStale.objects.filter(household_id=child.household_id).exists()
    assert callbacks
    assert items_of(child)["WEIGHING"].due_on > TODAY
    assert not DueStale.objects.exists()
    assert_same_as_rebuild()


def test_marks_left_by_a_lost_message_are_drained_by_the_next_run(after_commit, cast, network, child,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):  # the queued task never runs
        weigh(cast, network, child)
    assert DueStale.objects.count() == 1
    assert drain() == 1
    assert items_of(child)["WEIGHING"].due_on > TODAY
    assert drain() == 0
    assert_same_as_rebuild()


def test_without_a_worker_the_write_itself_keeps_the_list(cast, network, child):
    weigh(cast, network, child)
    assert items_of(child)["WEIGHING"].due_on > TODAY
    assert not DueStale.objects.exists()
    assert DueItem.objects.filter(patient=child).exists()
