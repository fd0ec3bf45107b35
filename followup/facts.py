"""Reading what the rules need for a set of households, in a fixed number of
queries whatever their size: the people, their visits with service codes
and whether a weight was taken, their pregnancies, and who left."""

from collections import defaultdict

from django.db.models import Exists, OuterRef

from clusters.models import Measurement, Visit
from patients.models import Patient

from .models import PersonExit
from .rules import Person, PregnancyFact, VisitFact


def people_of(households) -> list[tuple[Person, dict]]:
    """Each person of the households (ids, or a subquery of ids) with where
    they live (household, Posyandu, desa), ready for rules.due_items. Two
    queries."""
    # One row per person and pregnancy (a person without one once): the
    # pregnancies ride along instead of a query of their own.
    rows, pregnancies = {}, defaultdict(list)
    for (pk, born, sex, household_id, posyandu_id, desa_id, merged_into, left, provisional,
         pregnancy, hpl, lmp, status, ended) in (
            Patient.objects.filter(household_id__in=households)
            .annotate(left=Exists(PersonExit.objects.filter(patient=OuterRef("pk"))))
            .values_list("pk", "birth_date", "sex", "household_id", "household__posyandu_id",
                         "household__desa_id", "merged_into_id", "left", "provisional", "pregnancies__pk",
                         "pregnancies__expected_delivery_date", "pregnancies__last_menstrual_period",
                         "pregnancies__status", "pregnancies__ended_on")):
        # A quick registration (IGD) has no real address or Posyandu: no one
        # can follow it up until it is merged into the full record.
        rows[pk] = (pk, born, sex, household_id, posyandu_id, desa_id, merged_into, left or provisional)
        if pregnancy is not None:
            pregnancies[pk].append(PregnancyFact(pregnancy, hpl, lmp, status, ended))
    rows = list(rows.values())
    ids = [r[0] for r in rows]
    # One row per visit and service given (a visit without services once,
    # with None): one query instead of visits and their services apart.
    weighed = Exists(Measurement.objects.filter(visit=OuterRef("pk"), weight_kg__isnull=False))
    read: dict[int, list] = {}
    for pk, patient_id, day, pregnancy_id, package, was_weighed, code in (
            Visit.objects.filter(patient_id__in=ids).annotate(weighed=weighed)
            .values_list("pk", "patient_id", "date", "pregnancy_id", "package", "weighed", "services__code")):
        if pk not in read:
            read[pk] = [patient_id, day, pregnancy_id, package, was_weighed, set()]
        if code:
            read[pk][5].add(code)
    visits = defaultdict(list)
    for patient_id, day, pregnancy_id, package, was_weighed, codes in read.values():
        visits[patient_id].append(VisitFact(day, frozenset(codes), was_weighed, pregnancy_id, package))
    tb_starts = defaultdict(list)
    household_of = {r[0]: r[3] for r in rows}
    for pid, person_visits in visits.items():
        for v in person_visits:
            if "TB_TREATMENT" in v.codes:
                tb_starts[household_of[pid]].append((pid, v.date))
    people = []
    for pk, born, sex, household_id, posyandu_id, desa_id, merged_into, left in rows:
        person = Person(pk, born, sex, visits[pk], pregnancies[pk],
                        [d for other, d in tb_starts[household_id] if other != pk],
                        left=left or merged_into is not None)
        people.append((person, {"household_id": household_id, "posyandu_id": posyandu_id, "desa_id": desa_id}))
    return people
