"""Import of targets from a CSV or XLSX sheet (`import_targets`).

Columns: `kode_wilayah` (a region code) or `kode_fasilitas` (a facility code),
`tahun`, `sasaran` (a target group code or its name, English or Indonesian)
and `jumlah`; other columns (e.g. `nama`) are ignored. Reading the file is
`sheets.read_sheet`; here each row is checked and the file applied.

Like the facility import, it is all-or-nothing and set-based: every row is
checked in memory against a handful of queries for the whole file, every
rejected row is reported with its line and reasons, and only a file without
errors is written (source "import", one row per area, year and group: a second
import updates, it does not duplicate)."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from facilities.models import Facility, Region
from facilities.scope import can_manage_district

from ..models import Target, TargetGroup, TargetSource
from .sheets import FACILITY_COLUMN, REGION_COLUMN, SheetError, read_sheet

MIN_YEAR = 2000
MAX_NUMBER = 300_000_000  # more than the whole country

# Names in use in Dinkes spreadsheets, besides the code ("ibu_hamil" or
# "ibu hamil") and the translated label.
INDONESIAN_NAMES: dict[str, tuple[str, ...]] = {
    TargetGroup.IBU_HAMIL: ("bumil",),
    TargetGroup.IBU_BERSALIN: ("bulin", "ibu bersalin/nifas"),
    TargetGroup.BAYI_BARU_LAHIR: ("bbl", "neonatal"),
    TargetGroup.BAYI: ("bayi 0-11 bulan", "surviving infant"),
    TargetGroup.BADUTA: ("anak baduta", "bawah dua tahun"),
    TargetGroup.BALITA: ("anak balita", "bawah lima tahun"),
    TargetGroup.USIA_PENDIDIKAN_DASAR: ("anak usia pendidikan dasar", "usia sekolah"),
    TargetGroup.USIA_PRODUKTIF: ("usia 15-59 tahun",),
    TargetGroup.LANSIA: ("usia lanjut", "lanjut usia"),
    TargetGroup.PENDERITA_HIPERTENSI: ("hipertensi",),
    TargetGroup.PENDERITA_DM: ("penderita diabetes melitus", "penderita diabetes mellitus", "diabetes melitus", "dm"),
    TargetGroup.ODGJ_BERAT: ("orang dengan gangguan jiwa berat", "odgj"),
    TargetGroup.TERDUGA_TBC: ("terduga tb", "terduga tuberkulosis"),
    TargetGroup.BERISIKO_HIV: ("orang berisiko hiv", "orang berisiko terinfeksi hiv"),
    TargetGroup.REMAJA_PUTRI: ("rematri",),
}


@dataclass
class RowError:
    line: int
    area: str
    messages: list[str]


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    problem: str = ""  # the file could not be read: no row was looked at

    @property
    def ok(self) -> bool:
        return not self.errors and not self.problem

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run


@dataclass
class _Row:
    line: int
    kind: str  # "region" | "facility" | ""
    code: str
    year: int | None
    group: str | None
    number: int | None
    messages: list[str]

    @property
    def area(self) -> str:
        return self.code


def _normal_name(text: str) -> str:
    return " ".join(re.sub(r"[_–—]", " ", text or "").lower().replace(" - ", "-").split())


def group_lookup() -> dict[str, str]:
    """Every accepted spelling of a target group (normalised) → its code. The
    codes come first, so that no label (say a translation of "Newborns" as
    "Bayi") can take another group's code."""
    table = {_normal_name(value): value for value in TargetGroup.values}
    for value, label in TargetGroup.choices:
        names = [str(label), *INDONESIAN_NAMES.get(value, ())]
        for language in ("id", "en"):
            with translation.override(language):
                names.append(str(label))
        for name in names:
            table.setdefault(_normal_name(name), value)
    return table


def _parse_year(text: str, messages: list[str]) -> int | None:
    max_year = date.today().year + 5
    if re.fullmatch(r"\d{4}", text or "") and MIN_YEAR <= int(text) <= max_year:
        return int(text)
    if not text:
        messages.append(_("Year (tahun) is required."))
    else:
        messages.append(
            _("Year must be a year from %(min)s to %(max)s, not '%(val)s'.")
            % {"min": MIN_YEAR, "max": max_year, "val": text}
        )
    return None


def _parse_number(text: str, messages: list[str]) -> int | None:
    if not text:
        messages.append(_("Number (jumlah) is required."))
    elif re.fullmatch(r"-\s*\d+([.,]\d+)?", text):
        messages.append(_("Number must not be negative: '%(val)s'.") % {"val": text})
    elif not re.fullmatch(r"\d+", text):
        messages.append(
            _("Number must be a whole number of people, without separators, not '%(val)s'.") % {"val": text}
        )
    elif int(text) > MAX_NUMBER:
        messages.append(_("Number %(val)s is too large.") % {"val": text})
    else:
        return int(text)
    return None


def _region_code(text: str) -> str:
    # A code typed into a number cell loses its trailing zero: 36.1 is 36.10.
    return text + "0" if re.fullmatch(r"\d{2}\.\d", text) else text


