import time

from django.core.management.base import BaseCommand, CommandError

from facilities.region_import import (
    DEFAULT_POPULATION_CSV,
    DEFAULT_REGIONS_CSV,
    RegionFileError,
    import_regions,
)


class Command(BaseCommand):
    help = (
        "Load Indonesia's regions (Kepmendagri 2025, data: cahyadsn/wilayah, MIT) and "
        "kabupaten/kota population. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(DEFAULT_REGIONS_CSV))
        parser.add_argument("--population", default=str(DEFAULT_POPULATION_CSV))
        parser.add_argument("--no-population", action="store_true")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        try:
            result = import_regions(opts["csv"], None if opts["no_population"] else opts["population"])
        except (OSError, RegionFileError) as exc:
            raise CommandError(str(exc)) from exc
        levels = result.counts_by_level()
        self.stdout.write(
            f"regions: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged; population rows set: {result.population_updated}\n"
            f"provinsi {levels[1]}, kabupaten/kota {levels[2]}, kecamatan {levels[3]}, "
            f"desa/kelurahan {levels[4]} in {time.perf_counter() - started:.1f} s"
        )
