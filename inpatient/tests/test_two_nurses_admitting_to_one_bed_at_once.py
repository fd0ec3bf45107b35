"""Two nurses admit two people to the same free bed at the same moment
(PostgreSQL, two connections): one is admitted, the other is told the bed
is occupied; the bed never holds two open admissions."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from inpatient import services
from inpatient.models import Admission

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writes need PostgreSQL"),
]


def test_one_is_admitted_and_the_other_told_the_bed_is_occupied(nurse, beds, people, at, day):
    bed = beds[0]
    start = threading.Barrier(2)
    answers = []

    def admit(patient):
        try:
            start.wait()
            services.admission_open(by=nurse, patient=patient, facility=bed.facility, bed=bed, admitted_at=at(day),
                                    diagnosis_code="A09")
            answers.append("admitted")
        except ValidationError as exc:
            answers.append(exc.message_dict["bed"][0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=admit, args=(people[name],)) for name in ("son", "mother")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert answers.count("admitted") == 1
    [refused] = [a for a in answers if a != "admitted"]
    assert "Mawar 1" in refused
    assert Admission.objects.filter(bed=bed, discharged_at__isnull=True).count() == 1
