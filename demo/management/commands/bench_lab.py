"""The lab worklist on a seeded district: one JSON line.

    python manage.py bench_lab                       # the district as seeded (its lab year seeded if absent)
    python manage.py bench_lab --people 50000        # after seed_demo --people 50000 (seeded now if not)
"""

import json

from django.core.management.base import BaseCommand, CommandError

from demo import lab
from demo.seeded import ensure_seeded


class Command(BaseCommand):
    help = ("Time the lab worklist of the busiest Puskesmas as its analyst, and the district's turnaround "
            "selector, on a seeded district (one JSON line).")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01")
        parser.add_argument("--people", type=int, default=None,
                            help="the district seeded by seed_demo --people N; seeded now if it has another number")
        parser.add_argument("--requests", type=int, default=20, help="requests timed")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        district, n = opts["district"], opts["people"]
        ensure_seeded(district, n, seed=opts["seed"], out=self.stderr)
        try:
            figures = lab.bench(district, requests=opts["requests"], seed=opts["seed"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(figures))
