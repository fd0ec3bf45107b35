"""A 429 is waited out for as long as Retry-After says, by every sender; a
401 after the token expired renews it and retries once; a timeout retries."""

from datetime import timedelta

from django.utils import timezone

from satusehat import sender
from satusehat.models import Operation, Status

from .conftest import weighing


def test_a_429_waits_retry_after_then_sends(registered, cast, network, satusehat):
    satusehat.faults = ["429:120"]
    weighing(cast, registered["son"], network)
    before = timezone.now()
    assert sender.drain()["sent"] == 0
    head = Operation.objects.order_by("id").first()
    assert head.next_attempt_at >= before + timedelta(seconds=119)
    assert sender.paused_until() >= before + timedelta(seconds=119)
    assert sender.drain(now=before + timedelta(seconds=60))["sent"] == 0  # still paused
    assert sender.drain(now=before + timedelta(seconds=125))["sent"] == 3


def test_a_401_after_the_token_expired_renews_it_and_retries_once(registered, cast, network, satusehat):
    weighing(cast, registered["son"], network, days_ago=1)
    sender.drain()
    assert satusehat.token_requests == 1
    satusehat.expire_tokens()
    weighing(cast, registered["son"], network)
    assert sender.drain()["sent"] == 3
    assert satusehat.token_requests == 2
    satusehat.faults = ["401", "401"]  # refused again after renewing: retried later, not in a loop
    weighing(cast, registered["son"], network, days_ago=2)
    result = sender.drain()
    assert (result["sent"], result["waiting"]) == (0, 1)
    assert Operation.objects.filter(status=Status.QUEUED).count() == 3
    assert "HTTP 401" in Operation.objects.filter(status=Status.QUEUED).order_by("id").first().last_error


def test_a_timeout_retries(registered, cast, network, satusehat):
    satusehat.faults = [None, "timeout"]
    weighing(cast, registered["son"], network)
    sender.drain()
    assert Operation.objects.filter(status=Status.QUEUED).count() == 3
    assert "Timeout" in Operation.objects.order_by("id").first().last_error
    assert sender.drain(now=timezone.now() + timedelta(minutes=5))["sent"] == 3
    assert len(satusehat.creates("Encounter")) == 1
