"""The platform is down for several minutes while visits are saved: they
wait in the outbox with growing backoff, and once it is back each is sent
once, in order per person."""

from satusehat import sender
from satusehat.models import Operation, Status

from .conftest import later, weighing


def test_visits_saved_during_an_outage_are_sent_exactly_once_after_it_ends(registered, cast, network, satusehat,
                                                                          settings):
    settings.SATUSEHAT_BACKOFF_BASE_SECONDS, settings.SATUSEHAT_BACKOFF_MAX_SECONDS = 60, 3600
    satusehat.down = True
    visits = [weighing(cast, registered["son"], network, days_ago=d) for d in (30, 20, 10)]
    queued = Operation.objects.filter(visit_id__in=[v.pk for v in visits])
    assert queued.count() == 9 and set(queued.values_list("status", flat=True)) == {Status.QUEUED}

    # Several minutes of outage: every due retry fails and waits longer.
    for minute in range(0, 10):
        sender.drain(now=later(minute))
    assert not satusehat.writes
    first = queued.order_by("id").first()
    assert 3 <= first.attempts < 10 and "HTTP 500" in first.last_error  # backing off: fewer tries than minutes
    assert queued.filter(status=Status.QUEUED).count() == 9

    satusehat.down = False
    result = sender.drain(now=later(24 * 60))
    assert result["sent"] == 9
    assert queued.filter(status=Status.SENT).count() == 9
    assert len(satusehat.creates("Encounter")) == 3 and len(satusehat.creates("Observation")) == 6
    assert sender.drain(now=later(48 * 60))["sent"] == 0  # nothing sent twice
    assert len(satusehat.writes) == 9
    assert satusehat.invalid == []
    # The person's operations went in the order they were queued.
    encounters = satusehat.resources("Encounter")
    assert sorted(e["period"]["start"][:10] for e in encounters) == sorted(v.date.isoformat() for v in visits)
