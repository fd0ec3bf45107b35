"""Reads for visits and Posyandu sessions, scoped through for_user()."""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from facilities.models import Facility
from patients.models import Patient
from patients.motherhood import mother_birth_dates
from patients.selectors import patients_for

from .eligibility import allowed
from .models import ImmunisationStatus, Measurement, PosyanduSession, Service, Visit, VisitDiagnosis

# A visit's diagnoses in order with their names (visit.diagnosis_rows.all).
DIAGNOSES = Prefetch("diagnosis_rows", queryset=VisitDiagnosis.objects.select_related("diagnosis"))


def visits_for(user):
    return Visit.objects.for_user(user).select_related("patient", "facility", "measurement", "entered_by")


def patient_visits(user, patient):
    return (
        visits_for(user).filter(patient=patient)
        .prefetch_related(Prefetch("services", queryset=Service.objects.only("code", "name")), DIAGNOSES)
        .order_by("-date", "-pk")
    )


def services_for_package(
    package, stages, *, sex: str | None = None, birth_date: date | None = None, on: date | None = None
) -> list[Service]:
    """The package's services for these life stages; given the person's sex
    and birth date, also only those whose sex and age limits let them in on
    `on` (today by default)."""
    services = Service.objects.filter(active=True, category__in=package.categories).select_related("cluster")
    wanted = {str(s) for s in stages}
    offered = [s for s in services if not s.life_stages or wanted & set(s.life_stages)]
    if sex is not None and birth_date is not None:
        on = on or timezone.localdate()
        offered = [s for s in offered if allowed(s, sex=sex, birth_date=birth_date, on=on)]
    return offered


def serving_facilities(user):
    # region: a Posyandu is labelled with its desa in the picker.
    return Facility.objects.for_user(user).filter(active=True).select_related("region").order_by("type", "name")


def weight_points(patient) -> list[dict]:
    rows = (
        Measurement.objects.filter(visit__patient=patient, weight_kg__isnull=False, age_days__lte=1856)
        .order_by("visit__date").values_list("age_days", "weight_kg", "visit__date")
    )
    return [{"month": round(days / 30.4375, 2), "weight": float(w), "date": d.isoformat()} for days, w, d in rows]


def sessions_for(user):
    return PosyanduSession.objects.filter(posyandu__in=Facility.objects.for_user(user))


def under_fives_at(user, posyandu, day: date):
    """The under-fives living in the Posyandu's households on that day: whom
    its session lists, and whom a kader's home counts as expected."""
    return patients_for(user).filter(
        household__posyandu=posyandu, birth_date__gt=day - relativedelta(years=5), birth_date__lte=day)


def session_children(user, session: PosyanduSession):
    """The under-fives living in the Posyandu's households, each with the
    visit recorded for them in this session (if any), their last weight before
    today, and their immunisation status: a fixed number of queries."""
    last_weight = (
        Measurement.objects.filter(visit__patient=OuterRef("pk"), visit__date__lt=session.date,
                                   weight_kg__isnull=False)
        .order_by("-visit__date").values("weight_kg")[:1]
    )
    last_date = (
        Measurement.objects.filter(visit__patient=OuterRef("pk"), visit__date__lt=session.date,
                                   weight_kg__isnull=False)
        .order_by("-visit__date").values("visit__date")[:1]
    )
    children = (
        under_fives_at(user, session.posyandu, session.date)
        .annotate(last_weight=Subquery(last_weight), last_weight_date=Subquery(last_date))
        .prefetch_related(
            Prefetch("visits", queryset=Visit.objects.filter(session=session).select_related("measurement")
                     .prefetch_related("services"), to_attr="session_visits"),
            Prefetch("immunisation_status", queryset=ImmunisationStatus.objects.all()),
        )
        .order_by("name", "pk")
    )
    return children


def _mothers(user, posyandu, on: date | None):
    born_after, born_by = mother_birth_dates(on or timezone.localdate())
    return patients_for(user).filter(
        household__posyandu=posyandu, sex="P", birth_date__gt=born_after, birth_date__lte=born_by
    )


def posyandu_mothers(user, posyandu, *, on: date | None = None) -> list[Patient]:
    """The women of the Posyandu who can be a mother on `on` (today by
    default): a girl or a woman past childbearing age is not offered."""
    return list(_mothers(user, posyandu, on).order_by("name", "pk")[:500])


def posyandu_mother(user, posyandu, pk: int, *, on: date | None = None) -> Patient | None:
    """One mother picked from posyandu_mothers, or None if she is not one."""
    return _mothers(user, posyandu, on).filter(pk=pk).first()
