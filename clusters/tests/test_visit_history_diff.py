"""The history of a visit shows what each save changed: services added and
removed by name, measurements old → new, nothing for a save that changed
nothing, and what was entered when the visit was created."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import override

from clusters.services import visit_record, visit_update
from clusters.tests.conftest import services
from clusters.visit_history import visit_history


def create(cast, toddler, network, **measurements):
    return visit_record(by=cast["petugas"], patient=toddler, facility=network["36.01"]["puskesmas"],
                        date=timezone.localdate(), package="balita", services=services("WEIGHING", "VIT_A"),
                        measurements={"weight_kg": Decimal("9.4"), "length_cm": Decimal("75"), **measurements},
                        confirm_warnings=True)


def update(cast, visit, codes, **measurements):
    return visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=services(*codes),
                        measurements={"weight_kg": Decimal("9.4"), "length_cm": Decimal("75"), **measurements},
                        setting=visit.setting, note=visit.note, confirm_warnings=True)


def changes_by_field(entry):
    return {c.field: c for c in entry.changes}


def test_a_new_visit_is_one_created_entry_with_what_was_entered(cast, network, family):
    visit = create(cast, family["toddler"], network)
    [entry] = visit_history(visit)
    changes = changes_by_field(entry)
    assert entry.kind == "+"
    assert entry.who == (cast["petugas"].get_full_name() or cast["petugas"].username)
    assert changes["services"].added == ["Penimbangan dan pengukuran balita", "Vitamin A (Februari dan Agustus)"]
    assert changes["weight_kg"].new == Decimal("9.4") and changes["length_cm"].new == Decimal("75")
    assert "head_cm" not in changes


def test_removing_a_service_is_one_entry_naming_the_service_removed(cast, network, family):
    visit = create(cast, family["toddler"], network)
    update(cast, visit, ["WEIGHING"])
    newest, created = visit_history(visit)
    assert (newest.kind, created.kind) == ("~", "+")
    [change] = newest.changes
    assert change.field == "services"
    assert change.removed == ["Vitamin A (Februari dan Agustus)"] and change.added == []


def test_a_changed_weight_shows_the_old_and_the_new_value(cast, network, family):
    visit = create(cast, family["toddler"], network)
    update(cast, visit, ["WEIGHING", "VIT_A"], weight_kg=Decimal("9.8"))
    newest = visit_history(visit)[0]
    [change] = newest.changes
    assert (change.field, change.old, change.new) == ("weight_kg", Decimal("9.4"), Decimal("9.8"))
    with override("en"):
        assert change.label == "Weight (kg)"


def test_saving_without_changes_adds_no_entry(cast, network, family):
    visit = create(cast, family["toddler"], network)
    update(cast, visit, ["WEIGHING", "VIT_A"])
    update(cast, visit, ["WEIGHING", "VIT_A"])
    assert [e.kind for e in visit_history(visit)] == ["+"]


def test_swapping_services_and_a_measurement_in_one_save_is_one_entry(cast, network, family):
    visit = create(cast, family["toddler"], network)
    update(cast, visit, ["VIT_A", "IMM_BCG"], head_cm=Decimal("45.5"))
    newest = visit_history(visit)[0]
    changes = changes_by_field(newest)
    assert set(changes) == {"services", "head_cm"}
    assert changes["services"].added == ["Imunisasi BCG"]
    assert changes["services"].removed == ["Penimbangan dan pengukuran balita"]
    assert (changes["head_cm"].old, changes["head_cm"].new) == (None, Decimal("45.5"))


def test_clearing_every_measurement_shows_the_values_removed(cast, network, family):
    visit = create(cast, family["toddler"], network)
    visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=services("WEIGHING", "VIT_A"),
                 measurements={}, setting=visit.setting, note="")
    changes = changes_by_field(visit_history(visit)[0])
    assert (changes["weight_kg"].old, changes["weight_kg"].new) == (Decimal("9.4"), None)
