"""Who is in an indicator's target group, counted from people: the
denominator of the "who is not yet counted" lists behind the dashboard
cells (reports.engine.people), where the dashboards divide by a target
(sasaran) set by Dinkes and not by people.

One rule per indicator that counts people, derived from the indicator's
own fields (reports.indicators: its ages, services, subject, window), so
that a change there reaches the lists too. A rule gives the subjects in the
group who live in an area during a window: people, or pregnancies for the
indicators counted per pregnancy (K1, K4, K6). An indicator without a rule
(school screening, ODGJ, HIV, TB screening, the prevalences) has no group
of people the records can tell, and its cells link to no list.

The windows are those of the dashboard's figure: the month for monthly
indicators (D, vitamin A), the year up to the month for cumulative ones.
Someone is in an age group when their age (completed months, as
patients.life_stage counts it) falls within the indicator's ages on some
day of the window."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import DateField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from clusters.models import ImmunisationStatus, Measurement, Visit
from facilities.areas import Area, area_q
from patients.life_stage import BANDS, Stage
from patients.models import Patient, Pregnancy, PregnancyStatus, Sex
from reports.indicators import BY_CODE, NAEGELE_DAYS, Indicator


@dataclass(frozen=True)
class Window:
    start: date  # first day
    end: date  # last day (the last day of a month)


def window(indicator: Indicator, year: int, month: int) -> Window:
    """The days a cell of the month counts: the month, or the year up to it."""
    end = date(year, month, 1) + relativedelta(months=1) - timedelta(days=1)
    return Window(date(year, 1, 1) if indicator.cumulative else date(year, month, 1), end)


def _aged(min_months: int | None, max_months: int | None, within: Window) -> Q:
    """People whose age in completed months is within [min, max) on some day
    of the window: not yet `max` months old on its first day, and `min`
    months old by its last (the window ends on a month's last day, when a
    child born on the 31st of a longer month has also completed the month)."""
    q = Q(birth_date__lte=within.end)
    if max_months is not None:
        q &= Q(birth_date__gt=within.start - relativedelta(months=max_months))
    if min_months is not None:
        q &= Q(birth_date__lte=within.end + timedelta(days=1) - relativedelta(months=min_months) - timedelta(days=1))
    return q


def _band(stage: Stage) -> tuple[int, int | None]:
    band = next(b for b in BANDS if b.stage == stage)
    assert band.unit in ("months", "years")
    factor = 1 if band.unit == "months" else 12
    return band.lower * factor, None if band.upper is None else band.upper * factor


def _people(area: Area) -> QuerySet:
    """The area's residents (their household's Posyandu), one row each."""
    return Patient.objects.active().filter(area_q(area, "household__posyandu"))


# The rules. Each takes the indicator, the area and the window, and returns
# a queryset of the group's people (Patient) or pregnancies (Pregnancy).

def of_age(indicator: Indicator, area: Area, within: Window, sex: str | None = None) -> QuerySet:
    """Residents within the indicator's ages on some day of the window."""
    qs = _people(area).filter(_aged(indicator.min_age_months, indicator.max_age_months, within))
    return qs.filter(sex=sex) if sex else qs


def girls_of_age(indicator, area, within) -> QuerySet:
    return of_age(indicator, area, within, sex=Sex.FEMALE)


def infants_not_complete(indicator, area, within) -> QuerySet:
    """Infants (0–11 months) on some day of the window, less those whose basic
    immunisation was complete before the year began (counted then)."""
    low, high = _band(Stage.BAYI)
    done = ImmunisationStatus.objects.filter(basic_complete=True, basic_complete_on__lt=date(within.end.year, 1, 1))
    return _people(area).filter(_aged(low, high, within)).exclude(pk__in=done.values("patient_id"))


def born_within(indicator, area, within) -> QuerySet:
    """Newborns: born in the window (the year's births, the newborn target)."""
    return _people(area).filter(birth_date__range=(within.start, within.end))


