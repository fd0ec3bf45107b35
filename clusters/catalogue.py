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
        row["dose"] = int(row["dose"]) if row["dose"] else None
    return rows


def load_catalogue(cluster_model, service_model, path: Path = CATALOGUE_CSV) -> int:
    clusters = {}
    for code, name, order in CLUSTERS:
        clusters[code], _ = cluster_model.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    rows = read_catalogue(path)
    for row in rows:
        cluster = clusters[row.pop("cluster")]
        service_model.objects.update_or_create(code=row.pop("code"), defaults={**row, "cluster": cluster})
    return len(rows)
