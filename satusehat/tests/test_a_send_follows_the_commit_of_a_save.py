"""A save that queued operations brings a send after its commit: a task
with a broker (one waiting at a time), a thread in this process in the
embedded default; never before the commit, and not for a rolled back save."""

import threading
import time
from unittest import mock

import pytest
from django.db import transaction

from satusehat import trigger

from .conftest import weighing


@pytest.fixture
def after_save(settings):
    settings.SATUSEHAT_SEND_AFTER_SAVE = True
    return settings


def test_with_a_broker_the_task_is_queued_after_the_commit(after_save, registered, cast, network,
                                                           django_capture_on_commit_callbacks):
    after_save.CELERY_TASK_ALWAYS_EAGER = False
    with mock.patch("satusehat.tasks.send.apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            weighing(cast, registered["son"], network)
            weighing(cast, registered["son"], network, days_ago=1)
        assert not queued.called  # not before the commit
        for callback in callbacks:
            callback()
    assert queued.call_count == 1  # one waiting at a time


def test_embedded_a_thread_sends_after_the_commit(after_save, registered, cast, network,
                                                  django_capture_on_commit_callbacks):
    after_save.CELERY_TASK_ALWAYS_EAGER = True
    with mock.patch.object(trigger._runner, "kick") as kick:
        with django_capture_on_commit_callbacks(execute=True):
            weighing(cast, registered["son"], network)
    assert kick.call_count == 1


def test_a_rolled_back_save_brings_no_send(after_save, registered, cast, network,
                                           django_capture_on_commit_callbacks):
    with mock.patch.object(trigger._runner, "kick") as kick:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(RuntimeError), transaction.atomic():
                weighing(cast, registered["son"], network)
                raise RuntimeError
    assert not kick.called


def test_a_kick_while_sending_drains_again():
    runs, release = [], threading.Event()

    def drain():
        runs.append(1)
        if len(runs) == 1:
            release.wait(5)
        return {}

    runner = trigger.Runner()
    with mock.patch("satusehat.sender.drain", drain), mock.patch("satusehat.trigger.connection"), \
            mock.patch.object(runner, "_come_back"):
        runner.kick()
        time.sleep(0.05)
        runner.kick()
        runner.kick()
        release.set()
        assert runner.wait(5)
    assert len(runs) == 2
