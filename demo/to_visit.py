"""Who a kader or Pustu worker should visit at home, as the demo data stand:
the people of some Posyandu who missed a service (shared/domain/ILP.md §7).

A seam for the demo's home visits: a generator of home visits can take its
people from `people_to_visit` and give each an outcome. It reads the
database as the demo wrote it, in a fixed number of queries whatever the
number of people (one for the people, one per kind of service), and its
rules are the plain ones of the guideline; the app's own due lists are
the follow-up app's business, not this module's.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max

from clusters import immunisation
from clusters.derived import age_years
from clusters.models import ImmunisationStatus, Visit
from patients.models import Patient, Pregnancy, PregnancyStatus

WEIGHING = "weighing"  # a balita not weighed this month or last
IMMUNISATION = "immunisation"  # a drop-out: the next dose of a series more than a month past due
VITAMIN_A = "vitamin_a"  # missed in the last February or August round
ANC = "anc"  # an ongoing pregnancy from 14 weeks without an ANC visit in the last 8 weeks
KF = "kf"  # a mother delivered in the last 42 days who missed a postpartum visit whose window has closed
KN = "kn"  # a baby of 42 days or less who missed a newborn visit whose window has closed
HT_DM = "ht_dm"  # in hypertension or diabetes care, no control last month or this month
SCREENING = "screening"  # from 15 years, not screened (PTM or lansia) this year
REASONS = (WEIGHING, IMMUNISATION, VITAMIN_A, ANC, KF, KN, HT_DM, SCREENING)

ANC_GAP_DAYS = 56
ANC_FROM_WEEKS = 14
POSTNATAL_DAYS = 42
KF_CLOSES = {"KF1": 2, "KF2": 7, "KF3": 28, "KF4": 42}  # last day of each window, in days after delivery
KN_CLOSES = {"KN1": 2, "KN2": 7, "KN3": 28}
DROPOUT_GRACE_DAYS = 28
# Series followed for drop-outs (rotavirus is not given after 8 months: no catch-up to visit for).
DROPOUT_SERIES = ("DPT-HB-Hib", "OPV", "PCV", "IPV", "MR")


@dataclass(frozen=True)
class ToVisit:
    patient_id: int
    household_id: int
    posyandu_id: int
    reason: str  # one of REASONS
    last_served: date | None  # the person's last visit for that service, if any


def people_to_visit(posyandu_ids: list[int], today: date) -> list[ToVisit]:
    """Everyone living at these Posyandu with a missed service on `today`,
    one row per person and reason, by Posyandu, household and person."""
    living = Patient.objects.active().filter(household__posyandu__in=posyandu_ids)
    people = {pk: (household, posyandu, birth) for pk, household, posyandu, birth in living.values_list(
        "pk", "household_id", "household__posyandu_id", "birth_date")}
    visits = Visit.objects.filter(patient__in=living.values("pk"))
    found: list[tuple[int, str, date | None]] = []

    def last(codes, since=None, **extra) -> dict:
        rows = visits.filter(services__code__in=codes, **extra)
        if since:
            rows = rows.filter(date__gte=since)
        return dict(rows.order_by().values("patient_id").annotate(day=Max("date")).values_list("patient_id", "day"))

    def age(pk) -> int:
        return (today - people[pk][2]).days

    first_of_month = today.replace(day=1)
    last_month = (first_of_month - timedelta(days=1)).replace(day=1)
    five_years = immunisation.DUE_UNTIL_DAYS

    weighed = last(["WEIGHING"])
    found += [(pk, WEIGHING, weighed.get(pk)) for pk in people if 61 <= age(pk) < five_years
              and (weighed.get(pk) or date.min) < last_month]

    series_plan: dict[str, list[tuple[str, int]]] = {}
    for code, due, series, _ in immunisation.SCHEDULE:
        series_plan.setdefault(series, []).append((code, due))
    immunised = last(sorted(immunisation.CODES))
    for pk, given in ImmunisationStatus.objects.filter(patient__in=living.values("pk")).values_list("patient_id",
                                                                                                  "given"):
        if age(pk) >= five_years:
            continue
        for series in DROPOUT_SERIES:
            doses = [code for code, _ in series_plan[series]]
            count = sum(code in given for code in doses)
            if 0 < count < len(doses) and age(pk) >= series_plan[series][count][1] + DROPOUT_GRACE_DAYS:
                found.append((pk, IMMUNISATION, immunised.get(pk)))
                break

    round_month = _last_vitamin_a_round(today)
    round_day = round_month.replace(day=15)
    had_vitamin_a = last(["VIT_A"], since=round_month, date__lt=(round_month + timedelta(days=31)).replace(day=1))
    ever_vitamin_a = last(["VIT_A"])
    found += [(pk, VITAMIN_A, ever_vitamin_a.get(pk)) for pk, (_, _, birth) in people.items()
              if 6 <= _months(birth, round_day) < 60 and age(pk) < five_years and pk not in had_vitamin_a]

    anc = last([code for code in ("ANC_K1", "ANC_K2", "ANC_K3", "ANC_K4", "ANC_K5", "ANC_K6")])
    for patient, lmp, edd in Pregnancy.objects.filter(patient__in=living.values("pk"), status=PregnancyStatus.ONGOING
                                                      ).values_list("patient_id", "last_menstrual_period",
                                                                    "expected_delivery_date"):
        lmp = lmp or edd - timedelta(days=280)
        if (today - lmp).days >= 7 * ANC_FROM_WEEKS and (today - (anc.get(patient) or date.min)).days > ANC_GAP_DAYS:
            found.append((patient, ANC, anc.get(patient)))

    since = today - timedelta(days=POSTNATAL_DAYS)
    kf = _given(visits.filter(date__gte=since), KF_CLOSES)
    for patient, ended in Pregnancy.objects.filter(patient__in=living.values("pk"), status=PregnancyStatus.DELIVERED,
                                                   ended_on__gte=since).values_list("patient_id", "ended_on"):
        if any((today - ended).days > closes and code not in kf.get(patient, ()) for code, closes in
               KF_CLOSES.items()):
            found.append((patient, KF, max(kf[patient].values()) if patient in kf else None))
    kn = _given(visits.filter(date__gte=since), KN_CLOSES)
    for pk in people:
        if 0 <= age(pk) <= POSTNATAL_DAYS and any(age(pk) > closes and code not in kn.get(pk, ())
                                                  for code, closes in KN_CLOSES.items()):
            found.append((pk, KN, max(kn[pk].values()) if pk in kn else None))

    earlier = last(["HT_CARE", "DM_CARE"], since=_months_before(last_month, 3), date__lt=last_month)
    recent = last(["HT_CARE", "DM_CARE"], since=last_month)
    found += [(pk, HT_DM, day) for pk, day in earlier.items() if pk not in recent]

    screened = last(["PTM_SCREENING", "LANSIA_SCREENING"], since=today.replace(month=1, day=1))
    ever_screened = last(["PTM_SCREENING", "LANSIA_SCREENING"])
    found += [(pk, SCREENING, ever_screened.get(pk)) for pk in people
              if age_years(people[pk][2], today) >= 15 and pk not in screened]

    rows = [ToVisit(pk, people[pk][0], people[pk][1], reason, day) for pk, reason, day in found]
    return sorted(rows, key=lambda r: (r.posyandu_id, r.household_id, r.patient_id, REASONS.index(r.reason)))


def _given(visits, codes) -> dict[int, dict[str, date]]:
    """{patient: {service code: day}} of the visits with those services."""
    out: dict[int, dict[str, date]] = {}
    rows = Visit.services.through.objects.filter(visit__in=visits.values("pk"), service__code__in=list(codes))
    for patient, code, day in rows.values_list("visit__patient_id", "service__code", "visit__date"):
        out.setdefault(patient, {})[code] = day
    return out


def _months(birth: date, day: date) -> int:
    """Completed calendar months from birth to day."""
    return (day.year - birth.year) * 12 + day.month - birth.month - (day.day < birth.day)


def _months_before(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + first_of_month.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _last_vitamin_a_round(today: date) -> date:
    """The first day of the last February or August before this month."""
    for back in range(1, 13):
        month = _months_before(today.replace(day=1), back)
        if month.month in (2, 8):
            return month
    raise AssertionError("unreachable")
