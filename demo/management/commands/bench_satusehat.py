"""The SATUSEHAT outbox on a seeded district: one JSON line.

    python manage.py bench_satusehat --saves 200            # what queuing adds to a visit save
    python manage.py bench_satusehat --visits 10000         # and the sending rate (PostgreSQL)
"""

import json

from django.core.management.base import BaseCommand, CommandError

from demo import satusehat_bench


class Command(BaseCommand):
    help = ("Time what queuing for SATUSEHAT adds to a visit save and, with --visits, how fast two workers send "
            "queued visits to the loopback test server (one JSON line).")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01")
        parser.add_argument("--saves", type=int, default=200, help="visit saves timed with the integration on and off")
        parser.add_argument("--visits", type=int, default=0, help="visits queued and sent (0: skip the sending rate)")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, **opts):
        try:
            out = {"queue_overhead": satusehat_bench.queue_overhead(opts["district"], saves=opts["saves"])}
            if opts["visits"]:
                out["send_rate"] = satusehat_bench.send_rate(opts["district"], visits=opts["visits"],
                                                             workers=opts["workers"])
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(out))
