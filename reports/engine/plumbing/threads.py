"""The second connection: reads wait on the disk as much as on a core, and
the machine has two, so a run reads on two connections at once."""

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future

from django.db import connection, connections

from .sql import reading


class SecondConnection:
    """A second PostgreSQL connection on its own thread ("coverage-read",
    with the settings of `reading(few)`), opened as soon as this is made, so
    that connecting overlaps the caller's work. It runs the reads submitted
    to it in turn while the caller goes on. On SQLite, or inside a
    transaction (tests: a second connection would not see its rows), a
    submitted read runs in the caller when its result is asked for. Rows
    written between the two connections' reads are the change log's to
    catch up with."""

    def __init__(self, few: bool = False):
        self.inline = connection.vendor != "postgresql" or connection.in_atomic_block
        if not self.inline:
            self.tasks: queue.SimpleQueue = queue.SimpleQueue()
            self.thread = threading.Thread(target=self._serve, args=(few,), name="coverage-read", daemon=True)
            self.thread.start()

    def _serve(self, few: bool) -> None:
        closed = False
        try:
            with reading(few):  # connects
                while (task := self.tasks.get()) is not None:
                    read, future = task
                    _settle(future, read)
                closed = True
        except BaseException as exc:  # the connection failed: every read still to come fails with it
            while not closed and (task := self.tasks.get()) is not None:
                task[1].set_exception(exc)
        finally:
            connections.close_all()  # this thread's connections only

    def submit(self, read: Callable) -> "Future | _Deferred":
        if self.inline:
            return _Deferred(read)
        future: Future = Future()
        self.tasks.put((read, future))
        return future

    def close(self) -> None:
        if not self.inline:
            self.tasks.put(None)
            self.thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _settle(future: Future, read: Callable) -> None:
    try:
        future.set_result(read())
    except BaseException as exc:  # re-raised where the result is asked for
        future.set_exception(exc)


class _Deferred:
    """A read run where and when its result is first asked for."""

    def __init__(self, read: Callable):
        self.read, self.future = read, None

    def result(self):
        if self.future is None:
            self.future = Future()
            _settle(self.future, self.read)
        return self.future.result()


def concurrently(here: Callable, there: Callable, few: bool = False) -> tuple:
    """(here(), there()), there() on a second connection at the same time."""
    with SecondConnection(few) as helper:
        elsewhere = helper.submit(there)
        value = here()
        return value, elsewhere.result()


def in_turns(parts: list, read: Callable) -> Callable[[], list]:
    """A function that reads, on whichever thread calls it, the parts no
    call has taken yet, until none are left; it returns what it read. Two
    connections calling it share the parts by how soon each is free."""
    parts, taking = list(parts), threading.Lock()

    def read_while_any() -> list:
        done = []
        while True:
            with taking:
                if not parts:
                    return done
                part = parts.pop()
            done.append(read(part))

    return read_while_any
