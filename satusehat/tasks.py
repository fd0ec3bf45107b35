"""Celery tasks: thin wrappers over sender.py."""

from celery import shared_task

from . import sender, trigger


@shared_task(name="satusehat.send", acks_late=True)
def send() -> dict:
    """Queued after saves (trigger.py) and run by beat: sends what is due."""
    trigger.release()
    return sender.drain()
