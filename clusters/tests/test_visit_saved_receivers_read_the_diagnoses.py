"""clusters.signals.visit_saved is sent once a visit's diagnoses are written,
so a receiver (the SATUSEHAT outbox) reads them, in order, from the visit it
is given, after a record and after a correction."""

import pytest
from django.utils import timezone

from clusters.models import Diagnosis
from clusters.services import visit_record, visit_update
from clusters.signals import visit_saved


@pytest.fixture
def heard():
    seen = []

    def receiver(sender, *, visit, created, **kwargs):
        # What the decision record (0028) tells a receiver to read.
        seen.append((created, [d.code for d in visit.diagnoses.order_by("visit_rows__position")]))

    visit_saved.connect(receiver, dispatch_uid="test-diagnoses")
    yield seen
    visit_saved.disconnect(dispatch_uid="test-diagnoses")


def test_a_receiver_reads_the_diagnoses_after_a_record_and_after_a_correction(heard, cast, network, family):
    found = {d.code: d for d in Diagnosis.objects.filter(code__in=["I10", "E11.9"])}
    visit = visit_record(by=cast["petugas"], patient=family["father"], facility=network["36.01"]["puskesmas"],
                         date=timezone.localdate(), package="ptm", measurements={"systolic": 150, "diastolic": 95},
                         diagnoses=[found["E11.9"], found["I10"]])
    visit_update(by=cast["petugas"], visit=visit, date=visit.date, services=[],
                 measurements={"systolic": 150, "diastolic": 95}, setting=visit.setting, diagnoses=[found["I10"]])
    assert heard == [(True, ["E11.9", "I10"]), (False, ["I10"])]
