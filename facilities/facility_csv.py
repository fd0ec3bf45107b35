"""CSV import and export of the facility network.

The import is all-or-nothing and set-based: every row is checked in memory
against the model's rules (a handful of queries for the whole file), every
rejected row is reported with its line and reasons, and only a file without
errors is written, in bulk, level by level (Puskesmas, then Pustu, then
Posyandu, so parents exist before their children)."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Catchment, Facility, FacilityType, Region, RegionLevel, region_level_of
from .scope import can_manage_district, user_sees_everything
from .services import announcing_moves, follow_pustu

COLUMNS = ["code", "name", "type", "inpatient", "parent_code", "region_code", "sub_area", "active", "catchment"]
REQUIRED_COLUMNS = {"code", "name", "type", "region_code"}
TYPE_ORDER = [FacilityType.PUSKESMAS, FacilityType.PUSTU, FacilityType.POSYANDU]
UPDATABLE_FIELDS = ["type", "inpatient", "name", "parent", "region", "sub_area", "active", "puskesmas", "district"]
TRUE_WORDS = {"1", "ya", "y", "yes", "true", "benar"}
FALSE_WORDS = {"0", "tidak", "t", "no", "n", "false", "salah", ""}
MAX_ROWS = 50_000


@dataclass
class RowError:
    line: int
    code: str
    messages: list[str]


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    catchment_set: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.errors


@dataclass
class _Row:
    line: int
    code: str
    name: str
    type: str
    inpatient: bool
    parent_code: str
    region_code: str
    sub_area: str
    active: bool
    catchment: list[str] | None
    messages: list[str] = field(default_factory=list)


def _parse_bool(value: str, default: bool, messages: list[str], label: str) -> bool:
    word = (value or "").strip().lower()
    if word == "":
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    messages.append(_("Column %(col)s must be 'yes' or 'no', not '%(val)s'.") % {"col": label, "val": value})
    return default


def _parse_rows(text: str, report: ImportReport) -> list[_Row]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    missing = REQUIRED_COLUMNS - header
    if missing:
        report.errors.append(
            RowError(1, "", [_("Required columns missing: %(cols)s.") % {"cols": ", ".join(sorted(missing))}])
        )
        return []
    rows, seen = [], {}
    for line, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            report.errors.append(RowError(line, "", [_("File too large: at most %(n)s rows.") % {"n": MAX_ROWS}]))
            break
        raw = {(k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else "" for k, v in raw.items()}
        if not any(raw.values()):
            continue
        messages: list[str] = []
        code = raw.get("code", "")
        type_word = raw.get("type", "").lower()
        if not code:
            messages.append(_("Code is required."))
        elif len(code) > 20:
            messages.append(_("Code is at most 20 characters."))
        elif code in seen:
            messages.append(_("Code %(code)s is already used on line %(line)s.") % {"code": code, "line": seen[code]})
        else:
            seen[code] = line
        name = raw.get("name", "")
        if not name:
            messages.append(_("Name is required."))
        elif len(name) > 120:
            messages.append(_("Name is at most 120 characters."))
        if type_word not in FacilityType.values:
            messages.append(
                _("Type must be puskesmas, pustu or posyandu, not '%(val)s'.") % {"val": raw.get("type", "")}
            )
        catchment_text = raw.get("catchment", "")
        rows.append(
            _Row(
                line=line,
                code=code,
                name=name,
                type=type_word,
                inpatient=_parse_bool(raw.get("inpatient", ""), False, messages, "inpatient"),
                parent_code=raw.get("parent_code", ""),
                region_code=raw.get("region_code", ""),
                sub_area=raw.get("sub_area", "")[:120],
                active=_parse_bool(raw.get("active", ""), True, messages, "active"),
                catchment=catchment_text.replace(";", " ").replace(",", " ").split() if catchment_text else None,
                messages=messages,
            )
        )
    return rows


def import_facilities(*, text: str, user=None, dry_run: bool = True) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    rows = _parse_rows(text, report)
    report.rows = len(rows)
    if not rows:
        if not report.errors:
            report.errors.append(RowError(1, "", [_("The file has no data rows.")]))
        return report

    codes = {r.code for r in rows} | {r.parent_code for r in rows if r.parent_code}
    existing = {f.code: f for f in Facility.objects.filter(code__in=codes)}
    # An existing facility (or parent) may only be touched by a user who can
    # see it: a district admin cannot pull another district's Posyandu over.
    if user is not None and not user_sees_everything(user):
        in_scope = set(Facility.objects.for_user(user).filter(code__in=codes).values_list("code", flat=True))
        outside = {code for code in existing if code not in in_scope}
    else:
        outside = set()
    region_codes = {r.region_code for r in rows} | {c for r in rows for c in (r.catchment or [])}
    regions = set(Region.objects.filter(code__in=region_codes).values_list("code", flat=True))
    catchment_codes = {c for r in rows for c in (r.catchment or [])}
    catchment_owner = dict(
        Catchment.objects.filter(desa_id__in=catchment_codes).values_list("desa_id", "puskesmas__code")
    )

    # Every row's object exists before any is checked, so a parent later in
    # the file is found and a wrong parent type is named as such.
    original = {code: _snapshot(f) for code, f in existing.items()}  # before the rows change them
    in_file: dict[str, Facility] = {}
    for row in rows:
        if row.code and row.code not in in_file:
            obj = existing.get(row.code) or Facility(code=row.code)
            obj.type = row.type
            obj.region_id = row.region_code
            in_file[row.code] = obj
    by_code: dict[str, Facility] = {}
    ok_codes: set[str] = set()
    rejected: set[str] = set()
    claimed_desa: dict[str, str] = {}
    type_rank = {t: i for i, t in enumerate(TYPE_ORDER)}
    for row in sorted(rows, key=lambda r: (type_rank.get(r.type, 9), r.line)):
        messages = row.messages
        if row.region_code and row.region_code not in regions:
            messages.append(_("Region %(code)s is unknown.") % {"code": row.region_code})
        elif row.region_code and not can_manage_district(user, row.region_code):
            messages.append(_("Region %(code)s is outside your work area.") % {"code": row.region_code})
        if row.code in outside:
            messages.append(_("Facility %(code)s is outside your work area.") % {"code": row.code})
        if row.parent_code in outside:
            messages.append(_("Facility %(code)s is outside your work area.") % {"code": row.parent_code})
        parent = None
        if row.parent_code:
            parent = in_file.get(row.parent_code) or existing.get(row.parent_code)
            if parent is None:
                messages.append(_("Parent facility %(code)s not found.") % {"code": row.parent_code})
            elif row.parent_code in in_file and row.parent_code in rejected:
                messages.append(_("Parent facility %(code)s was itself rejected.") % {"code": row.parent_code})
        if messages:
            report.errors.append(RowError(row.line, row.code, messages))
            rejected.add(row.code)
            continue

        facility = in_file[row.code]
        facility.type = row.type
        facility.inpatient = row.inpatient
        facility.name = row.name
        facility.parent = parent
        facility.region_id = row.region_code
        facility.sub_area = row.sub_area
        facility.active = row.active
        try:
            facility.clean()
        except ValidationError as exc:
            messages.extend(m for msgs in exc.message_dict.values() for m in msgs)
        if row.catchment is not None:
            if row.type != FacilityType.PUSKESMAS:
                messages.append(_("Only a Puskesmas has a catchment (column catchment)."))
            for desa in row.catchment:
                if desa not in regions or region_level_of(desa) != RegionLevel.DESA:
                    messages.append(_("Catchment %(code)s is not a known desa/kelurahan.") % {"code": desa})
                elif desa[:5] != row.region_code[:5]:
                    messages.append(_("Desa %(code)s lies in another district.") % {"code": desa})
                elif desa in claimed_desa:
                    messages.append(
                        _("Desa %(code)s is already in the catchment of %(other)s in this file.")
                        % {"code": desa, "other": claimed_desa[desa]}
                    )
                elif catchment_owner.get(desa, row.code) != row.code and not _released(desa, catchment_owner, rows):
                    messages.append(
                        _("Desa %(code)s is already in the catchment of Puskesmas %(other)s.")
                        % {"code": desa, "other": catchment_owner[desa]}
                    )
                else:
                    claimed_desa[desa] = row.code
        if messages:
            report.errors.append(RowError(row.line, row.code, messages))
            rejected.add(row.code)
            continue
        by_code[row.code] = facility
        ok_codes.add(row.code)

    report.errors.sort(key=lambda e: e.line)
    for code, facility in by_code.items():
        if not facility.pk:
            report.created += 1
        elif original[code] != _snapshot(facility):
            report.updated += 1
        else:
            report.unchanged += 1
    report.catchment_set = sum(1 for r in rows if r.catchment is not None and r.code in ok_codes)
    if report.errors or dry_run:
        return report
    _write(by_code, original, rows)
    return report


def _released(desa: str, owner: dict[str, str], rows: list[_Row]) -> bool:
    """A desa held by another Puskesmas may move if that Puskesmas's row in this
    file lists a catchment without it."""
    other = owner[desa]
    return any(r.code == other and r.catchment is not None and desa not in r.catchment for r in rows)


def _snapshot(f: Facility) -> tuple:
    return (f.type, f.inpatient, f.name, f.parent_id, f.region_id, f.sub_area, f.active)


@transaction.atomic
def _write(by_code: dict[str, Facility], original: dict[str, tuple], rows: list[_Row]) -> None:
    districts = {f.region_id[:5] for f in by_code.values() if f.region_id}
    districts |= {o[4][:5] for o in original.values() if o[4]}
    with announcing_moves(districts):
        _write_rows(by_code, original, rows)


def _write_rows(by_code: dict[str, Facility], original: dict[str, tuple], rows: list[_Row]) -> None:
    for facility_type in TYPE_ORDER:
        level = [f for f in by_code.values() if f.type == facility_type]
        for f in level:
            if f.parent is not None:
                f.parent_id = f.parent.pk  # the parent may have been created just now
            f.derive_network_fields()
        new = [f for f in level if not f.pk]
        changed = [f for f in level if f.pk and original[f.code] != _snapshot(f)]
        Facility.objects.bulk_create(new, batch_size=1000)
        if facility_type == FacilityType.PUSKESMAS:
            for f in new:
                f.puskesmas_id = f.pk
            changed += new
        if changed:
            Facility.objects.bulk_update(changed, UPDATABLE_FIELDS, batch_size=500)
        if facility_type == FacilityType.PUSTU:
            follow_pustu([f.pk for f in changed])
    catchment_rows = [r for r in rows if r.catchment is not None and r.code in by_code]
    if catchment_rows:
        owners = [by_code[r.code].pk for r in catchment_rows]
        desa = [d for r in catchment_rows for d in r.catchment]
        Catchment.objects.filter(puskesmas_id__in=owners).delete()
        Catchment.objects.filter(desa_id__in=desa).delete()
        Catchment.objects.bulk_create(
            [Catchment(desa_id=d, puskesmas_id=by_code[r.code].pk) for r in catchment_rows for d in r.catchment]
        )


def export_facilities(queryset) -> str:
    """CSV of the given (already scoped) facilities, in the import's format."""
    facilities = list(queryset.select_related("parent").order_by("type", "code"))
    catchments: dict[int, list[str]] = {}
    for desa, owner in Catchment.objects.filter(
        puskesmas__in=[f.pk for f in facilities if f.type == FacilityType.PUSKESMAS]
    ).values_list("desa_id", "puskesmas_id"):
        catchments.setdefault(owner, []).append(desa)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    for f in sorted(facilities, key=lambda f: (order[f.type], f.code)):
        writer.writerow(
            [
                f.code,
                f.name,
                f.type,
                "ya" if f.inpatient else "tidak",
                f.parent.code if f.parent else "",
                f.region_id,
                f.sub_area,
                "ya" if f.active else "tidak",
                " ".join(sorted(catchments.get(f.pk, []))) if f.type == FacilityType.PUSKESMAS else "",
            ]
        )
    return out.getvalue()
