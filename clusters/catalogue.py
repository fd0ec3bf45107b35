"""Loading the service catalogue from clusters/data/services.csv. Used by a
data migration (so every database starts with it) and re-runnable by admins:
existing services keep their id and are updated by code."""

import csv
from pathlib import Path

CATALOGUE_CSV = Path(__file__).resolve().parent / "data" / "services.csv"

CLUSTERS = [
    ("K1", "Klaster 1 Manajemen", 1),
    ("K2", "Klaster 2 Ibu dan Anak", 2),
    ("K3", "Klaster 3 Usia Dewasa dan Lansia", 3),
    ("K4", "Klaster 4 Penanggulangan Penyakit Menular", 4),
    ("LK", "Lintas Klaster", 5),
]


def read_catalogue(path: Path = CATALOGUE_CSV) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["life_stages"] = row.pop("stages").split()
        row["facility_types"] = row["facility_types"].split()
        for key in ("dose", "min_age_months", "max_age_months"):
            row[key] = int(row[key]) if row.get(key) else None
        row["sex"] = row.get("sex") or ""
    return rows


def load_catalogue(cluster_model, service_model, path: Path = CATALOGUE_CSV) -> int:
    clusters = {}
    for code, name, order in CLUSTERS:
        clusters[code], _ = cluster_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    # Migrations pass historical models, which may predate some columns (0002
    # runs before 0006 adds the sex and age limits): set only what they have.
    has = {f.name for f in service_model._meta.get_fields()}
    rows = read_catalogue(path)
    for row in rows:
        code, cluster = row.pop("code"), clusters[row.pop("cluster")]
        defaults = {k: v for k, v in row.items() if k in has}
        service_model.objects.update_or_create(code=code, defaults={**defaults, "cluster": cluster})
    return len(rows)
