"""Loading Kemendagri regions and population from the shipped CSV files.

Set-based: the existing table is read once into memory (about 92k short rows),
the file is compared against it, and only new or changed rows are written in
bulk. Running it twice therefore writes nothing the second time."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import Region, region_level_of, region_parent_code

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_REGIONS_CSV = DATA_DIR / "wilayah_kepmendagri_2025.csv"
DEFAULT_POPULATION_CSV = DATA_DIR / "penduduk_kabkota_2025.csv"
POPULATION_YEAR = 2025


class RegionFileError(ValueError):
    pass


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    population_updated: int = 0

    def counts_by_level(self):
        return {level: Region.objects.filter(level=level).count() for level in (1, 2, 3, 4)}


def _read_regions(path: Path) -> dict[str, str]:
    rows: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"kode", "nama"} <= set(reader.fieldnames):
            raise RegionFileError(f"{path}: expected columns kode,nama")
        for line_no, row in enumerate(reader, start=2):
            code = (row["kode"] or "").strip()
            name = (row["nama"] or "").strip()
            if not code or not name or region_level_of(code) > 4:
                raise RegionFileError(f"{path}:{line_no}: invalid row {row!r}")
            rows[code] = name
    for code in rows:
        parent = region_parent_code(code)
        if parent and parent not in rows:
            raise RegionFileError(f"{path}: {code} has no parent {parent} in the file")
    return rows


def _read_population(path: Path) -> dict[str, tuple[int, int, int]]:
    result = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            code = row["kode"].strip()
            if code == "0":  # the national total has no region row
                continue
            result[code] = (int(row["pria"]), int(row["wanita"]), int(row["total"]))
    return result


@transaction.atomic
def import_regions(
    regions_csv: Path = DEFAULT_REGIONS_CSV,
    population_csv: Path | None = DEFAULT_POPULATION_CSV,
    batch_size: int = 5000,
) -> ImportResult:
    wanted = _read_regions(Path(regions_csv))
    population = _read_population(Path(population_csv)) if population_csv else {}
    existing = {
        code: (name, pm, pf, pt)
        for code, name, pm, pf, pt in Region.objects.values_list(
            "code", "name", "population_male", "population_female", "population_total"
        )
    }
    result = ImportResult()
    to_create, to_update = [], []
    # Codes sort parents before children, so FK targets exist in insert order.
    for code in sorted(wanted, key=lambda c: (region_level_of(c), c)):
        name = wanted[code]
        pop = population.get(code)
        region = Region(
            code=code,
            name=name,
            level=region_level_of(code),
            parent_id=region_parent_code(code),
        )
        if pop:
            region.population_male, region.population_female, region.population_total = pop
            region.population_year = POPULATION_YEAR
        if code not in existing:
            to_create.append(region)
            continue
        old_name, *old_pop = existing[code]
        name_changed = old_name != name
        pop_changed = bool(pop) and tuple(old_pop) != pop
        if name_changed or pop_changed:
            to_update.append(region)
            result.population_updated += int(pop_changed)
        else:
            result.unchanged += 1
    Region.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        Region.objects.bulk_update(
            to_update,
            ["name", "population_male", "population_female", "population_total", "population_year"],
            batch_size=1000,
        )
    result.created = len(to_create)
    result.updated = len(to_update)
    result.population_updated += sum(1 for r in to_create if r.population_total)
    return result
