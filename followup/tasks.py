from celery import shared_task

from .upkeep import drain


@shared_task(name="followup.drain_due", acks_late=True)
def drain_due() -> int:
    """Queued after a write's commit, and run by beat as the backstop.
    Writes committed from now on queue the next one."""
    from django.core.cache import cache

    from .receivers import QUEUED

    cache.delete(QUEUED)
    return drain()
