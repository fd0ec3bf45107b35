"""A send follows each commit that queued operations: with a worker, the task
queued (at most one waiting at a time, a cache key); embedded (no broker,
tasks eager), a thread in this process that drains the outbox, joined by the
saves made while it runs. Beat's periodic send is the backstop, and brings
the retries when they are due. Nothing here raises into the saving request."""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)
QUEUED_KEY = "satusehat:send-queued"
# Embedded: the longest a waiting retry goes unchecked.
RETRY_CHECK_SECONDS = 300


def send_soon() -> None:
    if not settings.SATUSEHAT_SEND_AFTER_SAVE:
        return
    try:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            _runner.kick()
        elif cache.add(QUEUED_KEY, 1, timeout=60):
            from .tasks import send

            send.apply_async(countdown=1, retry=False)
    except Exception:
        logger.exception("no SATUSEHAT send queued: the periodic send brings it")


def release() -> None:
    cache.delete(QUEUED_KEY)


class Runner:
    """One in-process sender thread; a kick while it runs makes it drain again."""

    def __init__(self):
        self._lock = threading.Lock()
        self._thread = None
        self._again = False

    def kick(self) -> None:
        with self._lock:
            if self._thread is not None:
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="satusehat-send", daemon=True)
            self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Wait until no send runs (tests, a clean shutdown)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._thread is None:
                    return True
            time.sleep(0.02)
        return False

    def _run(self) -> None:
        from . import sender

        try:
            while True:
                try:
                    sender.drain()
                except Exception:
                    logger.exception("SATUSEHAT send failed")
                with self._lock:
                    if not self._again:
                        break
                    self._again = False
            self._come_back()
        finally:
            connection.close()
            with self._lock:
                self._thread = None

    def _come_back(self) -> None:
        """Embedded there is no beat: a timer brings the retries waiting
        (backoff, Retry-After) when the first is due, at most RETRY_CHECK later."""
        from django.db.models import Min

        from .models import Operation, Status

        try:
            due = Operation.objects.filter(status=Status.QUEUED).aggregate(at=Min("next_attempt_at"))["at"]
        except Exception:
            logger.exception("SATUSEHAT retries not scheduled: the next save brings them")
            return
        if due is None:
            return
        from django.utils import timezone

        delay = min(max((due - timezone.now()).total_seconds(), 1.0), RETRY_CHECK_SECONDS)
        timer = threading.Timer(delay, self.kick)
        timer.daemon = True
        timer.start()


_runner = Runner()
