"""The lab worklist and the Klaster 1 management page on a seeded
district: one JSON line.

    python manage.py bench_klaster1                       # the district as seeded
    python manage.py bench_klaster1 --people 1000000      # after seed_demo --people 1000000 (seeded now if not)
"""

import json

from django.core.management.base import BaseCommand, CommandError

from demo import klaster1_bench
from demo.seeded import ensure_seeded


class Command(BaseCommand):
    help = ("Time the lab worklist of the busiest lab and the Klaster 1 management page as Dinkes and as a "
            "Puskesmas rawat inap, on a seeded district (one JSON line).")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01")
        parser.add_argument("--people", type=int, default=None,
                            help="the district seeded by seed_demo --people N; seeded now if it has another number")
        parser.add_argument("--requests", type=int, default=20, help="requests timed per page")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        district, n = opts["district"], opts["people"]
        ensure_seeded(district, n, seed=opts["seed"], out=self.stderr)
        try:
            figures = klaster1_bench.bench(district, requests=opts["requests"], seed=opts["seed"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(figures))
