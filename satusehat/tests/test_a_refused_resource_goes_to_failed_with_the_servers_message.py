"""A 4xx that sending again cannot fix moves the operation to "gagal kirim"
with the server's message; queued again after the fix, it is sent."""

from satusehat import outbox, sender
from satusehat.models import Kind, Operation, Status

from .conftest import weighing


def test_a_refused_resource_goes_to_failed_with_the_servers_message(registered, cast, network, satusehat):
    satusehat.refuse["Observation"] = "Observation.valueQuantity: nilai di luar rentang"
    weighing(cast, registered["son"], network)
    result = sender.drain()
    assert (result["sent"], result["failed"]) == (1, 2)
    failed = Operation.objects.filter(status=Status.FAILED)
    assert set(failed.values_list("kind", flat=True)) == {Kind.OBSERVATION}
    assert all("HTTP 400" in op.last_error and "nilai di luar rentang" in op.last_error for op in failed)
    assert sender.drain()["sent"] == 0  # not retried on its own

    del satusehat.refuse["Observation"]
    assert outbox.requeue(Operation.objects.all()) == 2
    assert sender.drain()["sent"] == 2
    assert not Operation.objects.exclude(status=Status.SENT).exists()
    assert len(satusehat.creates()) == 3
