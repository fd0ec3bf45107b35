"""A saved visit reaches its district's figures without anyone asking.

Every transaction that logs coverage changes announces its districts after
commit (clusters.signals.coverage_changes_logged); `refresh_soon` then brings
a refresh of each district:

- with a Celery worker (tasks not eager): `reports.refresh_district` queued
  with a countdown, at most one queued per district (a cache key added while
  one waits; the task removes it as it starts). Beat's periodic refresh is
  the backstop for a message lost with its broker.
- embedded (no broker, tasks eager): a timer thread in this process, at most
  one per district; saves while it waits join it. It refreshes on its own
  connection under the same district lock, and comes back later when the
  district is busy or SQLite's one writer keeps it out.

Nothing here raises into the request that saved: the visit is committed
whatever becomes of its refresh."""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.dispatch import receiver

from clusters.signals import coverage_changes_logged

logger = logging.getLogger(__name__)

# Attempts of one embedded refresh that fails for another reason than a busy
# district or a locked database, before it is left to the next save.
MAX_FAILURES = 5


@receiver(coverage_changes_logged)
def _follow_saves(sender, districts, **kwargs):
    if settings.COVERAGE_REFRESH_AFTER_SAVE:
        for district in sorted(districts):
            refresh_soon(district)


def refresh_soon(district: str) -> bool:
    """Bring a refresh of the district within the configured delay. Returns
    whether this call scheduled one (False: one is already waiting)."""
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return _timers.schedule(district, settings.COVERAGE_REFRESH_DEBOUNCE_SECONDS)
        return _queue(district)
    except Exception:
        logger.exception("no refresh scheduled for %s: the next save or the periodic refresh brings it", district)
        return False


def _queued_key(district: str) -> str:
    return f"ilp:refresh-queued:{district}"


def _queue(district: str) -> bool:
    from .tasks import refresh_district

    countdown = settings.COVERAGE_REFRESH_COUNTDOWN_SECONDS
    # Outlives the countdown: should the message be lost, saves queue again after it.
    if not cache.add(_queued_key(district), 1, timeout=countdown + 60):
        return False
    try:
        refresh_district.apply_async(args=[district], countdown=countdown, retry=False)
    except Exception:
        release(district)
        raise
    return True


def release(district: str) -> None:
    """The queued refresh of the district has started: the next save queues another."""
    cache.delete(_queued_key(district))


def refresh_in_thread(district: str) -> bool:
    """One refresh of the district on this thread's own connection. Returns
    whether it is done (False: busy or locked, to try again)."""
    from reports import engine

    try:
        result = engine.refresh(district)
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False
    finally:
        connection.close()
    return district not in result["busy"]


class Timers:
    """One waiting timer thread per district: a save while it waits joins it,
    so a burst of saves makes one refresh; a save while it runs schedules the
    next."""

    def __init__(self, run=refresh_in_thread):
        self._run = run
        self._lock = threading.Lock()
        self._waiting: dict[str, threading.Timer] = {}
        self._running: set[threading.Thread] = set()

    def schedule(self, district: str, delay: float, failures: int = 0) -> bool:
        with self._lock:
            if district in self._waiting:
                return False
            timer = threading.Timer(delay, self._fire, args=[district, delay, failures])
            timer.daemon = True  # a refresh cut short by the process's exit is rolled back whole
            timer.name = f"coverage-refresh-{district}"
            self._waiting[district] = timer
            self._running.add(timer)
        timer.start()
        return True

    def _fire(self, district: str, delay: float, failures: int) -> None:
        with self._lock:
            self._waiting.pop(district, None)
        try:
            try:
                done = self._run(district)
            except Exception:
                logger.exception("refresh of %s failed", district)
                failures += 1
                done = failures >= MAX_FAILURES
            if not done:
                self.schedule(district, max(delay, settings.COVERAGE_REFRESH_RETRY_SECONDS), failures)
        finally:
            with self._lock:
                self._running.discard(threading.current_thread())

    def wait(self, timeout: float) -> bool:
        """Wait until no refresh waits or runs (tests, a clean shutdown).
        Returns whether that happened within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return True
            time.sleep(0.05)
        return False


_timers = Timers()


def wait_for_refreshes(timeout: float = 30) -> bool:
    """Wait until this process's embedded refreshes are over."""
    return _timers.wait(timeout)
