"""A Celery worker's process takes what it holds for its lifetime out of the
garbage collector's full passes once it has run its first task (ilp.heap,
decision 38), as a web process does after its first request."""

import gc
import os
import subprocess
import sys
import weakref

from ilp import heap
from ilp.celery import app

RUN_ONE = """
import django, gc
django.setup()
from ilp.celery import app

@app.task(name="heap-probe")
def probe():
    return gc.get_freeze_count()

before = gc.get_freeze_count()
during = probe.apply().get()
print(before, during, gc.get_freeze_count())
"""


def test_a_process_freezes_its_heap_once_it_has_run_a_task():
    env = {**os.environ, "DATABASE_URL": "sqlite://:memory:"}
    out = subprocess.run([sys.executable, "-c", RUN_ONE], capture_output=True, text=True, check=True,
                         env=env).stdout
    before, during, after = map(int, out.split()[-3:])
    assert before == 0 and during == 0 and after > 0


class Cycle:
    def __init__(self):
        self.me = self


@app.task(name="tests.heap.nothing")
def nothing():
    return None


def test_a_task_freezes_the_heap_after_freeing_its_garbage():
    gc.unfreeze()
    heap.connect()  # as at start-up: an earlier task may have frozen the heap already
    garbage = Cycle()
    freed = weakref.ref(garbage)
    del garbage  # a cycle: only the collector frees it

    nothing.apply()

    assert gc.get_freeze_count() > 0
    assert freed() is None


def test_only_the_first_task_freezes():
    heap.connect()
    nothing.apply()
    gc.unfreeze()

    nothing.apply()

    assert gc.get_freeze_count() == 0
