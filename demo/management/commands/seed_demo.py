import argparse
import json
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from demo.home_visits import seed_home_visits
from demo.igd import build_igd, delete_igd
from demo.inpatient import build_inpatient, delete_inpatient
from demo.lab import build_lab, delete_lab
from demo.network import DEMO_PASSWORD, DemoError, build_network
from demo.people import build_people
from demo.replace import delete_people
from demo.stock import build_stock
from demo.visits import build_visits
from facilities.models import Facility, FacilityType, Region, User
from followup.upkeep import rebuild as rebuild_due
from reports import engine
from reports.models import Target, TargetSource
from reports.targets import TargetError, compute_targets

DEFAULT_PEOPLE = 20000


class Command(BaseCommand):
    help = ("Build the demo district: facility network on real regions, one user per role, its people, "
            "a year of their visits, the drug and vaccine stock they drew, and the coverage facts.")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01", help="Kemendagri code of a kabupaten/kota")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--people", type=int, default=None,
            help=f"Number of demo people spread over the district, replacing its people and visits (0: none, and "
                 f"delete them; default {DEFAULT_PEOPLE}, with the demo logins' Puskesmas at real density)",
        )
        parser.add_argument(
            "--login-area", action=argparse.BooleanOptionalAction, default=None,
            help="the Puskesmas of the demo logins at real density, about 60-90 balita per Posyandu, the people "
                 "spread over the other Puskesmas (default: on unless --people is given)",
        )
        parser.add_argument("--no-visits", action="store_true", help="people only, no visits")
        parser.add_argument("--coverage-only", action="store_true",
                            help="people, visits, targets and coverage facts only: no stock, lab, IGD, ward, due "
                                 "items or home visits (for benchmarks of the coverage engine)")
        parser.add_argument("--today", type=date.fromisoformat, default=None,
                            help="reference date, YYYY-MM-DD: the year of visits ends there (default: today)")

    def handle(self, *args, **opts):
        if opts["people"] is not None and opts["people"] < 0:
            raise CommandError("--people must be 0 or more.")
        login_area = opts["login_area"] if opts["login_area"] is not None else opts["people"] is None
        if opts["people"] is None:
            opts["people"] = DEFAULT_PEOPLE
        district, seed = opts["district"], opts["seed"]
        today = opts["today"] or timezone.localdate()
        started = time.perf_counter()
        try:
            net = build_network(district, seed)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{net.district.name}: {net.puskesmas} Puskesmas, {net.pustu} Pustu, "
                          f"{net.posyandu} Posyandu in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with transaction.atomic():
            delete_lab(district)  # its requests name the people and visits about to go
            delete_inpatient(district)  # so do its admissions
            delete_igd(district)  # so do its IGD arrivals
            replaced = delete_people(district)
        took = time.perf_counter() - started
        self.stdout.write(f"replaced {replaced} people of the district in {took:.1f} s")
        self.stdout.write(json.dumps({"replaced_people": replaced, "replace_s": round(took, 3)}))
        started = time.perf_counter()
        try:
            people = build_people(district, opts["people"], seed, today=today, login_area=login_area)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{people.people} people in {people.households} households ({people.pregnant} pregnant, "
            f"{people.newborns_without_nik} newborns without NIK) in {time.perf_counter() - started:.1f} s"
        )
        if area := people.login_area:
            self.stdout.write(f"  of whom {area.people} at real density in {area.puskesmas}: {area.posyandu} "
                              f"Posyandu, {area.balita} balita, {area.pregnant} pregnant")
        with_visits = bool(people.people) and not opts["no_visits"]
        if with_visits:
            started = time.perf_counter()
            visits = build_visits(district, seed, today=today)
            self.stdout.write(f"{visits.visits} visits with {visits.measurements} measurements in "
                              f"{time.perf_counter() - started:.1f} s")
            _analyze()
        if with_visits and not opts["coverage_only"]:
            started = time.perf_counter()
            stock = build_stock(district, seed, today=today)
            self.stdout.write(f"{stock.summary()} in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            lab = build_lab(district, seed, today=today)
            self.stdout.write(f"{lab.summary()} in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            # before the ward: its admitted arrivals become admissions
            igd = build_igd(district, seed, today=today)
            self.stdout.write(f"{igd.summary()} in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            inpatient = build_inpatient(district, seed, today=today)
            self.stdout.write(f"{inpatient.summary()} in {time.perf_counter() - started:.1f} s")
        if with_visits:
            years = sorted({today.year - 1, today.year})
            # The demo's own scaled figures go first: computed afresh they are
            # written in one go, instead of updated row by row.
            Target.objects.filter(region__code__startswith=district + ".", year__in=years,
                                  source=TargetSource.FORMULA).delete()
            for year in years:
                try:
                    compute_targets(district_code=district, year=year)
                except TargetError as exc:  # no population figure: the demo goes on without targets
                    self.stdout.write(f"targets {year}: {exc}")
            self._scale_targets(district, years, people.people)
            started = time.perf_counter()
            facts = engine.rebuild(district)  # every year with visits, in one pass
            self.stdout.write(f"{facts} coverage facts in {time.perf_counter() - started:.1f} s")
        _analyze()
        self._place_kader()
        if not opts["coverage_only"]:
            started = time.perf_counter()
            due = rebuild_due(district=district, today=today)
            home_visits = seed_home_visits(today=today, seed=seed)
            self.stdout.write(f"{due} due items and {home_visits} home visits in "
                              f"{time.perf_counter() - started:.1f} s")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in User.objects.filter(username__in=[u for u, _, _ in net.users]).select_related(
                "scope_facility", "scope_district"):
            scope = user.scope_facility or user.scope_district.name
            self.stdout.write(f"  {user.username:<10} {user.role:<18} {scope}")

    @staticmethod
    def _scale_targets(district: str, years: list[int], people: int):
        """The demo registers N people, not the district's real population:
        scale the computed targets to N so that coverage reads like a real one.
        The targets are shared over the desa by the people registered there,
        so each desa's target is then its own people's (the demo logins'
        Puskesmas at real density, the rest sparse)."""
        population = Region.objects.filter(code=district).values_list("population_total", flat=True).first()
        if not population or people >= population:
            return
        targets = Target.objects.filter(region__code__startswith=district + ".", year__in=years,
                                        source=TargetSource.FORMULA).values_list("pk", "number")
        # In Python: number × people overflows a 32-bit integer in SQL.
        scaled = [((number * people + population // 2) // population, pk) for pk, number in targets]
        with connection.cursor() as cursor:  # one statement (bulk_update builds a CASE per row)
            cursor.executemany(f"UPDATE {connection.ops.quote_name(Target._meta.db_table)} SET number = %s "
                               f"WHERE id = %s", scaled)

    @staticmethod
    def _place_kader():
        """Put the demo kader at the busiest Posyandu under the demo Pustu, so
        the Posyandu session has children to weigh."""
        kader = User.objects.filter(username="kader").select_related("scope_facility").first()
        if kader is None or kader.scope_facility is None:
            return
        busiest = (
            Facility.objects.filter(parent_id=kader.scope_facility.parent_id, type=FacilityType.POSYANDU)
            .annotate(n=Count("households")).order_by("-n", "code").first()
        )
        if busiest and busiest.pk != kader.scope_facility_id:
            User.objects.filter(pk=kader.pk).update(scope_facility=busiest)


def _analyze():
    """Fresh planner statistics after a bulk load (PostgreSQL). With none the
    planner takes the just-filled tables for empty and picks plans for empty
    tables, for the aggregation and the coverage page, until autovacuum
    comes by."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
