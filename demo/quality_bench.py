"""Benchmark of the review page for `bench_quality`: the items a district of
generated people would hold (set-based, PostgreSQL), then the server time of
the page as a Kepala Puskesmas of its largest Puskesmas, in-process through
the full middleware stack. Not production code."""

import statistics
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from clusters.models import Visit
from facilities.models import Facility, FacilityType, Role, User
from patients.models import Patient
from quality.areas import district_area, puskesmas_area
from quality.selectors import Month, counts, open_visit_badge

# Shares of rows made into items by seed_items: about what a district sees.
LATE_SHARE = 0.02  # visits entered 31–90 days after their date
CONFIRMED_SHARE = 0.01  # visits with a confirmed unusual value
FLAGGED_SHARE = 0.005  # under-five measurements with a z-score past WHO's flags
RECOMPUTED_SHARE = 0.005  # under-five visits re-derived after a correction
DUPLICATE_SHARE = 0.002  # people registered twice in their household
NEWCOMER_SHARE = 0.05  # people registered after the census, over 15 months
REVIEWED_SHARE = 0.5  # items of months before last already checked

_DISTRICT_PEOPLE = """SELECT p.id FROM patients_patient p JOIN patients_household h ON h.id = p.household_id
    JOIN facilities_facility f ON f.id = h.posyandu_id WHERE f.district_id = %(district)s"""


def seed_items(district: str, *, by: User, seed: int = 1) -> None:
    """Make a realistic share of the district's rows into review items, in a
    few statements: visits entered on their day (some weeks late), people
    registered over two years, confirmed values, flagged z-scores,
    recomputations, duplicates, and reviews of the older items."""
    if connection.vendor != "postgresql":
        raise RuntimeError("seed_items writes with PostgreSQL's SQL; run it on PostgreSQL")
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    cutoff = timezone.make_aware(datetime.combine(last_month, datetime.min.time()))
    params = {"district": district, "tz": settings.TIME_ZONE, "late": LATE_SHARE, "confirmed": CONFIRMED_SHARE,
              "flagged": FLAGGED_SHARE, "recomputed": RECOMPUTED_SHARE, "duplicate": DUPLICATE_SHARE,
              "newcomers": NEWCOMER_SHARE, "reviewed": REVIEWED_SHARE, "by": by.pk, "cutoff": cutoff,
              "seed": (seed % 1000) / 1000}
    statements = [
        "SELECT setseed(%(seed)s)",
        f"""UPDATE clusters_visit v SET
            created_at = LEAST(now(), ((v.date + time '08:00') + random() * interval '8 hours'
                + CASE WHEN random() < %(late)s THEN (31 + floor(random() * 60)) * interval '1 day'
                  ELSE interval '0' END) AT TIME ZONE %(tz)s),
            confirmed = CASE WHEN random() >= %(confirmed)s THEN '[]'::jsonb
                WHEN v.package IN ('balita', 'school') THEN '["weight_kg"]'::jsonb
                ELSE '["systolic"]'::jsonb END
            WHERE v.patient_id IN ({_DISTRICT_PEOPLE})""",
        # People came in with a census of the district's households over three
        # months when the system started (15 months ago), then newborns within a
        # week of birth and a trickle of newcomers every month since.
        f"""UPDATE patients_patient p SET created_at = LEAST(now(), CASE
                WHEN p.birth_date > (now() - interval '15 months')::date
                    THEN (p.birth_date + (1 + floor(random() * 7))::int + time '10:00') AT TIME ZONE %(tz)s
                WHEN random() < %(newcomers)s THEN now() - random() * interval '15 months'
                ELSE now() - interval '15 months' - random() * interval '3 months' END)
            WHERE p.id IN ({_DISTRICT_PEOPLE})""",
        f"""UPDATE clusters_measurement m SET flagged_z = 'whz', whz = NULL, weight_for_height_class = ''
            WHERE m.whz IS NOT NULL AND random() < %(flagged)s
              AND m.visit_id IN (SELECT v.id FROM clusters_visit v WHERE v.patient_id IN ({_DISTRICT_PEOPLE}))""",
        f"""INSERT INTO clusters_recomputation (visit_id, patient_id, cause, fields, at, by_id)
            SELECT v.id, v.patient_id, 'birth_date', '["age_days", "waz", "haz", "growth_code"]'::jsonb,
                   LEAST(now(), v.created_at + random() * interval '60 days'), NULL
            FROM clusters_visit v JOIN clusters_measurement m ON m.visit_id = v.id
            WHERE m.age_days < 1826 AND random() < %(recomputed)s AND v.patient_id IN ({_DISTRICT_PEOPLE})""",
        f"""INSERT INTO patients_patient (nik_encrypted, nik_masked, name, sex, birth_date, bpjs_number, phone,
                created_at, updated_at, household_id, mother_id)
            SELECT '', '', upper(p.name), p.sex, p.birth_date, '', '', c.at, c.at, p.household_id, p.mother_id
            FROM patients_patient p
            CROSS JOIN LATERAL (SELECT GREATEST(p.created_at, now() - random() * interval '365 days') AS at) c
            WHERE random() < %(duplicate)s AND p.id IN ({_DISTRICT_PEOPLE})""",
        # Reviews of older items: the open lists hold the recent months mostly.
        """INSERT INTO quality_review (kind, object_id, by_id, at, note)
            SELECT 'confirmed', v.id, %(by)s, now(), '' FROM clusters_visit v
            WHERE v.confirmed <> '[]'::jsonb AND v.created_at < %(cutoff)s AND random() < %(reviewed)s""",
        """INSERT INTO quality_review (kind, object_id, by_id, at, note)
            SELECT 'recomputed', r.id, %(by)s, now(), '' FROM clusters_recomputation r
            WHERE r.at < %(cutoff)s AND random() < %(reviewed)s""",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql, params)
    if connection.in_atomic_block:
        return  # a test's transaction: no VACUUM there
    with connection.cursor() as cursor:
        for table in ("clusters_visit", "clusters_measurement", "clusters_recomputation", "patients_patient",
                      "quality_review"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_user(username: str, role: str, **scope) -> User:
    user, _created = User.objects.update_or_create(username=username, defaults=scope)
    user.groups.set([Group.objects.get(name=role)])
    return user


def largest_puskesmas(district: str) -> Facility:
    row = (Patient.objects.filter(household__posyandu__district_id=district)
           .values("household__posyandu__puskesmas_id").annotate(n=Count("pk")).order_by("-n").first())
    if row is None:
        raise RuntimeError(f"no people in {district}")
    return Facility.objects.get(pk=row["household__posyandu__puskesmas_id"], type=FacilityType.PUSKESMAS)


def time_page(user: User, url: str, *, requests: int) -> dict:
    """Median and p95 of `requests` requests after a warm-up, and the
    queries of one request."""
    client = Client()
    client.force_login(user)
    with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        executed = []
        with connection.execute_wrapper(lambda execute, sql, *args: executed.append(sql) or execute(sql, *args)):
            client.get(url)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(_percentile(times, 0.95), 1),
            "queries": len(executed)}


