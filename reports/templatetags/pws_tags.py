"""A dashboard cell rendered in Python: a district table has over a thousand
of them, and an {% include %} per cell costs most of the page's time."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reports.pws.tables import NO_TARGET

register = template.Library()


def _dec(value) -> str:
    """One decimal in the reader's locale: 83,3 in Indonesian, 83.3 in English."""
    return number_format(value, 1)


def _none(reason, shown: str = "") -> str:
    """"—" for a figure that cannot be shown, with why: as a tooltip, for
    screen readers, and (`shown`) as a short visible word."""
    html = format_html('<span class="pws-none" title="{}" data-reason="{}"><span aria-hidden="true">—</span>'
                       '<span class="visually-hidden">{}</span></span>', reason, reason, reason)
    if shown:
        html += format_html(' <span class="text-muted small">{}</span>', shown)
    return html


@register.simple_tag
def pws_cell(cell):
    missing = cell.missing
    if missing and not cell.has_data:
        return _none(cell.reason)
    if cell.kind == "target":
        if missing == NO_TARGET:
            return _none(cell.reason, _("no target")) + format_html(' <span class="small num">({})</span>',
                                                                    intcomma(cell.value))
        title = f"{intcomma(cell.value)} / {intcomma(cell.target)} · {_('expected')} {_dec(cell.expected)}% · " \
                f"{cell.status_label}"
        html = format_html('<span class="pws-{}" title="{}"><span class="pws-dot" aria-hidden="true"></span>'
                           '<span class="pct">{}</span>%<span class="visually-hidden"> {}</span></span>',
                           cell.status, title, _dec(cell.percent), cell.status_label)
        if cell.change is not None:
            arrow = f"▲{_dec(cell.change)}" if cell.change > 0 else f"▼{_dec(-cell.change)}" if cell.change < 0 \
                else "="
            html += format_html(' <span class="chg small text-muted">{}</span>', arrow)
        return html
    if cell.kind == "ratio":
        if missing:
            return _none(cell.reason)
        return format_html('<span class="pct" title="{} / {}">{}</span>%', intcomma(cell.value),
                           intcomma(cell.denominator), _dec(cell.percent))
    return format_html('<span class="num">{}</span>', intcomma(cell.value))


@register.simple_tag
def pws_definition(indicator):
    """The indicator's definition one tap away: a button that opens it in a
    popover (static/js/pws.js); its label says it to screen readers, its
    title to a mouse."""
    label = _("What %(indicator)s counts") % {"indicator": indicator.short}
    return format_html('<button type="button" class="pws-def btn btn-link p-0 align-baseline" '
                       'data-bs-toggle="popover" data-bs-placement="bottom" data-bs-title="{}" '
                       'data-bs-content="{}" title="{}" aria-label="{}: {}">'
                       '<span class="pws-i" aria-hidden="true">i</span></button>',
                       indicator.short, indicator.definition, indicator.definition, label, indicator.definition)