def delivered_within(indicator, area, within) -> QuerySet:
    """Women whose delivery is recorded in the window (the women giving birth)."""
    women = Pregnancy.objects.filter(status=PregnancyStatus.DELIVERED).annotate(
        on=Coalesce("ended_on", "expected_delivery_date")).filter(on__range=(within.start, within.end))
    return _people(area).filter(pk__in=women.values("patient_id"))


def pregnant_within(indicator, area, within) -> QuerySet:
    """Pregnancies under way on some day of the window: begun (HPHT, else HPL
    less 280 days) by its end and not ended (delivery, else HPL) before its
    start. For a first contact (K1), less those first seen before the year:
    they were counted then."""
    qs = Pregnancy.objects.filter(area_q(area, "patient__household__posyandu"), patient__merged_into__isnull=True)
    from_hpl = ExpressionWrapper(F("expected_delivery_date") - timedelta(days=NAEGELE_DAYS), output_field=DateField())
    qs = qs.annotate(begun=Coalesce("last_menstrual_period", from_hpl),
                     over=Coalesce("ended_on", "expected_delivery_date"))
    qs = qs.filter(begun__lte=within.end, over__gte=within.start)
    if indicator.first_ever:
        seen = Visit.objects.filter(services__code__in=indicator.services, date__lt=date(within.end.year, 1, 1),
                                    pregnancy__isnull=False)
        qs = qs.exclude(pk__in=seen.values("pregnancy_id"))
    return qs


def known_patients(condition: Q) -> Callable:
    """People of the indicator's ages by the window's end who have ever been
    given its care, or measured with `condition`, by then: the known
    patients (hypertension, diabetes) expected every year."""
    def rule(indicator, area, within) -> QuerySet:
        served = Visit.objects.filter(services__code__in=indicator.services, date__lte=within.end)
        found = Measurement.objects.filter(condition, visit__date__lte=within.end)
        qs = _people(area).filter(_aged(indicator.min_age_months, None, within)).filter(
            Q(pk__in=served.values("patient_id")) | Q(pk__in=found.values("visit__patient_id")))
        return qs
    return rule


def found_by(code: str) -> Callable:
    """People counted by indicator `code` in the window (presumptive TB: the
    people to examine)."""
    def rule(indicator, area, within) -> QuerySet:
        found = Measurement.objects.filter(BY_CODE[code].condition, visit__date__range=(within.start, within.end))
        return _people(area).filter(pk__in=found.values("visit__patient_id"))
    return rule


GROUPS: dict[str, Callable] = {
    "K1": pregnant_within, "K1_MURNI": pregnant_within, "K4": pregnant_within, "K6": pregnant_within,
    "PERSALINAN_FASKES": delivered_within, "KF_LENGKAP": delivered_within,
    "KN1": born_within, "KN_LENGKAP": born_within,
    "IDL": infants_not_complete,
    "D": of_age, "VIT_A": of_age, "SPM_BALITA": of_age,
    "TTD_REMAJA": girls_of_age,
    "PTM_PRODUKTIF": of_age, "LANSIA_SKRINING": of_age,
    "HT_SERVED": known_patients(Q(hypertension=True)),
    "DM_SERVED": known_patients(Q(glucose_class="diabetes")),
    "TB_EXAMINED": found_by("TB_PRESUMPTIVE"),
}
assert set(GROUPS) <= set(BY_CODE), "groups belong to indicators"
assert all(BY_CODE[c].kind == "target" for c in GROUPS), "a measured denominator is already counted from people"


def lists_people(indicator: Indicator) -> bool:
    """Whether the indicator's target group can be counted from people."""
    return indicator.code in GROUPS


def members(indicator: Indicator, area: Area, within: Window) -> QuerySet:
    """The group living in the area: a queryset of people, or of
    pregnancies for indicators counted per pregnancy (not yet read: usable
    as a subquery)."""
    return GROUPS[indicator.code](indicator, area, within)


def subjects(group: QuerySet) -> QuerySet:
    """A group's (patient id, pregnancy id or 0): one query when read."""
    if group.model is Pregnancy:
        return group.values_list("patient_id", "pk").order_by()
    return group.values_list("pk", Value(0, output_field=IntegerField())).order_by()
