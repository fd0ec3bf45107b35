"""Target sheets as the import tests write them."""

import io

from django.utils import translation
from openpyxl import Workbook

from reports.targets.importing import import_targets

HEADER = "kode_wilayah,kode_fasilitas,tahun,sasaran,jumlah\n"


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(lines) + "\n").encode("utf-8")


def run_import(data: bytes, user, filename="sasaran.csv", dry_run=False):
    with translation.override("en"):
        return import_targets(data=data, filename=filename, user=user, dry_run=dry_run)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = csv_bytes(
    "36.01.01.2001,,2026,ibu_hamil,120",
    "36.01.01.2002,,2026,Ibu hamil,80",
    "36.01.01,,2026,Balita,1500",
    ",P36.01A,2026,bayi baru lahir,95",
    ",PY36.01a,2026,Under-fives,40",
)
