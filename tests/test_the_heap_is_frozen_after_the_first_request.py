"""After a process has served its first request, what it holds for its
lifetime is out of the garbage collector's full passes (ilp.heap), and
garbage made before it was freed, not frozen."""

import gc
import weakref

from django.test import Client

from ilp import heap
from tests.fresh_process import Cycle, printed

SERVE_ONE = """
import django, gc
django.setup()
from django.test import Client
before = gc.get_freeze_count()
status = Client().get("/masuk/").status_code
print(status, before, gc.get_freeze_count())
"""


def test_a_process_freezes_its_heap_once_it_has_served_a_request():
    # The login page reads no table: an empty in-memory database serves it.
    status, before, after = map(int, printed(SERVE_ONE)[-3:])
    assert status == 200 and before == 0 and after > 0


def test_a_served_request_freezes_the_heap_after_freeing_its_garbage(db):
    gc.unfreeze()
    heap.connect()  # as at start-up: an earlier test's request may have frozen the heap already
    garbage = Cycle()
    freed = weakref.ref(garbage)
    del garbage  # a cycle: only the collector frees it

    assert Client().get("/masuk/").status_code == 200

    assert gc.get_freeze_count() > 0
    assert freed() is None


def test_only_the_first_request_freezes(db):
    heap.connect()
    Client().get("/masuk/")
    gc.unfreeze()

    Client().get("/masuk/")

    assert gc.get_freeze_count() == 0
