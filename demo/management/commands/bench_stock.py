"""Stock on a seeded district: one JSON line.

    python manage.py bench_stock                       # the district as seeded (its stock seeded if absent)
    python manage.py bench_stock --people 50000        # after seed_demo/bench_aggregation --people 50000
    python manage.py bench_stock --saves 200 --requests 20
"""

import json

from django.core.management.base import BaseCommand, CommandError

from demo import stock_bench
from demo.seeded import ensure_seeded


class Command(BaseCommand):
    help = ("Time what dispensing adds to a visit save and the stock pages, on a seeded district whose stock is "
            "seeded from its visits if absent (one JSON line).")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01")
        parser.add_argument("--people", type=int, default=None,
                            help="the district seeded by seed_demo/bench_aggregation --people N; seeded now "
                                 "(seed_demo --people N) if it has another number of people")
        parser.add_argument("--saves", type=int, default=200, help="visit saves timed at each Puskesmas")
        parser.add_argument("--requests", type=int, default=20, help="requests per page")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        district, n = opts["district"], opts["people"]
        ensure_seeded(district, n, seed=opts["seed"], out=self.stderr)
        try:
            figures = stock_bench.run(district, saves=opts["saves"], requests=opts["requests"], seed=opts["seed"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(figures))
