"""The second connection a run reads on: opened at once on its own thread,
it runs the reads given to it while the caller goes on; inside a
transaction (where it would not see the caller's rows) a read runs in the
caller, when its result is asked for."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from reports.evaluation import SecondConnection


def backend():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def backends():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        return {pid for (pid,) in cursor.fetchall()}


on_a_server = pytest.mark.skipif(not settings.IS_POSTGRES, reason="a second connection of its own on a server only")


@on_a_server
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_reads_run_on_another_connection_and_thread_that_closes_when_done():
    here = backend()
    with SecondConnection(few=True) as helper:
        there = helper.submit(lambda: (threading.current_thread().name, backend()))
        settings_there = helper.submit(lambda: _setting("enable_seqscan"))
        name, pid = there.result()
        assert name == "coverage-read" and pid != here
        assert settings_there.result() == "off"  # a refresh's settings
    assert pid not in backends()


@on_a_server
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_read_raises_where_its_result_is_asked_for_and_later_reads_still_run():
    with SecondConnection() as helper:
        failing = helper.submit(lambda: 1 / 0)
        later = helper.submit(lambda: 42)
        with pytest.raises(ZeroDivisionError):
            failing.result()
        assert later.result() == 42


@pytest.mark.django_db
def test_inside_a_transaction_a_read_runs_here_when_its_result_is_asked_for():
    ran = []
    with SecondConnection() as helper:
        read = helper.submit(lambda: ran.append(threading.current_thread().name) or len(ran))
        assert ran == []
        assert read.result() == 1 and read.result() == 1
    assert ran == [threading.current_thread().name]


def _setting(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]
