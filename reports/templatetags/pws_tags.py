"""A dashboard cell rendered in Python: a district table has over a thousand
of them, and an {% include %} per cell costs most of the page's time."""

from functools import lru_cache

from django import template
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.engine.groups import GROUPS, lists_people
from reports.indicators import BY_CODE
from reports.pws.tables import NO_TARGET, REASONS, STATUS_LABELS

register = template.Library()


@lru_cache(maxsize=8)
def _words(language: str | None) -> dict:
    """The language's separators and the cells' words, escaped once: a
    district table formats over a thousand cells."""
    return {
        "dec": get_format("DECIMAL_SEPARATOR"), "thousands": get_format("THOUSAND_SEPARATOR"),
        "expected": escape(_("expected")), "no_target": escape(_("no target")),
        # str() first: escaping a lazy label gives a lazy result, translated
        # again wherever it is formatted.
        "status": {k: escape(str(v)) for k, v in STATUS_LABELS.items()},
        "reason": {k: escape(str(v)) for k, v in REASONS.items()},
        "class": {k: f"pws-{escape(k)}" for k in STATUS_LABELS},
        "people": escape(_("Who is not yet counted")),
    }


@lru_cache(maxsize=256)
def _attribute(code: str) -> str:
    """An indicator code escaped for an attribute, once per code."""
    return escape(code)


def _dec(value, words) -> str:
    """One decimal in the reader's locale: 83,3 in Indonesian, 83.3 in English
    (values are already rounded to one decimal)."""
    return f"{value:.1f}".replace(".", words["dec"])


def _int(value, words) -> str:
    """A count with the locale's thousands separator: 1.234 in Indonesian."""
    return f"{value:,}".replace(",", words["thousands"])


def _none(reason: str, shown: str = "") -> str:
    """"—" for a figure that cannot be shown, with why: as a tooltip, for
    screen readers, and (`shown`) as a short visible word. Both escaped."""
    html = (f'<span class="pws-none" title="{reason}" data-reason="{reason}"><span aria-hidden="true">—</span>'
            f'<span class="visually-hidden">{reason}</span></span>')
    if shown:
        html += f' <span class="text-muted small">{shown}</span>'
    return html


def cell_html(cell, words) -> str:
    missing = cell.missing
    reason = words["reason"].get(missing, "")
    if missing and not cell.has_data:
        return _none(reason)
    if cell.kind == "target":
        if missing == NO_TARGET:
            return _none(reason, words["no_target"]) + f' <span class="small num">({_int(cell.value, words)})</span>'
        label = words["status"].get(cell.status, "")
        title = f"{_int(cell.value, words)} / {_int(cell.target, words)} · {words['expected']} " \
                f"{_dec(cell.expected, words)}% · {label}"
        css = words["class"].get(cell.status) or f"pws-{escape(cell.status)}"
        html = (f'<span class="{css}" title="{title}"><span class="pws-dot" aria-hidden="true">'
                f'</span><span class="pct">{_dec(cell.percent, words)}</span>%<span class="visually-hidden"> {label}'
                f'</span></span>')
        if cell.change is not None:
            arrow = f"▲{_dec(cell.change, words)}" if cell.change > 0 else f"▼{_dec(-cell.change, words)}" \
                if cell.change < 0 else "="
            html += f' <span class="chg small text-muted">{arrow}</span>'
        return html
    if cell.kind == "ratio":
        if missing:
            return _none(reason)
        return f'<span class="pct" title="{_int(cell.value, words)} / {_int(cell.denominator, words)}">' \
               f'{_dec(cell.percent, words)}</span>%'
    return f'<span class="num">{_int(cell.value, words)}</span>'


@register.simple_tag
def pws_cell(cell):
    return mark_safe(cell_html(cell, _words(get_language())))


@register.simple_tag
def pws_cells(row, base=None, period=None):
    """A row's cells as <td>s: one tag per row, not one per cell. With the
    row's area URL (`base`) and the period, a cell whose indicator counts
    people links to who is not yet counted there (no query: the URL is the
    area's, as the header's indicator links are)."""
    words = _words(get_language())
    query = f"?tahun={int(period.year)}&amp;bulan={int(period.month)}" if period else ""
    people = f"{escape(base)}orang/" if base else None
    return mark_safe("".join(
        f'<td class="text-end" data-indicator="{_attribute(code)}">'
        + (f'<a class="pws-people link-body-emphasis" href="{people}{_attribute(code)}/{query}" '
           f'title="{words["people"]}">{cell_html(cell, words)}</a>' if people and code in GROUPS
           else cell_html(cell, words))
        + "</td>" for code, cell in row.cells.items()))


@register.filter
def pws_breakable(label) -> str:
    """A label that may wrap after each slash: the phone's narrow area
    column otherwise breaks "Desa/kelurahan" inside a word."""
    return mark_safe(escape(label).replace("/", "/<wbr>"))


@register.filter
def pws_lists_people(indicator) -> bool:
    """Whether a cell of the indicator links to the people not yet counted."""
    return lists_people(indicator)


@register.simple_tag
def pws_definition(indicator):
    """The indicator's definition one tap away: a button that opens it in a
    popover (static/js/pws.js); its label says it to screen readers, its
    title to a mouse."""
    return _definition_button(indicator.code, get_language())


@lru_cache(maxsize=512)
def _definition_button(code: str, language: str | None) -> str:
    # Once per indicator and language: every table's header shows them all.
    indicator = BY_CODE[code]
    label = _("What %(indicator)s counts") % {"indicator": indicator.short}
    return format_html('<button type="button" class="pws-def btn btn-link p-0 align-baseline" '
                       'data-bs-toggle="popover" data-bs-placement="bottom" data-bs-title="{}" '
                       'data-bs-content="{}" title="{}" aria-label="{}: {}">'
                       '<span class="pws-i" aria-hidden="true">i</span></button>',
                       indicator.short, indicator.definition, indicator.definition, label, indicator.definition)
