"""The demo's home visits: where the demo kader and the demo Pustu worker
work, visits of the last five weeks to people the due lists show overdue,
with every outcome, and a few that brought a family back to the Posyandu
(the recap's "back in care within 30 days"). Written through the follow-up
service, so that "moved away" and "died" leave the lists as in the app."""

import random
from collections import defaultdict
from datetime import date, timedelta
from itertools import cycle

from django.db.models import Q

from clusters.models import Visit
from facilities.models import Facility, FacilityType, User
from followup.models import DueItem, Outcome, ReferredTo
from followup.selectors import SCREENINGS
from followup.services import home_visit_record
from patients.models import Household, Patient

PER_POSYANDU = 12
BACK_IN_CARE = 4
OUTCOMES = (Outcome.REFERRED, Outcome.SERVED, Outcome.NOT_HOME, Outcome.REFERRED, Outcome.REFUSED,
            Outcome.NOT_FOUND, Outcome.SERVED, Outcome.REFERRED, Outcome.MOVED, Outcome.DIED)
FINDINGS = {"weighing": ["looks_thin"], "immunisation": ["immunisation_incomplete"], "chronic": ["takes_medicine"],
            "anc": ["kia_book", "pregnancy_danger"], "postnatal": ["exclusive_breastfeeding"]}


def _workers() -> list[tuple[User, list[int]]]:
    out = []
    for username in ("kader", "pustu"):
        user = User.objects.filter(username=username).select_related("scope_facility").first()
        if user is not None and user.scope_facility is not None:
            ids = list(Facility.objects.for_user(user).filter(type=FacilityType.POSYANDU)
                       .values_list("pk", flat=True))
            out.append((user, ids))
    return out


def _person(pk: int, household: int) -> Patient:
    # What the service reads of a person (the id and the household): no query per visit.
    return Patient(pk=pk, household_id=household)


def seed_home_visits(*, today: date, seed: int) -> int:
    """Returns the number of home visits written."""
    rng, written, done = random.Random(seed), 0, set()
    for user, posyandu in _workers():
        overdue = defaultdict(dict)
        for pid, household, patient, rule, item in (
                DueItem.objects.filter(posyandu_id__in=posyandu, overdue_on__lte=today)
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today)).exclude(rule__in=SCREENINGS)
                .order_by("posyandu_id", "household_id", "patient_id", "overdue_on")
                .values_list("posyandu_id", "household_id", "patient_id", "rule", "item")):
            overdue[pid].setdefault((household, patient), []).append((rule, item))
        for pid in posyandu:
            outcomes = cycle(OUTCOMES)
            for (household, patient), items in list(overdue[pid].items())[:PER_POSYANDU]:
                if household in done:
                    continue
                done.add(household)
                day = today - timedelta(days=rng.randint(0, 34))
                outcome = next(outcomes)
                referred = outcome == Outcome.REFERRED
                home_visit_record(
                    by=user, household=Household(pk=household), patient=_person(patient, household), date=day,
                    outcome=outcome, reasons=[item for _rule, item in items], findings=FINDINGS.get(items[0][0], []),
                    referred_to=rng.choice(ReferredTo.values) if referred else "",
                    referred_on=min(today, day + timedelta(days=7)) if referred else None,
                    follow_up_on=day + timedelta(days=14) if outcome in (Outcome.NOT_HOME, Outcome.REFUSED) else None)
                written += 1
            # Families a kader went to see who then came to the Posyandu.
            came = (Visit.objects.filter(patient__household__posyandu_id=pid, date__gt=today - timedelta(days=30),
                                         services__code="WEIGHING")
                    .exclude(patient__household_id__in=done).order_by("date", "pk")
                    .values_list("patient_id", "patient__household_id", "date").distinct()[:BACK_IN_CARE])
            for patient, household, visit_day in came:
                done.add(household)
                day = visit_day - timedelta(days=rng.randint(2, 9))
                home_visit_record(by=user, household=Household(pk=household), patient=_person(patient, household),
                                  date=day, outcome=Outcome.REFERRED, reasons=["WEIGHING"],
                                  referred_to=ReferredTo.POSYANDU, referred_on=visit_day)
                written += 1
    return written
