"""What the runs tests share: another worker holding a district, and
waiting for what a background refresh does."""

import threading
import time
from contextlib import contextmanager

from django.db import OperationalError, connection

from reports import engine


@contextmanager
def another_worker_aggregating(district):
    """The district's lock held by another connection, as a live worker holds it."""
    held, done = threading.Event(), threading.Event()

    def worker():
        try:
            with engine.district_lock(district):
                held.set()
                done.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert held.wait(10)
        yield
    finally:
        done.set()
        thread.join()



def eventually(predicate, seconds=30):
    """Poll until `predicate()` holds. SQLite may answer "locked" while the
    refresh writes: that is a moment to wait, not a failure."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OperationalError:
            pass
        time.sleep(0.1)
    return False
