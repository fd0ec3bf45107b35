"""Server time of the data-quality review at a generated size: one JSON line.

    python manage.py bench_quality --seed-items 1   # once, after seed_demo: add the items
    python manage.py bench_quality --requests 20     # time the page again on the same data
"""

import json

from django.core.management.base import BaseCommand, CommandError

from demo import quality_bench as bench


class Command(BaseCommand):
    help = "Time the data-quality review page as a Kepala Puskesmas of the largest Puskesmas (one JSON line)."

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01", help="Kemendagri code of the kabupaten/kota")
        parser.add_argument("--month", type=bench.month_arg, help="YYYY-MM; default: last month")
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument("--seed-items", type=int, metavar="SEED",
                            help="first make a realistic share of the district's rows into items (PostgreSQL)")

    def handle(self, *args, **opts):
        try:
            figures = bench.run(opts["district"], month=opts["month"], requests=opts["requests"],
                                seed=opts["seed_items"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(figures))
