import json
import time

from django.core.management.base import BaseCommand

from demo.due_bench import time_lists, time_upkeep
from followup.upkeep import rebuild


class Command(BaseCommand):
    help = ("Time the due lists (largest Posyandu, desa and Puskesmas) and the due upkeep on a visit save, on an "
            "already generated district (bench_aggregation); prints JSON.")

    def add_arguments(self, parser):
        parser.add_argument("--district", default="36.01")
        parser.add_argument("--rebuild", action="store_true", help="compute the district's due table first")
        parser.add_argument("--requests", type=int, default=20)
        parser.add_argument("--saves", type=int, default=40)

    def handle(self, *args, district, rebuild: bool, requests: int, saves: int, **options):
        out = {}
        if rebuild:
            started = time.perf_counter()
            out["due_items"] = rebuild_district(district)
            out["rebuild_s"] = round(time.perf_counter() - started, 1)
        out["lists"] = time_lists(district, requests=requests)
        out["upkeep"] = time_upkeep(district, saves=saves)
        self.stdout.write(json.dumps(out))


def rebuild_district(district: str) -> int:
    return rebuild(district=district)
