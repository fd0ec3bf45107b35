"""After a process has served its first request, what it holds for its
lifetime is out of the garbage collector's full passes (ilp.heap), and
garbage made before it was freed, not frozen."""

import gc
import os
import subprocess
import sys
import weakref

from django.test import Client

from ilp import heap

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
    env = {**os.environ, "DATABASE_URL": "sqlite://:memory:"}
    out = subprocess.run([sys.executable, "-c", SERVE_ONE], capture_output=True, text=True, check=True,
                         env=env).stdout
    status, before, after = map(int, out.split()[-3:])
    assert status == 200 and before == 0 and after > 0


class Cycle:
    def __init__(self):
        self.me = self


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
