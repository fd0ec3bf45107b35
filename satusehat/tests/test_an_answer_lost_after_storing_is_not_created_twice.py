"""The server stored a resource but its answer was lost (the connection
reset), or the worker was killed before it wrote down the answer: the next
try finds the resource by its identifier and creates nothing again."""

from unittest import mock

import pytest

from satusehat import sender
from satusehat.models import Operation, PatientLink, Status

from .conftest import later, weighing


def test_an_answer_lost_after_storing_is_not_created_twice(registered, cast, network, satusehat):
    satusehat.faults = [None, "reset"]  # the person's look-up, then the Encounter's creation
    weighing(cast, registered["son"], network)
    sender.drain()
    assert len(satusehat.creates("Encounter")) == 1
    assert Operation.objects.filter(status=Status.QUEUED).count() == 3
    sender.drain(now=later(10))
    assert Operation.objects.filter(status=Status.SENT).count() == 3
    assert len(satusehat.creates("Encounter")) == 1 and len(satusehat.creates()) == 3
    stored = satusehat.resources("Encounter")[0]["id"]
    assert Operation.objects.get(ident__endswith="-encounter").resource_id == stored


class Killed(BaseException):
    """What a worker's death looks like from inside: nothing after it runs."""


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(registered, cast, network, satusehat):
    for days in (9, 6, 3):
        weighing(cast, registered["son"], network, days_ago=days)
    real = sender.send_one
    calls = []

    def dies_on_the_fifth(*args, **kwargs):
        calls.append(1)
        resource_id = real(*args, **kwargs)
        if len(calls) == 5:
            raise Killed  # the server has it; the worker dies before writing it down
        return resource_id

    # A killed process runs no `finally`: its lease on the person stays.
    with mock.patch.object(sender, "send_one", dies_on_the_fifth), mock.patch.object(sender, "release"), \
            pytest.raises(Killed):
        sender.drain()
    # Five created on the platform, none written down here.
    assert len(satusehat.creates()) == 5 and not Operation.objects.filter(status=Status.SENT).exists()
    # The lease of the dead worker keeps others off the person until it expires.
    assert sender.drain()["sent"] == 0
    assert PatientLink.objects.get(patient=registered["son"]).claimed_until is not None
    assert sender.drain(now=later(10))["sent"] == 9  # five found by their identifier, four created
    assert len(satusehat.writes) == 9 and len(satusehat.creates()) == 9
    assert satusehat.invalid == []