def run(district: str, *, month: Month | None = None, requests: int = 20, seed: int | None = None) -> dict:
    """One line of figures: the review of the largest Puskesmas as its head,
    the district's as Dinkes, and the open count a PWS page reads."""
    pkm = largest_puskesmas(district)
    kapus = bench_user("bench-kapus", Role.KEPALA_PUSKESMAS, scope_facility=pkm, scope_district=None)
    dinkes = bench_user("bench-dinkes-quality", Role.STAF_DINKES, scope_facility=None, scope_district_id=district)
    if seed is not None:
        seed_items(district, by=kapus, seed=seed)
    if month is None:
        last = timezone.localdate().replace(day=1) - timedelta(days=1)
        month = Month(last.year, last.month)
    query = f"?tahun={month.year}&bulan={month.month}"
    pkm_area, district_review = puskesmas_area(pkm.pk), district_area(district)
    page = time_page(kapus, pkm_area.url() + query, requests=requests)
    whole = time_page(dinkes, district_review.url() + query, requests=requests)
    started = time.perf_counter()
    district_open = open_visit_badge(dinkes, district_review, year=month.year, month=month.month).open
    count_ms = (time.perf_counter() - started) * 1000
    return {
        "people": Patient.objects.filter(household__posyandu__district_id=district).count(),
        "visits": Visit.objects.filter(patient__household__posyandu__district_id=district).count(),
        "puskesmas_people": Patient.objects.filter(household__posyandu__puskesmas=pkm).count(),
        "month": f"{month.year}-{month.month:02d}",
        "open_items": sum(counts(kapus, pkm_area, month).values()),
        "requests": requests, **page,
        "district_open_visit_items": district_open, "district_median_ms": whole["median_ms"],
        "district_p95_ms": whole["p95_ms"], "district_queries": whole["queries"],
        "pws_district_count_ms": round(count_ms, 1),
    }


def month_arg(text: str) -> Month:
    day = date.fromisoformat(f"{text}-01")
    return Month(day.year, day.month)
