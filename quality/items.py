"""Each listed row as a reviewer reads it: the person, what to look at in
words (labels, never stored codes; numbers and dates as the language writes
them), and the links to the records."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clusters import labels as L
from clusters.anthropometry import completed_months
from clusters.models import RecomputeCause
from clusters.packages import BY_CODE as PACKAGES
from clusters.templatetags.ilp_labels import field_value

from .models import ItemKind

# Derived fields clusters.labels names only beside another (or not at all).
EXTRA_LABELS = {
    "age_days": gettext_lazy("Age at the visit"),
    "weight_for_age_class": gettext_lazy("Weight-for-age status (BB/U)"),
    "height_for_age_class": gettext_lazy("Length/height-for-age status (TB/U)"),
    "weight_for_height_class": gettext_lazy("Weight-for-length/height status (BB/TB)"),
    "bmi_class": gettext_lazy("BMI class"),
}
CAUSES = dict(RecomputeCause.choices)


def field_label(name: str) -> str:
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    label = L.field_label(name)
    return _("another value") if label == name else label


def z_labels(flagged: str) -> str:
    return ", ".join(str(L.DERIVED[z][0]) for z in flagged.split(",") if z in L.DERIVED)


def day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def age(birth_date, on) -> str:
    months = completed_months(birth_date, on)
    if months < 24:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": formats.number_format(months)}
    years = months // 12
    return ngettext("%(n)s year", "%(n)s years", years) % {"n": formats.number_format(years)}


@dataclass
class Item:
    kind: str
    object_id: int
    person: str
    person_url: str
    summary: str  # one line under the name: the visit, or the birth date
    lines: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)
    review: object = None  # the Review of a checked item


def _visit_summary(visit) -> str:
    package = PACKAGES.get(visit.package)
    label = str(package.label) if package else _("Visit")
    return _("%(package)s on %(day)s") % {"package": label, "day": day(visit.date)}


def _visit_item(kind: str, visit, lines) -> Item:
    return Item(kind, visit.pk, visit.patient.name, reverse("patients:detail", args=[visit.patient_id]),
                _visit_summary(visit), lines, [(_("Open the visit"), reverse("clusters:visit", args=[visit.pk]))])


def _measured(visit, name: str) -> str:
    measurement = getattr(visit, "measurement", None)
    value = getattr(measurement, name, None) if measurement is not None else None
    return field_value(value, name) if value is not None else ""


def confirmed(visit) -> Item:
    lines = [(field_label(name), _measured(visit, name) or _("confirmed")) for name in visit.confirmed]
    return _visit_item(ItemKind.CONFIRMED, visit, lines)


def flagged(visit) -> Item:
    m = visit.measurement
    lines = [(_("Beyond the plausible range"), z_labels(m.flagged_z))]
    lines += [(field_label(n), _measured(visit, n)) for n in ("weight_kg", "length_cm") if _measured(visit, n)]
    lines.append((field_label("age_days"), age(visit.patient.birth_date, visit.date)))
    return _visit_item(ItemKind.FLAGGED_Z, visit, lines)


def late(visit) -> Item:
    entered = timezone.localtime(visit.created_at).date()
    days = (entered - visit.date).days
    who = visit.entered_by.get_full_name() or visit.entered_by.username
    return _visit_item(ItemKind.LATE, visit, [
        (_("Entered on"), day(entered)),
        (_("Days after the visit"), formats.number_format(days)),
        (_("Entered by"), who),
    ])


def recomputed(row) -> Item:
    visit = row.visit
    who = (row.by.get_full_name() or row.by.username) if row.by_id else _("the system")
    lines = [
        (_("Why"), str(CAUSES.get(row.cause, _("a correction")))),
        (_("Values that changed"), ", ".join(dict.fromkeys(field_label(f) for f in row.fields))),
        (_("Recomputed on"), day(row.at)),
        (_("By"), who),
    ]
    return Item(ItemKind.RECOMPUTED, row.pk, row.patient.name, reverse("patients:detail", args=[row.patient_id]),
                _visit_summary(visit), lines,
                [(_("Open the visit"), reverse("clusters:visit", args=[visit.pk]))])


def duplicate(person, partner, *, may_merge: bool) -> Item:
    lines = [(_("Birth date"), day(person.birth_date))]
    links = [(_("Open record %(n)s") % {"n": person.pk}, reverse("patients:detail", args=[person.pk]))]
    if partner is not None:
        same = _("same mother") if person.mother_id and person.mother_id == partner.mother_id else \
            _("same household (KK)")
        lines += [(_("Like record %(n)s") % {"n": partner.pk}, partner.name), (_("Why"), same)]
        links.append((_("Open record %(n)s") % {"n": partner.pk}, reverse("patients:detail", args=[partner.pk])))
        if may_merge:
            links.append((_("Compare and merge"),
                          reverse("patients:merge", args=[partner.pk]) + f"?duplicate={person.pk}"))
    return Item(ItemKind.DUPLICATE, person.pk, person.name, reverse("patients:detail", args=[person.pk]),
                _("Registered on %(day)s") % {"day": day(person.created_at)}, lines, links)


def sections(listing, *, may_merge: bool) -> list[dict]:
    """Each listed kind with its name, what it means, its count and cards."""
    labels = dict(ItemKind.choices)
    return [{"kind": s.kind, "label": labels[s.kind], "about": explanation(s.kind), "total": s.total,
             "more": s.more, "items": items_of(s, may_merge=may_merge)} for s in listing.sections]


def items_of(section, *, may_merge: bool) -> list[Item]:
    shown = []
    for row in section.rows:
        if section.kind == ItemKind.DUPLICATE:
            item = duplicate(row, section.partners.get(row.partner_id), may_merge=may_merge)
        elif section.kind == ItemKind.RECOMPUTED:
            item = recomputed(row)
        else:
            item = {ItemKind.CONFIRMED: confirmed, ItemKind.FLAGGED_Z: flagged, ItemKind.LATE: late}[
                section.kind](row)
        item.review = section.reviews.get(row.pk)
        shown.append(item)
    return shown


def explanation(kind: str) -> str:
    """What a kind lists and why it matters, said above its items."""
    from .selectors import LATE_ENTRY_DAYS

    return {
        ItemKind.CONFIRMED: _("A value outside the usual range was saved with \"Sudah benar, tetap simpan\". Check "
                              "that it was measured and typed right."),
        ItemKind.FLAGGED_Z: _("A child's z-score lies beyond what WHO considers possible, so it was not stored and "
                              "the child is not counted in the nutrition figures. Usually a wrong weight, length or "
                              "birth date."),
        ItemKind.DUPLICATE: _("Two records with the same name (ignoring case, spaces and dots) and birth date, and "
                              "the same mother or the same household. Merge them if they are one person."),
        ItemKind.LATE: ngettext(
            "Entered more than %(days)s day after the visit date: the month's figures changed after its review.",
            "Entered more than %(days)s days after the visit date: the month's figures changed after its review.",
            LATE_ENTRY_DAYS) % {"days": LATE_ENTRY_DAYS},
        ItemKind.RECOMPUTED: _("A correction elsewhere (birth date, sex, an earlier weighing, a removed visit, a "
                               "merge) changed the age, z-scores or growth code stored for this visit."),
    }[kind]
