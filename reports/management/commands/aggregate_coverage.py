import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from facilities.models import Region, RegionLevel
from reports import engine


class Command(BaseCommand):
    help = "Refresh coverage facts from the change log, or rebuild a district-year with --full."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="Kemendagri code of a kabupaten/kota (required with --full; "
                                               "without it, a refresh covers every district)")
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--full", action="store_true", help="recompute every fact of the district and year")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        if opts["full"]:
            district = opts["district"]
            if not district or not Region.objects.filter(code=district, level=RegionLevel.KABKOTA).exists():
                raise CommandError("--full needs --district with a kabupaten/kota code, e.g. 36.01")

            def progress(done, total):
                self.stdout.write(f"  {done}/{total} steps", ending="\r")

            try:
                written = engine.rebuild(district, opts["year"], progress=progress)
            except engine.DistrictBusy as exc:
                raise CommandError(f"district {exc} is being aggregated by another run") from exc
            self.stdout.write(f"\nrebuilt {district} {opts['year']}: {written} facts in "
                              f"{time.perf_counter() - started:.2f} s")
        else:
            result = engine.refresh(opts["district"])
            self.stdout.write(f"refreshed {result['cells']} district-years, {result['people']} people: "
                              f"{result['facts']} facts in "
                              f"{time.perf_counter() - started:.2f} s; busy: {result['busy'] or '-'}")
