import json
import time

from django.core.management.base import BaseCommand

from followup.upkeep import rebuild


class Command(BaseCommand):
    help = "Compute every person's due items again (after seeding, or when the rules changed)."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="Kemendagri code of one district; all by default.")

    def handle(self, *args, district=None, **options):
        started = time.perf_counter()
        rows = rebuild(district=district)
        self.stdout.write(json.dumps({"due_items": rows, "seconds": round(time.perf_counter() - started, 1)}))
