"""A visit corrected after it was sent updates the resources already on
SATUSEHAT, by their stored ids; a value taken away is marked entered in
error; nothing is created again."""

from datetime import timedelta
from decimal import Decimal

from clusters.services import visit_update
from satusehat import sender
from satusehat.models import Op, Operation, Status

from .conftest import weighing


def test_a_correction_updates_the_same_resource(registered, cast, network, satusehat):
    visit = weighing(cast, registered["son"], network, days_ago=3)
    sender.drain()
    weight = next(r for r in satusehat.resources("Observation") if r["code"]["coding"][0]["code"] == "29463-7")
    height = next(r for r in satusehat.resources("Observation") if r["code"]["coding"][0]["code"] == "8302-2")
    encounter_id = satusehat.resources("Encounter")[0]["id"]

    visit_update(by=cast["petugas"], visit=visit, date=visit.date - timedelta(days=1),
                 services=list(visit.services.all()), measurements={"weight_kg": Decimal("11.6")},
                 setting=visit.setting, confirm_warnings=True)
    ops = Operation.objects.filter(visit_id=visit.pk, status=Status.QUEUED)
    assert sorted(ops.values_list("op", "ident")) == [
        (Op.DELETE, f"ilp-{visit.pk}-obs-length_cm"), (Op.UPDATE, f"ilp-{visit.pk}-encounter"),
        (Op.UPDATE, f"ilp-{visit.pk}-obs-weight_kg")]
    sender.drain()

    assert len(satusehat.creates()) == 3  # the first sending only
    stored = {r["id"]: r for r in satusehat.resources("Observation")}
    assert stored[weight["id"]]["valueQuantity"]["value"] == 11.6
    assert stored[height["id"]]["status"] == "entered-in-error"
    encounter = satusehat.resources("Encounter")[0]
    assert encounter["id"] == encounter_id
    assert encounter["period"]["start"].startswith((visit.date - timedelta(days=1)).isoformat())
    assert [w for w in satusehat.writes if w[0] == "PUT"] == [
        ("PUT", "Observation", height["id"]), ("PUT", "Encounter", encounter_id), ("PUT", "Observation", weight["id"])]
    assert satusehat.invalid == []
