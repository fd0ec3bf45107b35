"""Benchmark of coverage aggregation (not a test): generates or reuses a demo
district with N people and a year of visits, then prints the floor (one plain
GROUP BY reading every visit once), a full rebuild, and an incremental refresh
after each of three more days of visits (their median). The last line is one
JSON object."""

import gc
import json
import random
import resource
import statistics
import time
from datetime import timedelta
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from clusters.models import Service, Visit
from clusters.services import visit_record
from demo.dashboards import time_dashboards
from demo.seeded import people_held
from facilities.models import Facility, User
from patients.models import Patient
from reports import engine
from reports.models import CoverageFact, CoverageSubject, CoverageYear


class Command(BaseCommand):
    help = "Measure coverage aggregation at a given district size (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--district", default="36.01")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reuse", action="store_true", help="keep the district if it already has N people")
        parser.add_argument("--cold", action="store_true",
                            help="delete the district's facts and state first, so the rebuild writes every row")
        parser.add_argument("--page-requests", type=int, default=20,
                            help="requests per dashboard page for its median and p95")
        parser.add_argument("--day-visits", type=int, default=0,
                            help="visits in the incremental day (default: a day's share of the year)")
        parser.add_argument("--refreshes", type=int, default=3,
                            help="days of visits, each refreshed and timed; the median is reported")

    def handle(self, *args, **opts):
        district, n = opts["district"], opts["people"]
        have = people_held(district)
        if not (opts["reuse"] and have == n):
            self.stdout.write(f"generating {n} people and a year of visits in {district}…")
            started = time.perf_counter()
            # What the engine does not read (stock, lab, wards, due lists) is not generated.
            call_command("seed_demo", district=district, people=n, seed=opts["seed"], coverage_only=True,
                         stdout=self.stdout)
            self.stdout.write(f"  generated in {time.perf_counter() - started:.1f} s")
        visits = Visit.objects.filter(patient__household__posyandu__district_id=district).count()
        years = sorted({d.year for d in Visit.objects.dates("date", "year")})
        if connection.vendor == "postgresql":
            # Measured from a vacuumed database, as autovacuum would keep
            # it (it may be off, as on our CI machines: earlier runs' dead
            # rows would then weigh on every figure), and checkpointed: the
            # server's flushing of what generating and vacuuming wrote
            # (gigabytes on a new district) would otherwise fall into the
            # timings, more or less by chance. The refresh's first writes to
            # a page after it carry the page's full image, as most refreshes
            # in production would (a checkpoint every few minutes).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                cursor.execute("CHECKPOINT")
        # The runs measured as a worker makes them: its heap frozen after its
        # first task (ilp.heap, decision 38). What generating the district
        # left would otherwise make a timed refresh now and then pay a full
        # collection of it.
        gc.collect()
        gc.freeze()
        floor = self._median(3, self._floor)
        if opts["cold"]:
            CoverageFact.objects.filter(district_id=district).delete()
            CoverageSubject.objects.filter(district_id=district).delete()
            CoverageYear.objects.filter(district_id=district).delete()
        # The rebuild's own CPU time, in and out of the kernel, and its page
        # faults: on virtual machines first-touch faults of its arrays vary
        # from run to run more than anything the code does.
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        engine.rebuild(district)  # every year, one pass
        full = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        user, system = round(after.ru_utime - before.ru_utime, 2), round(after.ru_stime - before.ru_stime, 2)
        faults = after.ru_minflt - before.ru_minflt
        # A day's saves, then the refresh that takes them in; repeated, the
        # median like the floor's (one sample moved by a third between runs
        # as the server flushed or vacuumed at that moment).
        refreshes = []
        for day in range(opts["refreshes"]):
            # The day's saves must wait for the timed refresh, not start one of their own.
            with override_settings(COVERAGE_REFRESH_AFTER_SAVE=False):
                added = self._add_day(district, opts["day_visits"] or max(1, visits // 365), opts["seed"] + day)
            started = time.perf_counter()
            result = engine.refresh()
            refreshes.append(time.perf_counter() - started)
        incremental = statistics.median(refreshes)
        self.stdout.write(f"visits: {visits:,} over years {years}")
        self.stdout.write(f"floor (one GROUP BY over all visits, median of 3): {floor:.3f} s")
        self.stdout.write(f"full rebuild ({len(years)} year(s), all indicators{', cold' if opts['cold'] else ''}): "
                          f"{full:.3f} s (this process: user {user:.2f} s, system {system:.2f} s, "
                          f"{faults:,} page faults)")
        self.stdout.write(f"incremental refresh after a day of {added} new visits ({result['people']} people), "
                          f"median of {len(refreshes)}: {incremental:.3f} s "
                          f"({', '.join(f'{t:.3f}' for t in refreshes)})")
        pages = time_dashboards(district, requests=opts["page_requests"])
        for name, figures in pages.items():
            self.stdout.write(f"dashboard {name} (server time over {opts['page_requests']} requests): "
                              f"median {figures['median_ms']} ms, p95 {figures['p95_ms']} ms, "
                              f"{figures['sent_kb']} KB sent gzip-compressed ({figures['kb']} KB plain)")
        self.stdout.write(json.dumps({
            "people": n, "visits": visits, "floor_s": round(floor, 3), "full_s": round(full, 3),
            "incremental_s": round(incremental, 3), "incremental_runs_s": [round(t, 3) for t in refreshes],
            "full_over_floor": round(full / floor, 2),
            "incremental_over_full": round(incremental / full, 4),
            "full_user_s": user, "full_system_s": system, "full_page_faults": faults,
            **{f"{name}_{k}": v for name, figures in pages.items() for k, v in figures.items()},
        }))

    @staticmethod
    def _median(times, fn):
        return statistics.median(fn() for _ in range(times))

    @staticmethod
    def _floor() -> float:
        sql = ("SELECT patients_household.posyandu_id, v.date, COUNT(*) FROM clusters_visit v "
               "JOIN patients_patient ON patients_patient.id = v.patient_id "
               "JOIN patients_household ON patients_household.id = patients_patient.household_id "
               "GROUP BY 1, 2")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()
        return time.perf_counter() - started

    def _add_day(self, district: str, count: int, seed: int) -> int:
        """One more day of weighing at the district's Posyandu, through the real service."""
        rng = random.Random(seed)
        today = timezone.localdate()
        cutoff = today - timedelta(days=1800)
        children = list(Patient.objects.filter(household__posyandu__district_id=district, birth_date__gt=cutoff,
                                               merged_into__isnull=True).select_related("household")[:count * 3])
        rng.shuffle(children)
        user = User.objects.filter(username="kader").first() or User.objects.first()
        weighing = list(Service.objects.filter(code="WEIGHING"))
        facilities = {f.pk: f for f in Facility.objects.filter(district_id=district, type="posyandu")}
        added = 0
        for child in children[:count]:
            visit_record(by=user, patient=child, facility=facilities[child.household.posyandu_id], date=today,
                         package="balita", services=weighing, setting="posyandu",
                         measurements={"weight_kg": Decimal("10.0")}, confirm_warnings=True)
            added += 1
        return added