def _parse(table, report: ImportReport) -> list[_Row]:
    groups = group_lookup()
    rows: list[_Row] = []
    seen: dict[tuple, int] = {}
    for line, raw in table:
        messages: list[str] = []
        region_code = _region_code(raw.get(REGION_COLUMN, ""))
        facility_code = raw.get(FACILITY_COLUMN, "")
        kind, code = "", ""
        if region_code and facility_code:
            messages.append(_("Fill in either kode_wilayah or kode_fasilitas, not both."))
            code = region_code
        elif region_code:
            kind, code = "region", region_code
        elif facility_code:
            kind, code = "facility", facility_code
        else:
            messages.append(_("Fill in kode_wilayah (region) or kode_fasilitas (facility)."))
        year = _parse_year(raw.get("tahun", ""), messages)
        group_text = raw.get("sasaran", "")
        group = groups.get(_normal_name(group_text))
        if group is None:
            if group_text:
                messages.append(_("Unknown target group '%(val)s'.") % {"val": group_text})
            else:
                messages.append(_("Target group (sasaran) is required."))
        number = _parse_number(raw.get("jumlah", ""), messages)
        if kind and year is not None and group is not None:
            key = (kind, code, year, group)
            if key in seen:
                messages.append(
                    _("The same area, year and target group is already on line %(line)s.") % {"line": seen[key]}
                )
            else:
                seen[key] = line
        rows.append(_Row(line, kind, code, year, group, number, messages))
    report.rows = len(rows)
    return rows


def import_targets(*, data: bytes, filename: str, user=None, dry_run: bool = True) -> ImportReport:
    """Check a sheet of targets and, unless `dry_run` or any row is rejected,
    write it (source "import"). `user` limits the areas: a district user
    imports for regions and facilities of their district only."""
    report = ImportReport(dry_run=dry_run)
    try:
        table = read_sheet(data, filename)
    except SheetError as exc:
        report.problem = str(exc)
        return report
    rows = _parse(table, report)

    region_codes = {r.code for r in rows if r.kind == "region"}
    facility_codes = {r.code for r in rows if r.kind == "facility"}
    known_regions = set(Region.objects.filter(code__in=region_codes).values_list("code", flat=True))
    facilities = dict(Facility.objects.filter(code__in=facility_codes).values_list("code", "pk"))
    if user is None:
        visible = set(facilities)
    else:
        visible = set(Facility.objects.for_user(user).filter(code__in=facility_codes).values_list("code", flat=True))
    for row in rows:
        if row.kind == "region":
            if row.code not in known_regions:
                row.messages.append(_("Region %(code)s is unknown.") % {"code": row.code})
            elif not can_manage_district(user, row.code):
                row.messages.append(_("Region %(code)s is outside your work area.") % {"code": row.code})
        elif row.kind == "facility":
            if row.code not in facilities:
                row.messages.append(_("Facility %(code)s is unknown.") % {"code": row.code})
            elif row.code not in visible:
                row.messages.append(_("Facility %(code)s is outside your work area.") % {"code": row.code})
        if row.messages:
            report.errors.append(RowError(row.line, row.area, row.messages))
    if report.errors:
        return report

    existing: dict[tuple, Target] = {}
    area_q = Q(region__in=region_codes) | Q(facility__in=list(facilities.values()))
    years = {r.year for r in rows}
    groups = {r.group for r in rows}
    for target in Target.objects.filter(area_q, year__in=years, group__in=groups):
        key = ("region", target.region_id) if target.region_id else ("facility", target.facility_id)
        existing[(*key, target.year, target.group)] = target
    now = timezone.now()
    new, changed = [], []
    for row in rows:
        area_id = row.code if row.kind == "region" else facilities[row.code]
        target = existing.get((row.kind, area_id, row.year, row.group))
        if target is None:
            new.append(
                Target(
                    region_id=area_id if row.kind == "region" else None,
                    facility_id=area_id if row.kind == "facility" else None,
                    year=row.year,
                    group=row.group,
                    number=row.number,
                    source=TargetSource.IMPORT,
                    updated_by=user,
                    updated_at=now,
                )
            )
        elif target.number != row.number or target.source != TargetSource.IMPORT:
            target.number, target.source, target.updated_by, target.updated_at = (
                row.number,
                TargetSource.IMPORT,
                user,
                now,
            )
            changed.append(target)
        else:
            report.unchanged += 1
    report.created, report.updated = len(new), len(changed)
    if dry_run:
        return report
    districts = sorted(
        {c[:5] for c in region_codes if "." in c}
        | set(Facility.objects.filter(pk__in=facilities.values()).values_list("district", flat=True))
    )
    try:
        with transaction.atomic():
            # The same lock as compute_targets: one writer per district at a time.
            list(Region.objects.select_for_update().filter(code__in=districts).values_list("code", flat=True))
            Target.objects.bulk_create(new, batch_size=1000)
            Target.objects.bulk_update(changed, ["number", "source", "updated_by", "updated_at"], batch_size=500)
    except IntegrityError:
        report.problem = _("Targets were changed by someone else at the same time: upload the file again.")
        report.created = report.updated = report.unchanged = 0
    return report
