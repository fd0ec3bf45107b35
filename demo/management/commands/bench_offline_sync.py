"""Server time of offline sync at a Posyandu of 300 under-fives: one JSON line.

    python manage.py bench_offline_sync                 # makes the Posyandu the first time, then reuses it
    python manage.py bench_offline_sync --runs 5 --rows 100 --requests 20
"""

import json

from django.core.management.base import BaseCommand, CommandError

from demo import sync_bench


class Command(BaseCommand):
    help = ("Time a kader's roster download (300 children) and an outbox of 100 rows through the API, on the "
            "configured database (one JSON line).")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01", help="where to put the bench Posyandu the first time")
        parser.add_argument("--children", type=int, default=300, help="under-fives at the Posyandu")
        parser.add_argument("--rows", type=int, default=100, help="rows per outbox")
        parser.add_argument("--runs", type=int, default=5, help="outboxes timed, each with fresh keys")
        parser.add_argument("--requests", type=int, default=20, help="roster downloads timed")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts):
        try:
            figures = sync_bench.run(district=opts["district"], children=opts["children"], rows=opts["rows"],
                                     runs=opts["runs"], requests=opts["requests"], seed=opts["seed"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(figures))
