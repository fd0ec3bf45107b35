"""Every DISPENSE line of the demo ledger belongs to a visit: its patient,
its day, and an item one of its services consumes at the person's age
(stock.ServiceItem), drawn at the visit's facility or one above it."""

from collections import defaultdict

from clusters.models import Visit
from stock.dispensing import age_months
from stock.models import Kind, Movement, ServiceItem


def test_every_dispense_line_names_a_visit_whose_services_map_to_its_item(stocked_year):
    rules = defaultdict(list)
    for rule in ServiceItem.objects.all():
        rules[rule.service_id].append(rule)
    services = defaultdict(set)
    for visit_id, service_id in Visit.services.through.objects.values_list("visit_id", "service_id"):
        services[visit_id].add(service_id)
    lines = list(Movement.objects.filter(kind=Kind.DISPENSE).select_related(
        "visit__patient", "visit__facility", "batch"))

    assert lines and stocked_year.by_kind[Kind.DISPENSE] == len(lines)
    for line in lines:
        visit = line.visit
        assert visit is not None and line.patient_id == visit.patient_id and line.date == visit.date
        age = age_months(visit.patient.birth_date, visit.date)
        items = {rule.item_id for service in services[visit.pk] for rule in rules[service] if rule.applies_at(age)}
        assert line.batch.item_id in items, (visit.pk, line.batch.item_id)
        assert line.facility_id in {visit.facility_id, visit.facility.parent_id, visit.facility.puskesmas_id}
