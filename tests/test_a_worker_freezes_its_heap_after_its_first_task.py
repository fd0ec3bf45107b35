"""A Celery worker's process takes what it holds for its lifetime out of the
garbage collector's full passes once it has run its first task (ilp.heap,
decision 38), as a web process does after its first request."""

import gc
import weakref

from ilp import heap
from ilp.celery import app
from tests.fresh_process import Cycle, printed

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
    before, during, after = map(int, printed(RUN_ONE)[-3:])
    assert before == 0 and during == 0 and after > 0


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
