"""Labels for stored codes: `{% load ilp_labels %}`.

    {{ m.bmi_class|class_label:"bmi_class" }}   obesitas I (not obese_1)
    {{ m.growth_code|growth_label }}             N: naik
    {{ visit.package|package_label }}            Pemeriksaan ibu hamil (ANC)
    {{ m.anaemia|yes_no }}                       Ya / Tidak
    {{ value|field_value:"weight_kg" }}          any visit or measurement field as a person reads it
    {% measurement_rows m as rows %}             every stored value of a measurement, labelled
    {% findings m as found %}                    names of its true findings (hypertension, KEK…)

The labels themselves are data in clusters/labels.py."""

from dataclasses import dataclass

from django import template

from clusters import labels as L
from clusters.models import Service, Setting
from clusters.numbers import measure, zscore
from clusters.packages import BY_CODE

register = template.Library()


@register.filter
def class_label(value, field=None):
    """A class code's label; with the field it is stored in when codes clash."""
    if value in (None, ""):
        return ""
    labels = L.CLASS_LABELS_BY_FIELD.get(field, L.CLASS_LABELS)
    return labels.get(value, L.CLASS_LABELS.get(value, value))


@register.filter
def growth_label(code):
    return L.GROWTH_CODES.get(code, code) if code else ""


@register.filter
def package_label(code):
    package = BY_CODE.get(code)
    return package.label if package else code


@register.filter
def setting_label(code):
    return dict(Setting.choices).get(code, code)


@register.filter
def yes_no(value):
    return L.YES_NO.get(value, "") if isinstance(value, bool) else ""


@register.filter
def list_labels(codes, field):
    """A stored list of codes (TB symptoms, SKILAS findings) as words."""
    if not codes:
        return ""
    labels = L.LIST_LABELS.get(field, {})
    return ", ".join(str(labels.get(code, code)) for code in codes)


@register.filter
def service_names(codes, said=""):
    """Service codes (e.g. an immunisation status's due list) as the
    catalogue's names, in the given order; without the leading word `said`
    where the line already says it ("Imunisasi: BCG, Polio 1", not
    "Imunisasi: Imunisasi BCG, Imunisasi Polio 1")."""
    codes = list(codes or [])
    names = dict(Service.objects.filter(code__in=codes).values_list("code", "name"))
    prefix = f"{said} " if said else ""
    return ", ".join(names.get(code, code).removeprefix(prefix) for code in codes)


@register.filter
def field_value(value, field):
    """Any measurement or visit field's value as a person reads it: localised
    numbers (the unit goes with the label: labels.field_label), labels for
    codes, words for booleans."""
    if value is None or value == "" or value == []:
        return ""
    if field in L.LIST_LABELS:
        return list_labels(value, field)
    if isinstance(value, bool):
        return L.BOOLEAN_WORDS.get(field, L.YES_NO)[value]
    if field in L.CLASS_LABELS_BY_FIELD:
        return class_label(value, field)
    if field == "growth_code":
        return growth_label(value)
    if field == "flagged_z":
        return ", ".join(L.Z_SHORT.get(code, code) for code in value.split(","))
    if field == "setting":
        return setting_label(value)
    if field == "date":
        return value.strftime("%d-%m-%Y")
    if field in L.Z_SCORES:
        return zscore(value)
    if isinstance(value, int | float) or hasattr(value, "quantize"):
        return measure(value)  # the unit is in the field's label
    return str(value)


@dataclass
class Row:
    field: str
    label: str
    value: object
    unit: str = ""
    kind: str = "number"  # number, z, bool, finding, words, list, class, growth, text
    class_field: str = ""
    class_value: str = ""


def _kind(field, value) -> str:
    if field == "flagged_z":
        return "text"
    if field in L.Z_SCORES:
        return "z"
    if field in L.LIST_LABELS:
        return "list"
    if field in L.BOOLEAN_WORDS:
        return "words"
    if field in L.FINDINGS:
        return "finding"
    if isinstance(value, bool):
        return "bool"
    if field in L.CLASS_LABELS_BY_FIELD:
        return "class"
    if field == "growth_code":
        return "growth"
    return "number"


def _rows(m, table) -> list[Row]:
    rows = []
    for field, (label, unit, *rest) in table.items():
        value = getattr(m, field)
        if value is None or value == "" or value == []:
            continue
        class_field = rest[0] if rest else ""
        rows.append(Row(field, str(label), value, str(unit), _kind(field, value), class_field,
                        getattr(m, class_field) if class_field else ""))
    return rows


@register.simple_tag
def findings(m):
    """The names of the findings of a Measurement that are true, for a summary."""
    return [label for field, label in L.FINDINGS.items() if getattr(m, field, None) is True]


@register.simple_tag
def measurement_rows(m):
    """(measured rows, derived rows) of a Measurement: every stored value that
    is not empty, in reading order."""
    if m is None:
        return [], []
    return _rows(m, L.MEASURED), _rows(m, L.DERIVED)

